"""Fees paid once, and known for certain: requests, the gateways' notices, cash at the desk, reconciliation, refunds.

- A dossier that waits for its fee (lifecycle: awaiting_payment, result_awaiting_payment) gets one payment request
  per fee stage, made when the person (or the desk) first asks for it; asking again returns the same one.
- Every change of a payment goes through `_move`, under the payment's row lock, checked against `states.MOVES` and
  written with its cause (`payment_events`). Concurrent notices of one payment (100 identical IPNs) make one change.
- Paid: the receipt gets its number and the dossier moves on (`dossiers.transitions.system_move`, which also writes
  the outbox row that tells the person).
- Reconciliation: VNPay payments unanswered for 15 minutes are asked about (`querydr`); unanswered after 90 minutes
  they expire, and a success reported later still counts.
"""

from __future__ import annotations

import csv
import io
import logging
from datetime import date, datetime, time, timedelta
from collections.abc import Mapping
from typing import Any
from uuid import UUID

import asyncpg
import msgspec

from backend import clock
from backend.accounts import audit
from backend.accounts.audit import Origin
from backend.accounts.guards import Principal, deny_unless
from backend.accounts.schemas import Role
from backend.catalog.fees import FeeLine
from backend.documents import service as documents
from backend.dossiers import service as dossiers
from backend.dossiers import transitions
from backend.dossiers.lifecycle import Action, State
from backend.errors import FieldText, Problem
from backend.i18n import Lang, Text
from backend.ids import new_id
from backend.notifications import outbox
from backend.payments import queries
from backend.payments.schemas import (
    AgencyDay, CashDay, CashInput, CashLine, ChannelTotal, DailyReport, OfficerCash, Payment, RefundInput, RefundView,
    Transfer, VietQr, VnpayStart,
)
from backend.payments.states import NOT_PAID, PaymentState, may_move
from backend.payments import vietqr
from backend.payments.clients import GatewayUnavailable
from backend.payments.clients.bank_transfer import BadSignature as BankBadSignature
from backend.payments.clients.bank_transfer import dossier_code_in
from backend.payments.clients.vnpay import BadAnswer, BadSignature, QueryFailed, VnpayResult, ipn_reply
from backend.payments.gateways import Gateways
from backend.payments.receipt_pdf import ReceiptData, ReceiptItem
from backend.payments.receipt_pdf import render as render_receipt
from backend.processing.service import load_for_staff, visible
from backend.settings import Settings

log = logging.getLogger("backend.payments")

# How long VNPay may take to tell us; after that we ask it (querydr), and after EXPIRE_AFTER we give up waiting.
ASK_GATEWAY_AFTER_S = 15 * 60
EXPIRE_AFTER = timedelta(minutes=90)

STAGE_OF: dict[State, str] = {State.AWAITING_PAYMENT: "submission", State.RESULT_AWAITING_PAYMENT: "result"}

STATE_WORDS: dict[PaymentState, Text] = {
    PaymentState.PENDING: Text("Chờ thanh toán", "Waiting for payment"),
    PaymentState.PAID: Text("Đã thanh toán", "Paid"),
    PaymentState.FAILED: Text("Thanh toán không thành công — hãy thử lại", "The payment did not go through — try again"),
    PaymentState.EXPIRED: Text("Hết thời gian chờ — hãy thanh toán lại", "The payment timed out — pay again"),
    PaymentState.CANCELLED: Text("Bạn đã hủy thanh toán", "You cancelled the payment"),
    PaymentState.REFUNDED: Text("Đã hoàn tiền", "Refunded"),
}


def _nothing_owed() -> Problem:
    return Problem(
        409, "nothing_owed", Text("Không có khoản phải nộp", "Nothing to pay"),
        Text("Hồ sơ này hiện không chờ nộp phí, lệ phí.", "This dossier is not waiting for a fee now."),
    )


def _already_paid() -> Problem:
    return Problem(
        409, "already_paid", Text("Đã thanh toán", "Already paid"),
        Text("Khoản phí, lệ phí này đã được thanh toán.", "This fee has already been paid."),
    )


def reference_for(dossier_code: str, stage: str) -> str:
    """What the money carries: the dossier code (with KQ for a fee due at the result), which people recognise."""
    return dossier_code if stage == "submission" else f"{dossier_code}-KQ"


# --- reading -------------------------------------------------------------------------------------------------

