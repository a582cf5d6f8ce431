"""Delivery rules: shipments made when a result is ready, the desk's hand-over batches, the courier's events (synced
from a phone that may have been offline), the recipient's code, the citizen's collection of originals, public tracking.

- Every change of a shipment goes through `_apply`, checked against `states.TRANSITIONS`, under the shipment's row
  lock and its lock_version, with an event row. What it means for the dossier (ship, deliver) is a move through
  `dossiers.transitions`, in the same transaction.
- The courier's events are applied in device-time order, each in its own transaction and once per idempotency key:
  a key seen before answers "duplicate" and changes nothing; an impossible sequence answers "refused" naming the
  shipment's state.
- The recipient's code (6 digits) is made when the shipment goes out for delivery, kept as an HMAC, and sent by SMS
  to the recipient's phone through the outbox. Five wrong codes lock it until the courier has a new one sent.
- With a postal operator (DELIVERY_CARRIER=vnpost, clients/post) every shipment is made with that carrier; a cron
  places its orders once they are ready to go, and the operator's signed webhook reports each move, applied once per
  (carrier, tracking code, action, time) as the system's move.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from collections.abc import Mapping
from datetime import datetime, time
from typing import Any
from uuid import UUID

import asyncpg
import msgspec
from redis.asyncio import Redis

from backend import clock
from backend.accounts import limits
from backend.accounts.audit import Origin
from backend.accounts.guards import Principal
from backend.accounts.identity import normalize_phone
from backend.catalog import postage
from backend.delivery import queries, tracking
from backend.delivery.clients.post import BadCallback, CarrierRefused, CarrierUnavailable, Party, PostalCarrier, PostalOrder
from backend.delivery.manifest import ManifestData, ManifestLine
from backend.delivery.manifest import render as render_manifest
from backend.delivery.schemas import (
    Batch, RecipientCodeSent, CollectionInput, CourierEvent, CourierHandover, CourierShipment, DossierShipment, EventResult,
    EventResults, OfficeHandovers, OfficeShipment, ShipmentLookupInput, ShipmentStatus, SlipPhoto, TimelineEntry,
)
from backend.delivery.states import (
    CARRIER, STATE_WORDS, Actor, Direction, Precondition, ShipmentAction, ShipmentState, allowed_actions,
    find_transition,
)
from backend.documents import imaging
from backend.dossiers import service as dossiers
from backend.dossiers import transitions
from backend.dossiers.lifecycle import Action, State
from backend.errors import FieldText, Problem, ProblemDetails
from backend.i18n import Lang, Text
from backend.idempotency import request_fingerprint, run_once
from backend.ids import new_id
from backend.notifications import outbox
from backend.settings import Settings
from backend.storage import ObjectStorage

log = logging.getLogger(__name__)

CODE_TRIES = 5
COLLECTION_STATES = frozenset({State.SUBMITTED, State.RECEIVED, State.SUPPLEMENT_REQUESTED})
_NO_SHIPMENT = UUID(int=0)


# Problems


def _not_found() -> Problem:
    return Problem(
        404, "shipment_not_found", Text("Không tìm thấy vận đơn", "Shipment not found"),
        Text("Không có vận đơn nào với mã này. Hãy xem lại mã trên phiếu gửi.",
             "There is no shipment with this code. Check the code on the slip."),
    )


def _not_yours() -> Problem:
    return Problem(
        403, "shipment_not_in_custody", Text("Vận đơn không do bạn giữ", "Not in your custody"),
        Text("Vận đơn này không được giao cho bạn. Hãy nhận bàn giao lô trước, hoặc báo bưu cục.",
             "This shipment was not handed to you. Confirm the hand-over batch first, or tell the post office."),
    )


def _unknown_action() -> Problem:
    return Problem(
        422, "unknown_shipment_action", Text("Thao tác không hợp lệ", "No such operation"),
        Text("Thao tác này không có trong quy trình giao nhận.", "This operation is not part of a delivery."),
    )


def _changed() -> Problem:
    return Problem(
        409, "shipment_changed", Text("Vận đơn vừa được cập nhật", "The shipment was just updated"),
        Text("Vận đơn vừa được cập nhật ở nơi khác. Hãy tải lại rồi thử lại.",
             "The shipment was just updated elsewhere. Reload and try again."),
    )


def _recipient_code_problem(code: str, detail: Text, **extra: Any) -> Problem:
    return Problem(
        422, code, Text("Mã nhận hàng không đúng", "Wrong recipient code"), detail,
        errors=[FieldText("recipient_code", Text("mã nhận hàng không đúng", "wrong recipient code"))], **extra,
    )


def _code_locked() -> Problem:
    return Problem(
        423, "recipient_code_locked", Text("Mã nhận hàng đã bị khóa", "The recipient's code is locked"),
        Text(
            f"Đã nhập sai mã {CODE_TRIES} lần nên mã bị khóa. Hãy gửi mã mới cho người nhận rồi nhập mã mới.",
            f"The code was entered wrong {CODE_TRIES} times, so it is locked. Send the recipient a new code, then enter it.",
        ),
    )


# Reading helpers


def _words(state: str, lang: Lang) -> str:
    return STATE_WORDS[ShipmentState(state)][lang]


def mask_phone(phone: str | None) -> str | None:
    return f"{'•' * (len(phone) - 3)}{phone[-3:]}" if phone else None


def initials(name: str) -> str:
    """"Nguyễn Văn An" → "N. V. A." (what public tracking shows of a recipient)."""
    return " ".join(f"{word[0].upper()}." for word in name.split())


def _code_hash(settings: Settings, shipment_id: UUID, code: str) -> bytes:
    return hmac.new(settings.signing_key, f"shipment:{shipment_id}:{code}".encode(), hashlib.sha256).digest()


def _new_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


def _recipient_phone(row: asyncpg.Record) -> str | None:
    return row["recipient"].get("phone")


def _problem_details(problem: Problem, lang: Lang) -> ProblemDetails:
    extra = {k: v for k, v in problem.extra.items() if k in ("state", "allowed_actions", "attempts_left")}
    return ProblemDetails(
        type=f"https://motcua.gov.vn/problems/{problem.code}", title=problem.title[lang], status=problem.status,
        detail=problem.detail[lang], code=problem.code,
        errors=[e[lang] for e in problem.errors] if problem.errors else None, **extra,
    )


# Making shipments


async def _insert(conn: asyncpg.Connection, settings: Settings, dossier: asyncpg.Record, direction: Direction,
                  recipient: dict[str, Any], quote: postage.PostageQuote, actor: Principal | None) -> asyncpg.Record | None:
    service = tracking.OUTBOUND_SERVICE if direction is Direction.OUTBOUND else tracking.INBOUND_SERVICE
    row = await queries.insert_shipment(conn, {
        "id": new_id(), "tracking_code": tracking.generate(await queries.next_serial(conn), service),
        "dossier_id": dossier["id"], "direction": direction.value, "agency_code": await queries.desk_of(conn, dossier["agency_code"]),
        "recipient": recipient, "postage": quote.amount, "weight_class": quote.weight_class,
        "postage_payment": quote.payment, "cash_to_collect": quote.amount if quote.payment == "on_delivery" else 0,
        "carrier": settings.delivery_carrier,
    })
    if row is not None:
        await queries.insert_event(conn, {
            "id": new_id(), "shipment_id": row["id"], "action": "create", "from_state": None, "to_state": row["state"],
            "actor_kind": actor.kind if actor else "system", "actor_id": actor.id if actor else None,
            "detail": {"postage": quote.amount, "weight_class": quote.weight_class},
        })
    return row


def _phone_or_none(raw: str | None) -> str | None:
    if not raw or not raw.strip():
        return None
    try:
        return normalize_phone(raw)
    except Problem:
        return None  # a landline or a typo: the courier proves delivery with a slip photo


async def open_outbound(conn: asyncpg.Connection, settings: Settings, dossier_id: UUID) -> asyncpg.Record | None:
    """When the result of a dossier sent home by post is ready: its outbound shipment (made once; the same one
    after). None when the result is collected at the counter. Call inside the caller's transaction."""
    dossier = await dossiers.load(conn, dossier_id)
    delivery = dossier["delivery"]
    if delivery.get("method") != "post":
        return None
    existing = await queries.active_outbound(conn, dossier_id)
    if existing is not None:
        return existing
    quote = (
        msgspec.convert(dossier["postage"], postage.PostageQuote) if dossier["postage"]
        else postage.quote(postage.DEFAULT, dossier["agency_province_code"], delivery.get("province_code") or "",
                           postage.RESULT_LETTER, delivery.get("postage_payment", "with_fee"))
    )
    applicant = dossier["applicant"]
    recipient = {
        "name": delivery.get("recipient_name") or applicant.get("full_name") or "",
        "phone": _phone_or_none(delivery.get("phone") or applicant.get("phone")),
        "province_code": delivery.get("province_code"), "commune_code": delivery.get("commune_code"),
        "street": delivery.get("street"),
    }
    made = await _insert(conn, settings, dossier, Direction.OUTBOUND, recipient, quote, None)
    return made or await queries.active_outbound(conn, dossier_id)


