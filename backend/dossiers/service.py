"""Dossier rules for the citizen: their own dossiers, drafts saved as typed, submission once per
Idempotency-Key, withdrawal, and the PDFs they may download. Every move goes through `transitions`."""

from __future__ import annotations

import hmac
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg
import msgspec
from redis.asyncio import Redis

from backend import clock
from backend.accounts import limits
from backend.accounts import service as accounts
from backend.accounts.audit import Origin
from backend.accounts.guards import Principal, deny_unless
from backend.catalog import postage
from backend.accounts.schemas import Role
from backend.catalog import service as catalog
from backend.cursors import decode_cursor, encode_cursor
from backend.documents import service as documents
from backend.dossiers import queries, transitions, views
from backend.dossiers.forms import fee_preview
from backend.dossiers.lifecycle import CITIZEN_WORDS, NATIONAL_STATUS, Action, State
from backend.dossiers.schemas import (
    Applicant, Delivery, DossierDetail, DossierPage, DossierStatus, DraftInput, LookupInput,
)
from backend.errors import FieldText, Problem
from backend.i18n import Lang, Text
from backend.idempotency import request_fingerprint, run_once
from backend.results import service as results
from backend.settings import Settings
from backend.storage import ObjectStorage

EDITABLE_STATES = {State.DRAFT, State.SUPPLEMENT_REQUESTED}


# Reading


def _not_found() -> Problem:
    return Problem(
        404, "dossier_not_found", Text("Không tìm thấy hồ sơ", "Dossier not found"),
        Text("Không tìm thấy hồ sơ này trong tài khoản của bạn.", "This dossier is not in your account."),
    )


def _may_open(user: Principal, row: asyncpg.Record) -> bool:
    """The citizen's own dossier; a staff member acting for them (accounts.guards, 5.) opens only the drafts of
    their grant, never the person's other dossiers nor one already submitted."""
    if not (user.is_citizen and row["citizen_id"] == user.id):
        return False
    return user.acting_grant_id is None or (
        row["acting_grant_id"] == user.acting_grant_id and State(row["state"]) is State.DRAFT
    )


async def load_own(conn: asyncpg.Connection | asyncpg.Pool, user: Principal, dossier_id: UUID, *, for_update: bool = False) -> asyncpg.Record:
    """The caller's own dossier; another person's answers 404 — its existence is personal data."""
    row = await queries.dossier(conn, dossier_id, for_update=for_update)
    if row is None:
        raise _not_found()
    deny_unless(_may_open(user, row), may_know_it_exists=False)
    return row


async def load(conn: asyncpg.Connection | asyncpg.Pool, dossier_id: UUID, *, for_update: bool = False) -> asyncpg.Record | None:
    """Any dossier, for a caller that checks its own scope (the back office)."""
    return await queries.dossier(conn, dossier_id, for_update=for_update)


async def _detail(conn: asyncpg.Connection | asyncpg.Pool, row: asyncpg.Record, user: Principal, lang: Lang) -> DossierDetail:
    return await views.citizen_detail(conn, row, user, await queries.events(conn, row["id"], citizen_view=True), lang)


async def list_own(db: asyncpg.Pool, user: Principal, after: str | None, limit: int, lang: Lang) -> DossierPage:
    rows = await queries.citizen_dossiers(
        db, user.id, decode_cursor(after, tuple[datetime, UUID]), limit + 1, grant_id=user.acting_grant_id
    )
    return DossierPage(
        items=[views.summary(r, lang) for r in rows[:limit]],
        next=encode_cursor(rows[limit - 1]["created_at"], rows[limit - 1]["id"]) if len(rows) > limit else None,
    )


async def get_own(db: asyncpg.Pool, user: Principal, dossier_id: UUID, lang: Lang) -> DossierDetail:
    return await _detail(db, await load_own(db, user, dossier_id), user, lang)


async def result_pdf(db: asyncpg.Pool, storage: ObjectStorage, user: Principal, dossier_id: UUID) -> tuple[bytes, str]:
    """The signed e-result of the caller's own dossier, once it is resolved."""
    async with db.acquire() as conn:
        row = await load_own(conn, user, dossier_id)
        if State(row["state"]) not in views.RESULT_STATES:
            raise Problem(
                404, "result_not_ready", Text("Chưa có kết quả", "No result yet"),
                Text(
                    "Hồ sơ chưa có kết quả. Bạn sẽ được báo khi có kết quả.",
                    "The dossier has no result yet. You will be told when it does.",
                ),
            )
        return await results.result_file(conn, storage, row)