def view(row: asyncpg.Record, lang: Lang, refund: asyncpg.Record | None = None) -> Payment:
    state = PaymentState(row["state"])
    return Payment(
        id=row["id"], dossier_id=row["dossier_id"], stage=row["stage"], state=state, state_text=STATE_WORDS[state][lang],
        amount=row["amount"], items=msgspec.convert(row["items"], list[FeeLine]), reference=row["reference"],
        channel=row["channel"], paid_at=row["paid_at"], receipt_number=row["receipt_number"],
        refund=refund["state"] if refund else None,
    )


async def payments_of(db: asyncpg.Pool, settings: Settings, user: Principal, dossier_id: UUID, lang: Lang) -> list[Payment]:
    dossier = await dossiers.load_own(db, user, dossier_id)
    return [
        with_vietqr(view(row, lang, await queries.refund_of(db, row["id"])), settings, dossier["code"])
        for row in await queries.payments_of_dossier(db, dossier_id)
    ]


# --- requests ------------------------------------------------------------------------------------------------

async def open_request(conn: asyncpg.Connection, dossier: asyncpg.Record) -> asyncpg.Record:
    """The payment the dossier waits for (made the first time; the same one after). 409 when it waits for none."""
    stage = STAGE_OF.get(State(dossier["state"]))
    quote = dossier["fee_quote"] or {}
    if stage is None or not quote.get("total"):
        raise _nothing_owed()
    return await queries.insert_payment(conn, {
        "id": new_id(), "dossier_id": dossier["id"], "stage": stage, "reference": reference_for(dossier["code"], stage),
        "amount": quote["total"], "items": quote["lines"],
    })


async def request(db: asyncpg.Pool, settings: Settings, user: Principal, dossier_id: UUID, lang: Lang) -> Payment:
    async with db.acquire() as conn, conn.transaction():
        dossier = await dossiers.load_own(conn, user, dossier_id)
        return with_vietqr(view(await open_request(conn, dossier), lang), settings, dossier["code"])


# --- the one place a payment changes ---------------------------------------------------------------------------

async def move(
    conn: asyncpg.Connection, payment: asyncpg.Record, target: PaymentState, source: str,
    detail: dict[str, Any] | None = None, changes: dict[str, Any] | None = None, actor: Principal | None = None,
) -> bool:
    """Move a payment (locked by the caller) if the table allows it; False when it does not (a repeated notice)."""
    current = PaymentState(payment["state"])
    if not may_move(current, target):
        return False
    changes = dict(changes or {})
    if target is PaymentState.PAID:
        now = clock.now()
        number = await queries.next_receipt_number(conn, now.astimezone(clock.VIETNAM).year)
        changes |= {"paid_at": now, "receipt_number": f"{number:07d}/{now.astimezone(clock.VIETNAM):%Y}"}
    await queries.move(conn, payment["id"], target.value, changes)
    await queries.insert_event(conn, payment["id"], new_id(), source, current.value, target.value, detail or {})
    if target is PaymentState.PAID:
        dossier = await dossiers.load(conn, payment["dossier_id"], for_update=True)
        await documents.keep_receipt_in_wallet(conn, dossier["citizen_id"], dossier["id"], changes["receipt_number"])
        if dossier["state"] in STAGE_OF:
            await transitions.system_move(conn, dossier, Action.PAY, actor=actor, detail={"payment_id": str(payment["id"])})
    return True


# --- cash at the desk ------------------------------------------------------------------------------------------

async def record_cash(
    db: asyncpg.Pool, officer: Principal, dossier_id: UUID, data: CashInput, origin: Origin, lang: Lang,
) -> Payment:
    async with db.acquire() as conn, conn.transaction():
        dossier = await load_for_staff(conn, officer, dossier_id, for_update=True)
        payment = await queries.payment(conn, (await open_request(conn, dossier))["id"], for_update=True)
        if PaymentState(payment["state"]) not in NOT_PAID:
            raise _already_paid()
        if data.amount != payment["amount"]:
            raise Problem(
                422, "wrong_amount", Text("Số tiền không đúng", "Wrong amount"),
                Text(f"Khoản phải nộp là {payment['amount']:,} đồng; hãy thu đúng số tiền.".replace(",", "."),
                     f"The amount owed is {payment['amount']:,} VND; take exactly that."),
                errors=[FieldText("amount", Text("khác số tiền phải nộp", "not the amount owed"))],
            )
        await audit.record(conn, officer, "payment.cash", origin, object_type="dossier", object_id=dossier_id,
                           detail={"amount": data.amount, "cash_receipt_number": data.cash_receipt_number})
        await move(
            conn, payment, PaymentState.PAID, "cash", {"officer_id": str(officer.id)},
            {"channel": "cash", "cash_receipt_number": data.cash_receipt_number, "received_by": officer.id}, actor=officer,
        )
        return view(await queries.payment(conn, payment["id"]), lang)


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(0), clock.VIETNAM)
    return start, start + timedelta(days=1)