# The one place a shipment changes


async def _check_proof(conn: asyncpg.Connection, settings: Settings, row: asyncpg.Record, code: str | None,
                       slip_id: UUID | None) -> dict[str, Any]:
    """The recipient's valid code, or (only when they gave no phone) a slip photo. A wrong code is counted in its
    own statement, so the count survives the refusal; the fifth locks the code. Returns the event's detail."""
    if _recipient_phone(row) is None:
        if slip_id is None or await queries.slip(conn, slip_id, row["id"]) is None:
            raise Problem(
                422, "slip_photo_required", Text("Cần ảnh phiếu giao có chữ ký", "A photo of the signed slip is needed"),
                Text("Người nhận không có số điện thoại: hãy chụp phiếu giao đã ký rồi xác nhận giao.",
                     "The recipient has no phone: photograph the signed delivery slip, then confirm the delivery."),
                errors=[FieldText("slip_photo_id", Text("hãy chụp phiếu giao", "photograph the slip"))],
            )
        return {"proof": "slip_photo"}
    if row["recipient_code_locked"]:
        raise _code_locked()
    if not code or row["recipient_code_hash"] is None:
        raise _recipient_code_problem(
            "recipient_code_required",
            Text("Hãy nhập mã 6 số người nhận đọc cho bạn (mã đã gửi qua SMS đến điện thoại người nhận).",
                 "Enter the 6-digit code the recipient reads to you (it was sent by SMS to their phone)."),
        )
    if not hmac.compare_digest(_code_hash(settings, row["id"], code.strip()), bytes(row["recipient_code_hash"])):
        counted = await queries.count_wrong_code(conn, row["id"], CODE_TRIES)
        if counted["recipient_code_locked"]:
            raise _code_locked()
        left = CODE_TRIES - counted["recipient_code_failures"]
        raise _recipient_code_problem(
            "recipient_code_wrong",
            Text(f"Mã không đúng. Còn {left} lần thử trước khi mã bị khóa.",
                 f"The code is not right. {left} tries left before it locks."),
            attempts_left=left,
        )
    return {"proof": "recipient_code"}