async def receipt_pdf(db: asyncpg.Pool, storage: ObjectStorage, user: Principal, dossier_id: UUID) -> tuple[bytes, str]:
    return await results.receipt_file(storage, await load_own(db, user, dossier_id))


# Drafts


def _not_editable(detail: Text) -> Problem:
    return Problem(409, "dossier_not_editable", Text("Hồ sơ đã gửi", "The dossier was sent"), detail)


async def _commune_agency(conn: asyncpg.Connection, commune_code: str) -> str:
    """The People's Committee of the commune a person chose; 422 when it takes no dossiers here."""
    agency = await queries.commune_agency(conn, commune_code)
    if agency is None:
        raise Problem(
            422, "commune_not_served", Text("Xã/phường chưa nhận hồ sơ", "The commune takes no dossiers here"),
            Text(
                "Xã/phường đã chọn chưa nhận hồ sơ trực tuyến trên cổng này. Hãy chọn xã/phường khác trong tỉnh.",
                "The chosen commune or ward does not take dossiers online on this portal yet. "
                "Choose another one in the province.",
            ),
            errors=[FieldText("commune_code", Text("hãy chọn một xã/phường trong danh sách", "choose a commune or ward from the list"))],
        )
    return agency


async def _first_agency(conn: asyncpg.Connection, version: asyncpg.Record, data: DraftInput, profile: asyncpg.Record) -> str | None:
    """A province-level procedure's agency; for a commune-level one, the chosen commune's People's
    Committee, else the profile's commune's when it has one, else none until the person chooses."""
    if version["level"] == "province":
        return version["agency_code"]
    if data.commune_code:
        return await _commune_agency(conn, data.commune_code)
    return await queries.commune_agency(conn, profile["commune_code"]) if profile["commune_code"] else None


async def _new_draft(conn: asyncpg.Connection, user: Principal, dossier_id: UUID, data: DraftInput) -> None:
    version = await catalog.current_version(conn, data.procedure_code)
    if version is None:
        raise Problem(
            404, "procedure_not_found", Text("Không tìm thấy thủ tục", "Procedure not found"),
            Text("Thủ tục này không có hoặc đã ngừng áp dụng.", "This procedure does not exist or no longer applies."),
        )
    if version["online_mode"] == "none":
        raise Problem(
            422, "not_online", Text("Thủ tục chỉ nộp tại quầy", "Filed at the counter only"),
            Text(
                "Thủ tục này chưa nhận hồ sơ trực tuyến. Hãy mang giấy tờ đến Trung tâm Phục vụ hành chính công.",
                "This procedure is not filed online yet. Bring your papers to the Public Administrative Service Centre.",
            ),
        )
    profile = await queries.citizen_profile(conn, user.id)
    applicant = data.applicant or Applicant(
        full_name=profile["full_name"], cccd=profile["cccd"], date_of_birth=profile["date_of_birth"],
        phone=profile["phone"], province_code=profile["province_code"], commune_code=profile["commune_code"],
        street=profile["street"],
    )
    await queries.insert_draft(
        conn,
        {
            "id": dossier_id, "procedure_version_id": version["id"], "procedure_code": data.procedure_code,
            "agency_code": await _first_agency(conn, version, data, profile), "citizen_id": user.id,
            "applicant": msgspec.to_builtins(applicant), "form": data.form or {},
            "delivery": msgspec.to_builtins(data.delivery or Delivery()),
            "channel": _channel(user), "filed_by_staff_id": user.acting_staff_id,
            "acting_grant_id": user.acting_grant_id,
        },
    )


def _channel(user: Principal) -> str:
    """How the dossier reaches us: by the person, a volunteer on their behalf, or a reception officer at the desk."""
    if user.acting_staff_id is None:
        return "online"
    return "counter" if user.acting_staff_role is Role.RECEPTION_OFFICER else "assisted"