async def cash_day(db: asyncpg.Pool, officer: Principal, day: date) -> CashDay:
    """The cash the desk's officers took on a day (Vietnam), per officer, for the hand-over at closing."""
    officers: dict[str, OfficerCash] = {}
    for row in await queries.cash_of_day(db, officer.agency_code, *_day_bounds(day)):
        who = officers.setdefault(row["officer_name"], OfficerCash(row["officer_name"], 0, []))
        who.total += row["amount"]
        who.payments.append(CashLine(row["dossier_code"], row["amount"], row["cash_receipt_number"], row["paid_at"]))
    return CashDay(day.isoformat(), sum(o.total for o in officers.values()), list(officers.values()))


# --- refunds ---------------------------------------------------------------------------------------------------

async def open_refunds(db: asyncpg.Pool, limit: int = 200) -> int:
    """A paid dossier that was refused, stopped or withdrawn is owed its money back: a refund for an officer to
    complete. Idempotent (one refund per payment)."""
    opened = 0
    for row in await queries.paid_without_refund_for_ended_dossiers(db, limit):
        opened += await queries.insert_refund(db, new_id(), row["id"], row["amount"])
    return opened


async def _within_reach(db: asyncpg.Pool, officer: Principal, dossier_id: UUID | None) -> bool:
    """Whether the officer's desk handles the dossier (the service centre's desk receives for every department)."""
    dossier = await dossiers.load(db, dossier_id) if dossier_id else None
    return dossier is not None and await visible(db, officer, dossier)


async def refunds_to_complete(db: asyncpg.Pool, officer: Principal) -> list[RefundView]:
    return [
        RefundView(r["id"], r["dossier_id"], r["dossier_code"], r["amount"], r["channel"], r["requested_at"])
        for r in await queries.refunds_to_complete(db) if await _within_reach(db, officer, r["dossier_id"])
    ]


async def complete_refund(db: asyncpg.Pool, officer: Principal, refund_id: UUID, data: RefundInput, origin: Origin) -> None:
    async with db.acquire() as conn, conn.transaction():
        refund = await queries.refund(conn, refund_id, for_update=True)
        dossier = await load_for_staff(conn, officer, refund["dossier_id"]) if refund else None
        deny_unless(refund is not None and dossier is not None, may_know_it_exists=False)
        if refund["state"] == "completed":
            return
        payment = await queries.payment(conn, refund["payment_id"], for_update=True)
        await queries.complete_refund(conn, refund_id, officer.id, data.note)
        await move(conn, payment, PaymentState.REFUNDED, "refund", {"officer_id": str(officer.id), "note": data.note})
        await audit.record(conn, officer, "payment.refund", origin, object_type="dossier", object_id=dossier["id"],
                           detail={"amount": refund["amount"]})
        await outbox.add(conn, outbox.Kind.REFUNDED, dossier, {"code": dossier["code"], "amount": refund["amount"]})


# --- bank transfers an officer must look at --------------------------------------------------------------------

async def transfers_to_review(db: asyncpg.Pool, officer: Principal) -> list[Transfer]:
    """Transfers of the desk's dossiers that did not pay exactly, and those naming no dossier (any desk may look)."""
    return [
        Transfer(r["id"], r["amount"], r["description"], r["transferred_at"], r["outcome"], r["dossier_code"], r["owed"])
        for r in await queries.transfers_to_review(db)
        if r["dossier_id"] is None or await _within_reach(db, officer, r["dossier_id"])
    ]


# --- the daily report ------------------------------------------------------------------------------------------