def _reason(reason: str | None) -> str:
    if not reason or not reason.strip():
        raise Problem(
            422, "reason_required", Text("Cần nêu lý do", "A reason is needed"),
            Text("Hãy ghi lý do (ví dụ: không có ai ở nhà, sai địa chỉ) để người nhận biết.",
                 "Give the reason (e.g. nobody at home, wrong address) so that the recipient knows."),
            errors=[FieldText("reason", Text("hãy nhập lý do", "enter the reason"))],
        )
    return reason.strip()


def _principal_of(actor: Principal | None) -> Actor:
    return actor.role if actor else CARRIER


class _Checked(msgspec.Struct):
    """A move whose row and precondition hold, with what its event records."""

    target: ShipmentState
    reason: str | None
    detail: dict[str, Any]


async def _check(
    conn: asyncpg.Connection, settings: Settings, row: asyncpg.Record, action: ShipmentAction, actor: Principal | None,
    *, code: str | None = None, reason: str | None = None, slip_id: UUID | None = None,
) -> _Checked:
    """The table's row for this move and its precondition (409/422/423 otherwise). Writes nothing but the count of
    a wrong recipient's code."""
    move = find_transition(ShipmentState(row["state"]), Direction(row["direction"]), action, _principal_of(actor))
    detail: dict[str, Any] = {}
    if move.precondition is Precondition.REASON_GIVEN:
        reason = _reason(reason)
    elif move.precondition is Precondition.RECIPIENT_PROOF and actor is not None:  # the carrier holds its own proof
        detail = await _check_proof(conn, settings, row, code, slip_id)
    return _Checked(move.target, reason, detail)


async def _write(
    conn: asyncpg.Connection, settings: Settings, row: asyncpg.Record, action: ShipmentAction, actor: Principal | None,
    checked: _Checked, *, device_time: datetime | None = None, key: str | None = None, slip_id: UUID | None = None,
) -> ShipmentState:
    """Write a checked move of a locked shipment, and what it means for the dossier and the recipient."""
    detail = dict(checked.detail)
    changes: dict[str, Any] = {}
    new_code = None
    if action is ShipmentAction.OUT_FOR_DELIVERY and _recipient_phone(row):
        new_code = _new_code()
        changes |= {"recipient_code_hash": _code_hash(settings, row["id"], new_code), "recipient_code_sent_at": clock.now(),
                    "recipient_code_failures": 0, "recipient_code_locked": False}
    if action in (ShipmentAction.HAND_OVER, ShipmentAction.PICK_UP) and actor is not None:
        changes["courier_id"] = actor.id
    if action is ShipmentAction.DELIVER and row["cash_to_collect"]:
        changes["cash_collected_at"] = clock.now()
        detail["cash_collected"] = row["cash_to_collect"]
    if not await queries.move(conn, row["id"], row["lock_version"], checked.target.value, changes):
        raise _changed()
    slip = await queries.slip(conn, slip_id, row["id"]) if slip_id else None
    await queries.insert_event(conn, {
        "id": new_id(), "shipment_id": row["id"], "action": action.value, "from_state": row["state"],
        "to_state": checked.target.value, "actor_kind": actor.kind if actor else "system",
        "actor_id": actor.id if actor else None, "device_time": device_time, "idempotency_key": key,
        "reason": checked.reason, "slip_photo_key": slip["storage_key"] if slip else None, "detail": detail,
    })
    await _tell_the_dossier(conn, row, action, actor, checked.reason, new_code)
    return checked.target


async def _apply(
    conn: asyncpg.Connection, settings: Settings, row: asyncpg.Record, action: ShipmentAction, actor: Principal | None,
    *, device_time: datetime | None = None, key: str | None = None, reason: str | None = None,
) -> ShipmentState:
    checked = await _check(conn, settings, row, action, actor, reason=reason)
    return await _write(conn, settings, row, action, actor, checked, device_time=device_time, key=key)