async def _agency_after_save(conn: asyncpg.Connection, row: asyncpg.Record, commune_code: str | None) -> str | None:
    """The agency once this save's commune is taken into account: a draft may choose or change its
    commune; a dossier once sent stays where it was filed (a supplement keeps its agency)."""
    keep = row["procedure_level"] != "commune" or State(row["state"]) is not State.DRAFT
    if keep or not commune_code or commune_code == row["commune_code"]:
        return row["agency_code"]
    return await _commune_agency(conn, commune_code)


async def save_draft(db: asyncpg.Pool, user: Principal, dossier_id: UUID, data: DraftInput, lang: Lang) -> DossierDetail:
    """Create the draft under the id the phone chose, or save what was typed since (last write wins)."""
    async with db.acquire() as conn, conn.transaction():
        row = await queries.dossier(conn, dossier_id, for_update=True)
        if row is None:
            await _new_draft(conn, user, dossier_id, data)
        else:
            deny_unless(_may_open(user, row), may_know_it_exists=False)
            if State(row["state"]) not in EDITABLE_STATES:
                raise _not_editable(
                    Text(
                        "Hồ sơ đã gửi nên không sửa được nữa. Nếu cần, hãy liên hệ cơ quan giải quyết.",
                        "The dossier was sent, so it can no longer be changed. If needed, contact the handling agency.",
                    )
                )
            await queries.save_draft(
                conn, dossier_id,
                await _agency_after_save(conn, row, data.commune_code),
                msgspec.to_builtins(data.applicant) if data.applicant else row["applicant"],
                data.form if data.form is not None else row["form"],
                msgspec.to_builtins(data.delivery) if data.delivery else row["delivery"],
            )
        return await _detail(conn, await queries.dossier(conn, dossier_id), user, lang)


async def discard_draft(db: asyncpg.Pool, user: Principal, dossier_id: UUID) -> None:
    row = await load_own(db, user, dossier_id)
    if not await queries.delete_draft(db, row["id"]):
        raise Problem(
            409, "not_a_draft", Text("Không thể xoá", "Cannot delete"),
            Text(
                "Chỉ xoá được hồ sơ chưa gửi. Hồ sơ đã gửi có thể rút lại.",
                "Only a dossier not sent yet can be deleted. A sent dossier can be withdrawn.",
            ),
        )


async def editable_own(db: asyncpg.Pool, user: Principal, dossier_id: UUID) -> asyncpg.Record:
    row = await load_own(db, user, dossier_id)
    if State(row["state"]) not in EDITABLE_STATES:
        raise _not_editable(
            Text(
                "Hồ sơ đã gửi nên không thêm hoặc bớt ảnh được nữa.",
                "The dossier was sent, so photos can no longer be added or removed.",
            )
        )
    return row


def document_of(row: asyncpg.Record, document_code: str) -> dict:
    for document in row["procedure_documents"]:
        if document["code"] == document_code:
            return document
    raise Problem(
        404, "document_not_found", Text("Không có giấy tờ này", "No such paper"),
        Text("Thủ tục này không yêu cầu giấy tờ bạn chọn.", "This procedure does not ask for the paper you chose."),
    )


# Submission


async def _dossier_code(conn: asyncpg.Connection, agency_code: str, now: datetime) -> str:
    day = now.astimezone(clock.VIETNAM).date()
    number = await queries.next_code_number(conn, agency_code, day)
    return f"{agency_code}-{day:%y%m%d}-{number:04d}"


def _postage_quote(row: asyncpg.Record, tariff: postage.Tariff) -> postage.PostageQuote | None:
    """The result letter's postage, from the desk's province to the delivery address's, for a dossier sent home."""
    delivery = msgspec.convert(row["delivery"], Delivery)
    if delivery.method != "post" or not delivery.province_code:
        return None
    return postage.quote(
        tariff, row["agency_province_code"], delivery.province_code, postage.RESULT_LETTER, delivery.postage_payment
    )