async def daily_report(db: asyncpg.Pool, officer: Principal, day: date) -> DailyReport:
    """Per agency, the day's payments by channel (counts and totals) and what waits for review. A leader sees their
    agency; the administrator every agency."""
    scope = None if officer.has_role(Role.ADMIN) else officer.agency_code
    agencies: dict[str, AgencyDay] = {}
    for row in await queries.paid_between(db, scope, *_day_bounds(day)):
        agency = agencies.setdefault(row["agency_code"], AgencyDay(row["agency_code"], 0, 0, [], 0))
        agency.count += 1
        agency.total += row["amount"]
        channel = next((c for c in agency.channels if c.channel == row["channel"]), None)
        if channel is None:
            channel = ChannelTotal(row["channel"], 0, 0)
            agency.channels.append(channel)
        channel.count += 1
        channel.total += row["amount"]
    for transfer in await queries.transfers_to_review(db):
        code = transfer["dossier_code"] or ""
        for agency in agencies.values():
            if code.startswith(agency.agency_code):
                agency.to_review += 1
    return DailyReport(day.isoformat(), sorted(agencies.values(), key=lambda a: a.agency_code))


async def paid_per_agency_day(conn: asyncpg.Connection, since: date | None) -> list[asyncpg.Record]:
    """For the public dashboard (stats): per agency and Vietnam day from `since` on (all when null), the fees paid
    online (VNPay, VietQR bank transfer: columns agency_code, day, online) and in cash at the desk (cash)."""
    return await queries.paid_per_agency_day(conn, since)


def report_csv(report: DailyReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["ngay", "co_quan", "kenh", "so_giao_dich", "tong_tien_vnd"])
    for agency in report.agencies:
        for channel in agency.channels:
            writer.writerow([report.day, agency.agency_code, channel.channel, channel.count, channel.total])
        writer.writerow([report.day, agency.agency_code, "tong", agency.count, agency.total])
    return out.getvalue()


# --- VietQR: what a pending payment shows ------------------------------------------------------------------------

def with_vietqr(payment: Payment, settings: Settings, dossier_code: str) -> Payment:
    """The bank transfer's QR and details, while the payment is unpaid and the agency has an account configured."""
    if payment.state not in NOT_PAID or not (settings.bank_bin and settings.bank_account_no):
        return payment
    content = vietqr.transfer_content(dossier_code)
    data = vietqr.payload(settings.bank_bin, settings.bank_account_no, payment.amount, content)
    payment.vietqr = VietQr(
        payload=data, svg=vietqr.qr_svg(data), bank_name=settings.bank_name, bank_bin=settings.bank_bin,
        account_number=settings.bank_account_no, account_name=settings.bank_account_name or "", amount=payment.amount,
        transfer_content=content,
    )
    return payment


# --- VNPay -------------------------------------------------------------------------------------------------------

VNPAY_PAGE_VALID = timedelta(minutes=15)


def _compact(reference: str) -> str:
    return "".join(ch for ch in reference if ch.isascii() and ch.isalnum())


def txn_ref(reference: str, attempt: int) -> str:
    """vnp_TxnRef: unique per attempt (VNPay refuses a reference twice), the payment still found from it."""
    return f"{_compact(reference)}{attempt:02d}"


def _gateway_off() -> Problem:
    return Problem(
        503, "gateway_unavailable", Text("Chưa thanh toán trực tuyến được", "Online payment is not available"),
        Text("Cổng thanh toán chưa sẵn sàng. Hãy thanh toán bằng chuyển khoản VietQR hoặc tại quầy.",
             "The payment gateway is not available. Pay by VietQR bank transfer or at the counter."),
    )


async def start_vnpay(
    db: asyncpg.Pool, gateways: Gateways, settings: Settings, user: Principal, dossier_id: UUID, ip: str,
) -> VnpayStart:
    """A new VNPay attempt for the payment the dossier waits for; the browser goes to the returned address."""
    if gateways.vnpay is None:
        raise _gateway_off()
    async with db.acquire() as conn, conn.transaction():
        dossier = await dossiers.load_own(conn, user, dossier_id)
        payment = await queries.payment(conn, (await open_request(conn, dossier))["id"], for_update=True)
        if PaymentState(payment["state"]) not in NOT_PAID:
            raise _already_paid()
        attempt = await queries.next_vnpay_attempt(conn, payment["id"])
        if payment["state"] != PaymentState.PENDING:
            await move(conn, payment, PaymentState.PENDING, "vnpay_start", {"attempt": attempt["vnpay_attempts"]})
        await queries.move(conn, payment["id"], PaymentState.PENDING.value, {"channel": "vnpay"})
    started = attempt["vnpay_started_at"]
    return VnpayStart(redirect_url=gateways.vnpay.pay_url(
        txn_ref(payment["reference"], attempt["vnpay_attempts"]), payment["amount"],
        f"Nop phi, le phi ho so {dossier['code']}", f"{settings.public_url}/api/payments/vnpay/return", ip,
        started, started + VNPAY_PAGE_VALID,
    ))