async def _tell_the_dossier(
    conn: asyncpg.Connection, row: asyncpg.Record, action: ShipmentAction, actor: Principal | None, reason: str | None,
    new_code: str | None,
) -> None:
    """An outbound move's dossier move and the recipient's SMS."""
    if row["direction"] != Direction.OUTBOUND:
        return
    dossier = await dossiers.load(conn, row["dossier_id"], for_update=True)
    parcel = {"code": dossier["code"], "tracking_code": row["tracking_code"]}
    phone = _recipient_phone(row)
    note = f"Vận đơn {row['tracking_code']}"
    if action is ShipmentAction.HAND_OVER:
        if actor is None:
            await transitions.system_move(conn, dossier, Action.SHIP, note=note)
        else:
            await transitions.transition(conn, dossier, Action.SHIP, actor, note=note)
    elif action is ShipmentAction.DELIVER:
        if actor is None:
            await transitions.system_move(conn, dossier, Action.DELIVER, note=note)
        else:
            await transitions.transition(conn, dossier, Action.DELIVER, actor, note=note)
        if phone:
            await outbox.add_to_phone(conn, outbox.Kind.SHIPMENT_DELIVERED, phone, "vi", parcel, dossier_id=dossier["id"])
    elif action is ShipmentAction.OUT_FOR_DELIVERY and new_code and phone:
        await outbox.add_to_phone(conn, outbox.Kind.OUT_FOR_DELIVERY, phone, "vi", {**parcel, "recipient_code": new_code}, dossier_id=dossier["id"])
    elif action is ShipmentAction.FAIL and phone:
        await outbox.add_to_phone(conn, outbox.Kind.DELIVERY_FAILED, phone, "vi", {**parcel, "reason": reason}, dossier_id=dossier["id"])


def _in_custody(row: asyncpg.Record, courier: Principal, action: ShipmentAction) -> bool:
    if row["courier_id"] == courier.id:
        return True
    # Papers waiting at someone's home belong to whichever courier comes for them.
    return row["direction"] == Direction.INBOUND and row["courier_id"] is None and action in (
        ShipmentAction.PICK_UP, ShipmentAction.FAIL)


# The courier


async def courier_handovers(db: asyncpg.Pool) -> list[CourierHandover]:
    return [
        CourierHandover(id=b["id"], agency_code=b["agency_code"], agency_name=b["agency_name"], slot=b["slot"], count=b["count"])
        for b in await queries.open_batches(db)
    ]


def _courier_view(row: asyncpg.Record, courier: Principal, lang: Lang) -> CourierShipment:
    recipient = row["recipient"]
    return CourierShipment(
        tracking_code=row["tracking_code"], direction=row["direction"], state=row["state"],
        state_words=_words(row["state"], lang), dossier_code=row["dossier_code"], recipient_name=recipient.get("name") or "",
        phone=recipient.get("phone"), has_phone=bool(recipient.get("phone")), street=recipient.get("street"),
        commune_code=recipient.get("commune_code"), commune_name=row["commune_name"], province_name=row["province_name"],
        cash_to_collect=row["cash_to_collect"] if row["cash_collected_at"] is None else 0,
        allowed_actions=[a.value for a in allowed_actions(ShipmentState(row["state"]), Direction(row["direction"]), courier.role)],
    )


async def courier_shipments(db: asyncpg.Pool, courier: Principal, lang: Lang) -> list[CourierShipment]:
    """The courier's day: what is in their custody, and what they finished today (a shipment just delivered stays
    on the phone's list, shown as delivered, rather than vanishing from the screen the courier is looking at)."""
    day_began = datetime.combine(clock.today(), time(0), clock.VIETNAM)
    return [_courier_view(row, courier, lang) for row in await queries.courier_shipments(db, courier.id, day_began)]


async def confirm_batch(db: asyncpg.Pool, settings: Settings, courier: Principal, batch_id: UUID) -> CourierHandover:
    """The courier takes the desk's batch: every shipment in it is handed over and its dossier ships."""
    async with db.acquire() as conn, conn.transaction():
        batch = await queries.batch(conn, batch_id, for_update=True)
        if batch is None:
            raise Problem(404, "batch_not_found", Text("Không tìm thấy lô bàn giao", "Batch not found"),
                          Text("Không có lô bàn giao này.", "There is no such hand-over batch."))
        if batch["state"] != "open":
            raise Problem(
                409, "batch_already_confirmed", Text("Lô đã được nhận", "Batch already taken"),
                Text(f"Lô này đã được {batch['courier_name'] or 'bưu tá khác'} nhận bàn giao.",
                     f"This batch was already taken by {batch['courier_name'] or 'another courier'}."),
            )
        for row in await queries.shipments_of_batch(conn, batch_id):
            locked = await queries.shipment_by_code(conn, row["tracking_code"], for_update=True)
            if locked["state"] == ShipmentState.CREATED:
                await _apply(conn, settings, locked, ShipmentAction.HAND_OVER, courier, device_time=clock.now())
        await queries.confirm_batch(conn, batch_id, courier.id)
        return CourierHandover(id=batch["id"], agency_code=batch["agency_code"], agency_name=batch["agency_name"],
                               slot=batch["slot"], count=batch["count"])