async def _submit_once(
    conn: asyncpg.Connection, user: Principal, dossier_id: UUID, action: Action, lang: Lang, tariff: postage.Tariff,
) -> DossierDetail:
    row = await load_own(conn, user, dossier_id, for_update=True)
    move = await transitions.check(conn, row, action, user, None)
    now = await conn.fetchval("select now()")
    changes: dict[str, Any] = {"submitted_at": now}  # a resubmission starts the reception clock again
    if action is Action.SUBMIT:
        quote = fee_preview(row)
        postage_quote = _postage_quote(row, tariff)
        if postage_quote and postage_quote.payment == "with_fee":
            quote = postage.with_postage(tariff, quote, postage_quote)  # charged with the fee
        changes["code"] = await _dossier_code(conn, row["agency_code"], now)  # only once the checks passed
        changes["fee_quote"] = msgspec.to_builtins(quote) if quote else None
        changes["postage"] = msgspec.to_builtins(postage_quote) if postage_quote else None
    filer = {"filed_by_staff_id": str(user.acting_staff_id)} if user.acting_staff_id else None
    await transitions.record(conn, row, move, user, changes=changes, detail=filer)
    if user.acting_grant_id is not None:
        await accounts.end_acting_grant(conn, user.acting_grant_id)  # the helper's access ends with the submission
    if action is Action.SUBMIT:
        await transitions.ask_for_fee_if_due(conn, dossier_id, "submission")
    await accounts.keep_name_if_missing(conn, user.id, row["applicant"].get("full_name"))
    submitted = await queries.dossier(conn, dossier_id)
    await documents.keep_in_wallet(
        conn, user.id, dossier_id, submitted["procedure_documents"], await documents.pages_of(conn, dossier_id)
    )
    return await _detail(conn, submitted, user, lang)


async def submit(
    db: asyncpg.Pool, user: Principal, dossier_id: UUID, action: Action, idempotency_key: str, body: bytes, lang: Lang,
    settings: Settings,
) -> DossierDetail:
    """Submit (or resubmit after a supplement) exactly once per Idempotency-Key (a repeat is answered as the
    first one was, in the words of its language)."""
    fingerprint = request_fingerprint(action.value, str(dossier_id), body)
    tariff = postage.tariff_from(settings.postage_tariff)
    async with db.acquire() as conn:
        answer = await run_once(
            conn, f"{action.value}:{user.id}", idempotency_key, fingerprint,
            lambda c: _submit_once(c, user, dossier_id, action, lang, tariff),
        )
    return msgspec.convert(answer, DossierDetail)


async def withdraw(db: asyncpg.Pool, user: Principal, dossier_id: UUID, reason: str | None, lang: Lang) -> DossierDetail:
    async with db.acquire() as conn, conn.transaction():
        row = await load_own(conn, user, dossier_id, for_update=True)
        await transitions.transition(conn, row, Action.WITHDRAW, user, note=reason)
        return await _detail(conn, await queries.dossier(conn, dossier_id), user, lang)


# Tra cứu hồ sơ: anyone with the receipt's code and the applicant's phone's last four digits


def _no_such_dossier() -> Problem:
    # One answer for an unknown code and a wrong pair: the look-up must not tell which codes exist.
    return Problem(
        404, "lookup_not_found", Text("Không tìm thấy hồ sơ", "No dossier found"),
        Text(
            "Không có hồ sơ nào khớp mã và 4 số cuối điện thoại này. Hãy xem lại mã trên phiếu hẹn.",
            "No dossier matches this code and these last four digits. Check the code on the receipt.",
        ),
    )



async def lookup(db: asyncpg.Pool, redis: Redis, settings: Settings, data: LookupInput, origin: Origin, lang: Lang) -> DossierStatus:
    """A dossier's status in plain words, for a code and the last four digits of its applicant's phone. Wrong
    guesses are capped per address and per code (accounts.limits)."""
    code = data.code.strip().upper()
    prefix = settings.redis_prefix
    await limits.refuse_spent_lookups(redis, prefix, origin.rate_key, code)
    row = await queries.dossier_and_phone_by_code(db, code)
    # A person without a phone of their own is looked up by the contact phone on the dossier; with neither, at the counter.
    if row is None or not row["citizen_phone"] or not hmac.compare_digest(row["citizen_phone"][-4:], data.phone_last4):
        await limits.count_failed_lookup(redis, prefix, origin.rate_key, code)
        raise _no_such_dossier()
    state = State(row["state"])
    return DossierStatus(
        code=row["code"], procedure_name=row["procedure_name"], procedure_name_en=row["procedure_name_en"],
        agency_name=row["agency_name"], agency_name_en=row["agency_name_en"], state=state.value,
        state_words=CITIZEN_WORDS[state][lang], national_status=NATIONAL_STATUS[state],
        submitted_at=row["submitted_at"], due_date=row["due_date"],
    )