def _vnpay_result(gateways: Gateways, query: Mapping[str, str]) -> VnpayResult | str:
    """The verified result, or the IPN answer code when it cannot be read (97: bad signature, 99: unreadable)."""
    if gateways.vnpay is None:
        return "99"
    try:
        return gateways.vnpay.verify(query)
    except BadSignature:
        log.warning("refused a VNPay notice with a bad signature: %s", query.get("vnp_TxnRef"))
        return "97"
    except BadAnswer:
        return "99"


async def vnpay_ipn(db: asyncpg.Pool, gateways: Gateways, query: Mapping[str, str]) -> dict[str, str]:
    """VNPay's server-to-server notice, answered with its documented RspCode. Idempotent: a repeat is 02."""
    result = _vnpay_result(gateways, query)
    if isinstance(result, str):
        return ipn_reply(result)
    async with db.acquire() as conn, conn.transaction():
        payment = await queries.payment_by_compact_reference(conn, result.txn_ref[:-2], for_update=True)
        if payment is None:
            return ipn_reply("01")
        if result.amount_vnd != payment["amount"]:
            log.warning("VNPay reported %s VND for %s, %s owed", result.amount_vnd, result.txn_ref, payment["amount"])
            return ipn_reply("04")
        target = PaymentState.PAID if result.paid else (
            PaymentState.CANCELLED if result.response_code == "24" else PaymentState.FAILED
        )
        if PaymentState(payment["state"]) in (PaymentState.PAID, PaymentState.REFUNDED):
            if result.paid and result.transaction_no != payment["provider_transaction"]:
                await _paid_twice(conn, payment, result)
            return ipn_reply("02")
        if target is not PaymentState.PAID and payment["state"] != PaymentState.PENDING:
            return ipn_reply("02")
        detail = {"txn_ref": result.txn_ref, "response_code": result.response_code, "transaction": result.transaction_no}
        changes = {"channel": "vnpay", "provider_transaction": result.transaction_no} if result.paid else {}
        await move(conn, payment, target, "vnpay_ipn", detail, changes)
        return ipn_reply("00")


async def _paid_twice(conn: asyncpg.Connection, payment: asyncpg.Record, result: VnpayResult) -> None:
    """A second VNPay attempt paid a fee already paid (two tabs, a retry while the first was still going through):
    the money is the person's, so it waits in the desk's review list with the bank transfers that need an officer."""
    log.warning("payment %s was paid again through VNPay (%s)", payment["reference"], result.transaction_no)
    await queries.insert_transfer(conn, {
        "id": new_id(), "bank_reference": f"VNPAY-{result.transaction_no}", "amount": result.amount_vnd,
        "description": f"VNPay {result.txn_ref}: thanh toán lần hai", "transferred_at": result.pay_date or clock.now(),
        "payment_id": payment["id"], "outcome": "already_paid",
    })


async def vnpay_return(db: asyncpg.Pool, gateways: Gateways, settings: Settings, query: Mapping[str, str]) -> str:
    """Where the browser coming back from VNPay goes: the dossier's payment page, which reads the true state from the
    server (this changes nothing: only the IPN and reconciliation do)."""
    result = _vnpay_result(gateways, query)
    if isinstance(result, str):
        return f"{settings.public_url}/#/ho-so"
    payment = await queries.payment_by_compact_reference(db, result.txn_ref[:-2])
    return f"{settings.public_url}/#/ho-so/{payment['dossier_id']}/thanh-toan" if payment else f"{settings.public_url}/#/ho-so"