async def _apply_event(db: asyncpg.Pool, settings: Settings, courier: Principal, event: CourierEvent, lang: Lang) -> EventResult:
    def refused(problem: Problem, state: str | None) -> EventResult:
        return EventResult(event.idempotency_key, "refused", state, _problem_details(problem, lang))

    async with db.acquire() as conn:
        try:
            code = tracking.parse(event.tracking_code)
        except Problem as problem:
            return refused(problem, None)
        async with conn.transaction():
            seen = await queries.event_key_seen(conn, event.idempotency_key)
            if seen is not None:
                return EventResult(event.idempotency_key, "duplicate", seen["to_state"], None)
            row = await queries.shipment_by_code(conn, code, for_update=True)
            if row is None:
                return refused(_not_found(), None)
            try:
                action = ShipmentAction(event.action)
            except ValueError:
                return refused(_unknown_action(), row["state"])
            if not _in_custody(row, courier, action):
                return refused(_not_yours(), row["state"])
            try:
                checked = await _check(conn, settings, row, action, courier, code=event.recipient_code,
                                       reason=event.reason, slip_id=event.slip_photo_id)
                async with conn.transaction():  # a refusal while writing undoes the writes, not the wrong codes counted
                    state = await _write(conn, settings, row, action, courier, checked, device_time=event.device_time,
                                         key=event.idempotency_key, slip_id=event.slip_photo_id)
            except asyncpg.UniqueViolationError:
                return EventResult(event.idempotency_key, "duplicate", None, None)  # the same key sent twice at once
            except Problem as problem:
                return refused(problem, row["state"])
            return EventResult(event.idempotency_key, "applied", state.value, None)


async def apply_courier_events(
    db: asyncpg.Pool, settings: Settings, courier: Principal, events: list[CourierEvent], lang: Lang,
) -> EventResults:
    """What the phone queued, in the order the courier did it (device time), each applied once."""
    ordered = sorted(events, key=lambda e: e.device_time)
    return EventResults([await _apply_event(db, settings, courier, event, lang) for event in ordered])


async def _own_shipment(conn: asyncpg.Connection, courier: Principal, tracking_code: str) -> asyncpg.Record:
    row = await queries.shipment_by_code(conn, tracking.parse(tracking_code), for_update=True)
    if row is None:
        raise _not_found()
    if row["courier_id"] != courier.id:
        raise _not_yours()
    return row


async def send_new_code(db: asyncpg.Pool, settings: Settings, courier: Principal, tracking_code: str) -> RecipientCodeSent:
    """A new recipient's code by SMS (the old one stops working, a lock is lifted)."""
    async with db.acquire() as conn, conn.transaction():
        row = await _own_shipment(conn, courier, tracking_code)
        phone = _recipient_phone(row)
        if row["state"] != ShipmentState.OUT_FOR_DELIVERY or not phone:
            raise Problem(
                409, "no_code_to_send", Text("Không gửi được mã", "No code to send"),
                Text("Chỉ gửi mã khi đang đi giao và người nhận có số điện thoại.",
                     "A code is sent only while out for delivery, to a recipient with a phone."),
            )
        code, now = _new_code(), clock.now()
        await queries.update(conn, row["id"], {
            "recipient_code_hash": _code_hash(settings, row["id"], code), "recipient_code_sent_at": now,
            "recipient_code_failures": 0, "recipient_code_locked": False,
        })
        await queries.insert_event(conn, {
            "id": new_id(), "shipment_id": row["id"], "action": "send_code", "from_state": row["state"],
            "to_state": row["state"], "actor_kind": courier.kind, "actor_id": courier.id, "detail": {},
        })
        dossier = await dossiers.load(conn, row["dossier_id"])
        await outbox.add_to_phone(conn, outbox.Kind.OUT_FOR_DELIVERY, phone, "vi", dossier_id=dossier["id"], payload={
            "code": dossier["code"], "tracking_code": row["tracking_code"], "recipient_code": code,
        })
        return RecipientCodeSent(row["tracking_code"], now, mask_phone(phone) or "")


async def store_slip(db: asyncpg.Pool, storage: ObjectStorage, courier: Principal, tracking_code: str, data: bytes) -> SlipPhoto:
    """A photo of the signed delivery slip (checked as the documents domain checks a page), kept for the deliver event."""
    if len(data) > imaging.MAX_UPLOAD_BYTES:
        raise imaging.upload_too_large()
    upload = imaging.inspect_upload(data)
    async with db.acquire() as conn, conn.transaction():
        row = await _own_shipment(conn, courier, tracking_code)
        slip_id = new_id()
        key = f"slips/{row['id']}/{slip_id}"
        await storage.put(key, data, content_type=upload.media_type)
        await queries.insert_slip(conn, slip_id, row["id"], key, courier.id)
        return SlipPhoto(slip_id)


# The postal operator (DELIVERY_CARRIER=vnpost): orders placed by a cron, moves reported by its signed webhook


def _postal_order(settings: Settings, row: asyncpg.Record) -> PostalOrder:
    """The order for a shipment: a result from the desk to the recipient, or originals from the person to the desk."""
    recipient = row["recipient"]
    person = Party(recipient.get("name") or "", recipient.get("phone") or "", recipient.get("street") or "",
                   row["commune_name"] or "", row["province_name"] or "")
    # Agencies keep no postal address, so the desk's name and its place stand for one; its phone is the number the
    # MyVNPost account signs in with (what VNPost's couriers call).
    commune = row["agency_unit_name"] if row["agency_unit_level"] == "commune" else ""
    desk = Party(row["agency_name"], settings.vnpost_username or "", row["agency_name"], commune, row["agency_province"])
    direction = Direction(row["direction"])
    sender, receiver = (desk, person) if direction is Direction.OUTBOUND else (person, desk)
    grams = postage.weight_class(postage.tariff_from(settings.postage_tariff), row["weight_class"]).max_grams
    return PostalOrder(row["tracking_code"], sender, receiver, grams, row["cash_to_collect"], direction)


async def register_carrier_orders(db: asyncpg.Pool, settings: Settings, carrier: PostalCarrier, limit: int = 50) -> int:
    """The cron: an order with the operator for each of its shipments that has none yet (results handed over in a
    batch, originals to collect). The calls are made outside any transaction; an operator away leaves the rest for
    the next run, one it refuses is logged and recorded on the shipment (not asked again). Returns the orders made."""
    made = 0
    for row in await queries.awaiting_carrier_order(db, carrier.name, limit):
        try:
            order = await carrier.create_order(_postal_order(settings, row))
        except CarrierUnavailable as error:
            log.warning("%s is unavailable; shipments wait for the next run: %s", carrier.name, error)
            break
        except CarrierRefused as error:
            log.warning("%s refused shipment %s: %s", carrier.name, row["tracking_code"], error.detail)
            await queries.insert_event(db, {
                "id": new_id(), "shipment_id": row["id"], "action": "carrier_refused", "from_state": row["state"],
                "to_state": row["state"], "actor_kind": "system", "detail": {"carrier": carrier.name, "refusal": error.detail},
            })
            continue
        await queries.set_carrier_order(db, row["id"], order.order_id)
        made += 1
    return made


async def carrier_event(
    db: asyncpg.Pool, settings: Settings, tracking_code: str, action: ShipmentAction, at: datetime, key: str,
    reason: str | None = None,
) -> ShipmentState:
    """A move the postal operator reported (its tracking callback, clients/post), once per `key`."""
    async with db.acquire() as conn, conn.transaction():
        seen = await queries.event_key_seen(conn, key)
        if seen is not None:
            return ShipmentState(seen["to_state"])
        row = await queries.shipment_by_code(conn, tracking.parse(tracking_code), for_update=True)
        if row is None:
            raise _not_found()
        if action is ShipmentAction.PICK_UP and row["direction"] == Direction.OUTBOUND:
            action = ShipmentAction.HAND_OVER  # a result "picked up from the sender" was taken from the desk
        return await _apply(conn, settings, row, action, None, device_time=at, key=key, reason=reason)


def _bad_callback() -> Problem:
    return Problem(
        401, "bad_callback", Text("Thông báo không hợp lệ", "Callback refused"),
        Text("Thông báo trạng thái không có chữ ký hợp lệ của bưu điện.",
             "The status callback does not carry the post's valid signature."),
    )


async def carrier_callback(
    db: asyncpg.Pool, settings: Settings, carrier: PostalCarrier | None, headers: Mapping[str, str], body: bytes,
) -> None:
    """The operator's signed status webhook: each event applied once (a re-sent webhook changes nothing). A code we
    do not know is logged and acknowledged, so that the operator stops sending it; an impossible move is a 409."""
    if carrier is None:
        raise Problem(
            404, "carrier_not_configured", Text("Chưa kết nối bưu điện", "No postal operator configured"),
            Text("Hệ thống không gửi vận đơn qua đơn vị bưu chính này.", "This system sends no shipments through this operator."),
        )
    try:
        events = carrier.parse_callback(headers, body)
    except BadCallback as error:
        log.warning("refused a %s callback: %s", carrier.name, error)
        raise _bad_callback() from None
    for event in events:
        key = f"{carrier.name}:{event.tracking_code}:{event.action.value}:{event.at.isoformat()}"
        try:
            await carrier_event(db, settings, event.tracking_code, event.action, event.at, key, event.reason)
        except Problem as problem:
            if problem.code not in ("shipment_not_found", "invalid_tracking_code"):
                raise
            log.warning("%s reported %s of %s, a shipment we do not have", carrier.name, event.action, event.tracking_code)


# The desk


def _office_view(row: asyncpg.Record, lang: Lang) -> OfficeShipment:
    return OfficeShipment(
        id=row["id"], tracking_code=row["tracking_code"], dossier_id=row["dossier_id"], dossier_code=row["dossier_code"],
        direction=row["direction"], state=row["state"], state_words=_words(row["state"], lang),
        recipient_name=row["recipient"].get("name") or "", commune_name=row["commune_name"],
        phone_masked=mask_phone(_recipient_phone(row)), postage=row["postage"], cash_to_collect=row["cash_to_collect"],
        batch_id=row["batch_id"], created_at=row["created_at"],
    )


def _batch_view(row: asyncpg.Record) -> Batch:
    return Batch(
        id=row["id"], agency_code=row["agency_code"], slot=row["slot"], state=row["state"], count=row["count"],
        courier_name=row["courier_name"], confirmed_at=row["confirmed_at"],
        manifest_url=f"/api/office/handovers/{row['id']}/manifest.pdf",
    )


async def office_handovers(db: asyncpg.Pool, officer: Principal, lang: Lang) -> OfficeHandovers:
    return OfficeHandovers(
        waiting=[_office_view(r, lang) for r in await queries.waiting_for_batch(db, officer.agency_code)],
        batches=[_batch_view(r) for r in await queries.recent_batches(db, officer.agency_code)],
    )