async def reconcile(db: asyncpg.Pool, gateways: Gateways, limit: int = 100) -> int:
    """Ask VNPay about payments it has not told us of within 15 minutes; those still unknown after 90 expire.
    Returns how many changed."""
    changed = 0
    for row in await queries.waiting_for_the_gateway(db, ASK_GATEWAY_AFTER_S, limit):
        result = None
        if gateways.vnpay is not None:
            try:
                result = await gateways.vnpay.query(
                    txn_ref(row["reference"], row["vnpay_attempts"]), row["vnpay_started_at"], "127.0.0.1", new_id().hex,
                )
            except (GatewayUnavailable, QueryFailed, BadAnswer) as error:
                log.warning("querydr for %s failed: %s", row["reference"], error)
        async with db.acquire() as conn, conn.transaction():
            payment = await queries.payment(conn, row["id"], for_update=True)
            if result is not None and result.finished:
                target = PaymentState.PAID if result.paid else PaymentState.FAILED
                changes = {"provider_transaction": result.transaction_no} if result.paid else {}
                changed += await move(conn, payment, target, "querydr", {"transaction": result.transaction_no}, changes)
            elif clock.now() - (payment["vnpay_started_at"] or payment["created_at"]) > EXPIRE_AFTER:
                changed += await move(conn, payment, PaymentState.EXPIRED, "expiry", {})
    return changed


# --- bank transfers ----------------------------------------------------------------------------------------------

def _bad_notice() -> Problem:
    return Problem(
        401, "bad_signature", Text("Thông báo không hợp lệ", "Notice refused"),
        Text("Thông báo chuyển khoản không xác thực được.", "The transfer notice could not be authenticated."),
    )


async def bank_notice(db: asyncpg.Pool, gateways: Gateways, headers: Mapping[str, str], body: bytes) -> None:
    """The bank's notice of incoming transfers. A transfer that pays a request exactly pays it; a partial or excess
    one, or one naming no dossier, waits for an officer. Idempotent by the bank's own transfer id."""
    if gateways.bank is None:
        raise _bad_notice()
    try:
        transfers = gateways.bank.verify_and_read(headers, body)
    except BankBadSignature as error:
        log.warning("refused a bank transfer notice: %s", error)
        raise _bad_notice() from None
    for transfer in transfers:
        async with db.acquire() as conn, conn.transaction():
            code = dossier_code_in(transfer.description)
            payment = await queries.open_payment_of_dossier_code(conn, code, for_update=True) if code else None
            outcome = _transfer_outcome(payment, transfer.amount_vnd)
            recorded = await queries.insert_transfer(conn, {
                "id": new_id(), "bank_reference": transfer.reference, "amount": transfer.amount_vnd,
                "description": transfer.description, "transferred_at": transfer.when,
                "payment_id": payment["id"] if payment else None, "outcome": outcome,
            })
            if recorded and outcome == "matched":
                await move(conn, payment, PaymentState.PAID, "bank_transfer", {"bank_reference": transfer.reference},
                           {"channel": "vietqr", "provider_transaction": transfer.reference})


def _transfer_outcome(payment: asyncpg.Record | None, amount: int) -> str:
    if payment is None:
        return "unmatched"
    if PaymentState(payment["state"]) not in NOT_PAID:
        return "already_paid"
    if amount == payment["amount"]:
        return "matched"
    return "partial" if amount < payment["amount"] else "excess"


# --- e-receipts --------------------------------------------------------------------------------------------------

async def receipt(db: asyncpg.Pool, user: Principal, dossier_id: UUID, payment_id: UUID) -> tuple[bytes, str]:
    """The e-receipt of a paid fee, as a PDF, and its file name."""
    dossier = await dossiers.load_own(db, user, dossier_id)
    payment = await queries.payment(db, payment_id)
    if payment is None or payment["dossier_id"] != dossier_id or payment["receipt_number"] is None:
        raise Problem(
            404, "receipt_not_found", Text("Chưa có biên lai", "No receipt yet"),
            Text("Biên lai có sau khi phí, lệ phí được thanh toán.", "The receipt exists once the fee is paid."),
        )
    data = ReceiptData(
        receipt_number=payment["receipt_number"], agency_name=dossier["agency_name"] or "",
        payer_name=dossier["applicant"].get("full_name") or "", dossier_code=dossier["code"],
        procedure_name=dossier["procedure_name"],
        items=[ReceiptItem(line["label"], line["amount"]) for line in payment["items"]],
        channel=payment["channel"], paid_at=payment["paid_at"], transaction_reference=payment["provider_transaction"],
    )
    return render_receipt(data), f"bien-lai-{payment['receipt_number'].replace('/', '-')}.pdf"