async def office_shipments(db: asyncpg.Pool, officer: Principal, state: str | None, lang: Lang) -> list[OfficeShipment]:
    if state is not None and state not in ShipmentState.__members__.values():
        raise Problem(
            422, "invalid_state", Text("Trạng thái không hợp lệ", "No such state"),
            Text("Trạng thái vận đơn không có trong danh sách.", "That is not a shipment state."),
            errors=[FieldText("state", Text("trạng thái không hợp lệ", "not a shipment state"))],
        )
    return [_office_view(r, lang) for r in await queries.desk_shipments(db, officer.agency_code, state)]


async def _make_batch(conn: asyncpg.Connection, agency_code: str, slot: datetime, created_by: UUID | None) -> UUID | None:
    """The desk's batch of this slot with every result ready to go; None when there is none, or it was made."""
    batch_id = await queries.insert_batch(conn, new_id(), agency_code, slot, created_by)
    if batch_id is None:
        return None
    if await queries.fill_batch(conn, batch_id, agency_code) == 0:
        await queries.drop_batch(conn, batch_id)
        return None
    return batch_id


async def hand_over_now(db: asyncpg.Pool, officer: Principal) -> Batch:
    """The reception officer does not wait for the next slot: a batch now."""
    async with db.acquire() as conn, conn.transaction():
        batch_id = await _make_batch(conn, officer.agency_code, clock.now(), officer.id)
        if batch_id is None:
            raise Problem(
                409, "nothing_to_hand_over", Text("Không có kết quả chờ bàn giao", "Nothing to hand over"),
                Text("Chưa có kết quả nào sẵn sàng gửi bưu điện (kết quả còn chờ nộp phí thì chưa gửi được).",
                     "No result is ready to go by post (a result whose fee is still owed cannot go yet)."),
            )
        return _batch_view(await queries.batch(conn, batch_id))


def latest_slot(batch_times: str, now: datetime) -> datetime | None:
    """The latest scheduled hand-over at or before `now` today (Vietnam time); None before the first."""
    local = now.astimezone(clock.VIETNAM)
    slots = [
        datetime.combine(local.date(), time(int(t.split(":")[0]), int(t.split(":")[1])), clock.VIETNAM)
        for t in batch_times.split(",")
    ]
    passed = [slot for slot in slots if slot <= local]
    return max(passed) if passed else None


async def close_batches(db: asyncpg.Pool, settings: Settings, now: datetime | None = None) -> int:
    """The cron: at each slot, one batch per desk with every result ready to go. Idempotent per desk and slot.
    Returns how many batches were made."""
    slot = latest_slot(settings.delivery_batch_times, now or clock.now())
    if slot is None:
        return 0
    made = 0
    async with db.acquire() as conn:
        for agency_code in await queries.ready_agencies(conn):
            async with conn.transaction():
                made += await _make_batch(conn, agency_code, slot, None) is not None
    return made


async def manifest_pdf(db: asyncpg.Pool, officer: Principal, batch_id: UUID) -> tuple[bytes, str]:
    """The batch's manifest for the desk that made it, and its file name."""
    batch = await queries.batch(db, batch_id)
    if batch is None or batch["agency_code"] != officer.agency_code:
        raise Problem(404, "batch_not_found", Text("Không tìm thấy lô bàn giao", "Batch not found"),
                      Text("Không có lô bàn giao này ở bộ phận của bạn.", "There is no such hand-over batch at your desk."))
    lines = [
        ManifestLine(
            tracking_code=row["tracking_code"], recipient_name=row["recipient"].get("name") or "",
            commune_name=row["commune_name"] or "", phone_masked=mask_phone(_recipient_phone(row)) or "—",
            cash_to_collect=row["cash_to_collect"],
        )
        for row in await queries.shipments_of_batch(db, batch_id)
    ]
    data = ManifestData(batch["id"], batch["agency_name"], batch["slot"], lines, batch["courier_name"])
    return render_manifest(data), f"ban-giao-{batch['slot'].astimezone(clock.VIETNAM):%Y%m%d-%H%M}.pdf"


async def cancel(db: asyncpg.Pool, settings: Settings, officer: Principal, tracking_code: str) -> OfficeShipment:
    async with db.acquire() as conn, conn.transaction():
        row = await queries.shipment_by_code(conn, tracking.parse(tracking_code), for_update=True)
        if row is None or row["agency_code"] != officer.agency_code:
            raise _not_found()
        await _apply(conn, settings, row, ShipmentAction.CANCEL, officer)
        await queries.update(conn, row["id"], {"batch_id": None})
        return _office_view(await queries.shipment_by_code(conn, row["tracking_code"]), "vi")


# The citizen


def _timeline(events: list[asyncpg.Record], lang: Lang) -> list[TimelineEntry]:
    return [
        TimelineEntry(state=e["to_state"], words=_words(e["to_state"], lang), at=e["device_time"] or e["received_at"])
        for e in events if e["from_state"] != e["to_state"]
    ]


async def _dossier_shipment(conn: asyncpg.Connection | asyncpg.Pool, row: asyncpg.Record, lang: Lang) -> DossierShipment:
    events = await queries.events_of(conn, row["id"])
    failures = [e["reason"] for e in events if e["to_state"] == ShipmentState.FAILED_ATTEMPT]
    return DossierShipment(
        tracking_code=row["tracking_code"], direction=row["direction"], state=row["state"],
        state_words=_words(row["state"], lang), recipient_name=row["recipient"].get("name") or "",
        commune_name=row["commune_name"], postage=row["postage"], postage_payment=row["postage_payment"],
        cash_to_collect=row["cash_to_collect"], timeline=_timeline(events, lang),
        failure_reason=failures[-1] if failures and row["state"] == ShipmentState.FAILED_ATTEMPT else None,
    )


async def dossier_shipments(db: asyncpg.Pool, user: Principal, dossier_id: UUID, lang: Lang) -> list[DossierShipment]:
    await dossiers.load_own(db, user, dossier_id)
    return [await _dossier_shipment(db, row, lang) for row in await queries.shipments_of_dossier(db, dossier_id)]


async def _collect_once(
    conn: asyncpg.Connection, settings: Settings, user: Principal, dossier_id: UUID, data: CollectionInput, lang: Lang,
) -> DossierShipment:
    dossier = await dossiers.load_own(conn, user, dossier_id, for_update=True)
    if State(dossier["state"]) not in COLLECTION_STATES:
        raise Problem(
            409, "collection_not_allowed", Text("Không thể nhờ bưu điện lấy giấy tờ", "Collection not possible"),
            Text("Chỉ nhờ bưu điện lấy giấy tờ gốc khi hồ sơ đã gửi và chưa được giải quyết.",
                 "The post collects the originals only while the dossier is sent and not yet being processed."),
        )
    if not await queries.commune_in_province(conn, data.commune_code, data.province_code):
        raise Problem(
            422, "invalid_address", Text("Địa chỉ chưa đúng", "Address not right"),
            Text("Hãy chọn xã/phường trong tỉnh đã chọn.", "Choose a commune or ward of the chosen province."),
            errors=[FieldText("commune_code", Text("xã/phường không thuộc tỉnh đã chọn", "not in the chosen province"))],
        )
    tariff = postage.tariff_from(settings.postage_tariff)
    # The heavier class; paid in cash to the courier at the door (the fee was quoted at submission).
    quote = postage.quote(tariff, dossier["agency_province_code"], data.province_code, postage.PAPERS_2KG, "on_delivery")
    recipient = {"name": data.name.strip(), "phone": normalize_phone(data.phone), "province_code": data.province_code,
                 "commune_code": data.commune_code, "street": data.street.strip()}
    row = await _insert(conn, settings, dossier, Direction.INBOUND, recipient, quote, user)
    if row is None:
        raise Problem(
            409, "collection_exists", Text("Đã nhờ bưu điện lấy giấy tờ", "Collection already asked for"),
            Text("Hồ sơ này đã có yêu cầu lấy giấy tờ gốc đang thực hiện.", "This dossier already has a collection under way."),
        )
    return await _dossier_shipment(conn, await queries.shipment_by_code(conn, row["tracking_code"]), lang)


async def ask_collection(
    db: asyncpg.Pool, settings: Settings, user: Principal, dossier_id: UUID, data: CollectionInput, idempotency_key: str,
    body: bytes, lang: Lang,
) -> DossierShipment:
    """The post collects the paper originals from an address, once per Idempotency-Key."""
    fingerprint = request_fingerprint("collection", str(dossier_id), body)
    async with db.acquire() as conn:
        answer = await run_once(
            conn, f"collection:{user.id}", idempotency_key, fingerprint,
            lambda c: _collect_once(c, settings, user, dossier_id, data, lang),
        )
    return msgspec.convert(answer, DossierShipment)


# Public tracking


def _no_such_shipment() -> Problem:
    # One answer for an unknown code and a wrong pair: tracking must not tell which codes exist.
    return Problem(
        404, "shipment_lookup_not_found", Text("Không tìm thấy vận đơn", "No shipment found"),
        Text(
            "Không có vận đơn nào khớp mã và 4 số cuối điện thoại này. Hãy xem lại mã vận đơn.",
            "No shipment matches this code and these last four digits. Check the tracking code.",
        ),
    )



async def lookup(
    db: asyncpg.Pool, redis: Redis, settings: Settings, data: ShipmentLookupInput, origin: Origin, lang: Lang,
) -> ShipmentStatus:
    """A shipment's timeline for its tracking code and the last four digits of the recipient's phone (the applicant's
    when the recipient gave none). Wrong guesses are capped per address and per code as the dossier look-up's are;
    both wrong paths read the same rows and compare the same way."""
    code = tracking.normalise(data.tracking_code)
    prefix = settings.redis_prefix
    await limits.refuse_spent_lookups(redis, prefix, origin.rate_key, f"shipment:{code}")
    row = await queries.shipment_by_code(db, code)
    events = await queries.events_of(db, row["id"] if row else _NO_SHIPMENT)
    phone = (_recipient_phone(row) or row["citizen_phone"]) if row else "----"
    if not hmac.compare_digest(phone[-4:], data.phone_last4) or row is None:
        await limits.count_failed_lookup(redis, prefix, origin.rate_key, f"shipment:{code}")
        raise _no_such_shipment()
    return ShipmentStatus(
        tracking_code=row["tracking_code"], direction=row["direction"], state=row["state"],
        state_words=_words(row["state"], lang), recipient_initials=initials(row["recipient"].get("name") or ""),
        commune_name=row["commune_name"], timeline=_timeline(events, lang),
    )

