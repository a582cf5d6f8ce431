"""Dossier rules: drafts, the one transition function every move goes through, submission.

Every move — by a citizen, an officer or a worker — goes through `transition`: it checks the
table in lifecycle.py, the precondition, and the version the caller saw, then writes the new
state, an event and (for moves the citizen sees) an outbox row, in the caller's transaction.
"""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg
import msgspec

from backend.accounts.guards import Principal, deny_unless
from backend.catalog import fees
from backend.catalog import queries as catalog_queries
from backend.catalog.fees import FeeAnswers, FeeQuote, FeeRule
from backend.catalog.schemas import FormField
from backend.documents import queries as document_queries
from backend.documents import service as documents
from backend.dossiers import queries
from backend.dossiers.forms import form_errors
from backend.dossiers.lifecycle import (
    CITIZEN_WORDS, NATIONAL_STATUS, Action, Precondition, Role, State, Transition, allowed_actions,
    find_transition,
)
from backend.dossiers.schemas import (
    Applicant, Delivery, DocumentSlot, DossierDetail, DossierPage, DossierSummary, DraftInput, Event, PageOut,
    SupplementRequest,
)
from backend.errors import FieldError, Problem
from backend.ids import new_id
from backend.idempotency import request_fingerprint, run_once
from backend.processing.calendar import VIETNAM

EDITABLE_STATES = {State.DRAFT, State.SUPPLEMENT_REQUESTED}
# States in which the citizen may download the signed e-result (GET /api/dossiers/{id}/result).
RESULT_STATES = {State.RESULT_READY, State.RETURNED, State.DELIVERING, State.DELIVERED}


# Reading


def _not_found() -> Problem:
    return Problem(404, "dossier_not_found", "Không tìm thấy hồ sơ", "Không tìm thấy hồ sơ này trong tài khoản của bạn.")


async def load_own(conn: asyncpg.Connection | asyncpg.Pool, user: Principal, dossier_id: UUID, *, for_update: bool = False) -> asyncpg.Record:
    """The caller's own dossier; another person's answers 404 — its existence is personal data."""
    row = await queries.dossier(conn, dossier_id, for_update=for_update)
    if row is None:
        raise _not_found()
    deny_unless(user.is_citizen and row["citizen_id"] == user.id, may_know_it_exists=False)
    return row


def fee_answers(form: dict[str, Any], channel: str) -> FeeAnswers:
    copies = form.get("copies")
    pages = form.get("pages")
    return FeeAnswers(
        copies=copies if isinstance(copies, int) and copies >= 1 else 1,
        pages=pages if isinstance(pages, int) and pages >= 1 else msgspec.UNSET,
        channel=channel,  # type: ignore[arg-type]
    )


def fee_preview(row: asyncpg.Record) -> FeeQuote | None:
    """The fee for what the form says so far; None while the answers cannot be priced yet."""
    rule = msgspec.convert(row["procedure_fee"], FeeRule)
    try:
        return fees.quote(rule, fee_answers(row["form"], row["channel"]))
    except fees.FeeInputError:
        return None


def page_out(page: asyncpg.Record) -> PageOut:
    base = f"/api/dossiers/{page['dossier_id']}/pages/{page['id']}"
    ready = page["status"] == "ready"
    return PageOut(
        id=page["id"], document_code=page["document_code"], position=page["position"], status=page["status"],
        width=page["width"], height=page["height"], image_bytes=page["image_bytes"], failure=page["failure"],
        image_url=f"{base}/image" if ready else None, thumbnail_url=f"{base}/thumbnail" if ready else None,
    )


def _slots(documents: list[dict], pages: list[asyncpg.Record], reuses: dict[str, UUID]) -> list[DocumentSlot]:
    slots = []
    for document in documents:
        own = [page_out(p) for p in pages if p["document_code"] == document["code"]]
        reused = reuses.get(document["code"])
        slots.append(
            DocumentSlot(
                code=document["code"], name=document["name"], required=document.get("required", True),
                copies=document.get("copies", 1),
                original_needed_at_counter=document.get("original_needed_at_counter", False),
                wallet_type=document.get("reusable_from_wallet"), pages=own, reused_wallet_document_id=reused,
                complete=reused is not None or any(p.status == "ready" for p in own),
            )
        )
    return slots


def _role(user: Principal) -> Role:
    return Role(user.role)


def _supplement(state: State, events: list[asyncpg.Record]) -> SupplementRequest | None:
    """The officer's latest request while the dossier waits for a supplement."""
    if state is not State.SUPPLEMENT_REQUESTED:
        return None
    for event in reversed(events):
        if event["action"] == Action.REQUEST_SUPPLEMENT.value:
            asked = event["detail"] or {}
            missing = [str(m) for m in asked.get("missing") or []]
            message = asked.get("message") or None
            return SupplementRequest(
                requested_at=event["at"], missing=missing, message=message if missing or message else event["note"]
            )
    return None


async def _has_result(conn: asyncpg.Connection | asyncpg.Pool, row: asyncpg.Record, state: State) -> bool:
    if state not in RESULT_STATES:
        return False
    from backend.processing import results  # the e-result module depends on this one

    return await results.result_for_dossier(conn, row["id"]) is not None


async def detail(conn: asyncpg.Connection | asyncpg.Pool, row: asyncpg.Record, user: Principal) -> DossierDetail:
    pages = await document_queries.pages_of(conn, row["id"])
    reuses = {r["document_code"]: r["wallet_document_id"] for r in await document_queries.wallet_reuses(conn, row["id"])}
    events = await queries.events(conn, row["id"], citizen_view=user.is_citizen)
    state = State(row["state"])
    return DossierDetail(
        id=row["id"], code=row["code"], procedure_code=row["procedure_code"],
        procedure_version_id=row["procedure_version_id"], procedure_name=row["procedure_name"],
        agency_code=row["agency_code"], agency_name=row["agency_name"], state=state.value,
        state_words=CITIZEN_WORDS[state], national_status=NATIONAL_STATUS[state], lock_version=row["lock_version"],
        applicant=msgspec.convert(row["applicant"], Applicant),
        form=row["form"], form_definition=msgspec.convert(row["procedure_form"], list[FormField]),
        form_errors=form_errors(row["procedure_form"], row["form"]),
        delivery=msgspec.convert(row["delivery"], Delivery),
        documents=_slots(row["procedure_documents"], pages, reuses),
        fee=msgspec.convert(row["fee_quote"], FeeQuote) if row["fee_quote"] else fee_preview(row),
        allowed_actions=[a.value for a in allowed_actions(state, _role(user))],
        timeline=[
            Event(
                at=e["at"], action=e["action"], from_state=e["from_state"], to_state=e["to_state"],
                words=CITIZEN_WORDS[State(e["to_state"])], national_status=NATIONAL_STATUS[State(e["to_state"])],
                note=e["note"], actor_role=e["actor_role"],
            )
            for e in events
        ],
        created_at=row["created_at"], submitted_at=row["submitted_at"], received_at=row["received_at"],
        due_date=row["due_date"], supplement=_supplement(state, events),
        has_result=await _has_result(conn, row, state), has_receipt=row["receipt_key"] is not None,
    )


def _summary(row: asyncpg.Record) -> DossierSummary:
    state = State(row["state"])
    return DossierSummary(
        id=row["id"], code=row["code"], procedure_code=row["procedure_code"], procedure_name=row["procedure_name"],
        agency_code=row["agency_code"], agency_name=row["agency_name"], state=state.value,
        state_words=CITIZEN_WORDS[state], national_status=NATIONAL_STATUS[state], created_at=row["created_at"],
        submitted_at=row["submitted_at"], due_date=row["due_date"],
    )


def _cursor(row: asyncpg.Record) -> str:
    return base64.urlsafe_b64encode(msgspec.json.encode([row["created_at"].isoformat(), str(row["id"])])).decode()


def _parse_cursor(cursor: str) -> tuple[datetime, UUID]:
    try:
        created_at, row_id = msgspec.json.decode(base64.urlsafe_b64decode(cursor.encode()))
        return datetime.fromisoformat(created_at), UUID(row_id)
    except (ValueError, TypeError, msgspec.DecodeError) as exc:
        raise Problem(422, "invalid_cursor", "Trang không hợp lệ", "Hãy tải lại danh sách hồ sơ.") from exc


async def list_own(db: asyncpg.Pool, user: Principal, after: str | None, limit: int) -> DossierPage:
    rows = await queries.citizen_dossiers(db, user.id, _parse_cursor(after) if after else None, limit + 1)
    return DossierPage(
        items=[_summary(r) for r in rows[:limit]], next=_cursor(rows[limit - 1]) if len(rows) > limit else None
    )


async def get_own(db: asyncpg.Pool, user: Principal, dossier_id: UUID) -> DossierDetail:
    return await detail(db, await load_own(db, user, dossier_id), user)


# Drafts


async def _agency_for(conn: asyncpg.Connection, version: asyncpg.Record, commune_code: str | None) -> str:
    if version["level"] == "province":
        return version["agency_code"]
    agency = await queries.commune_agency(conn, commune_code) if commune_code else None
    if agency is None:
        raise Problem(
            422,
            "commune_required",
            "Chưa chọn nơi nộp hồ sơ",
            "Thủ tục này do UBND xã/phường giải quyết. Hãy chọn xã/phường nơi bạn nộp hồ sơ.",
            errors=[{"field": "commune_code", "message": "hãy chọn xã/phường trong tỉnh"}],
        )
    return agency


async def _new_draft(conn: asyncpg.Connection, user: Principal, dossier_id: UUID, data: DraftInput) -> None:
    if not data.procedure_code:
        raise Problem(
            422, "procedure_required", "Chưa chọn thủ tục", "Hãy chọn thủ tục trước khi tạo hồ sơ.",
            errors=[{"field": "procedure_code", "message": "hãy chọn thủ tục"}],
        )
    version = await catalog_queries.current_version(conn, data.procedure_code)
    if version is None:
        raise Problem(404, "procedure_not_found", "Không tìm thấy thủ tục", "Thủ tục này không có hoặc đã ngừng áp dụng.")
    if version["online_mode"] == "none":
        raise Problem(
            422, "not_online", "Thủ tục chỉ nộp tại quầy",
            "Thủ tục này chưa nhận hồ sơ trực tuyến. Hãy mang giấy tờ đến Trung tâm Phục vụ hành chính công.",
        )
    profile = await queries.citizen_profile(conn, user.id)
    commune_code = data.commune_code or profile["commune_code"]
    applicant = data.applicant or Applicant(
        full_name=profile["full_name"], cccd=profile["cccd"], date_of_birth=profile["date_of_birth"],
        phone=profile["phone"], province_code=profile["province_code"], commune_code=profile["commune_code"],
        street=profile["street"],
    )
    await queries.insert_draft(
        conn,
        {
            "id": dossier_id, "procedure_version_id": version["id"], "procedure_code": data.procedure_code,
            "agency_code": await _agency_for(conn, version, commune_code), "citizen_id": user.id,
            "applicant": msgspec.to_builtins(applicant), "form": data.form or {},
            "delivery": msgspec.to_builtins(data.delivery or Delivery()),
        },
    )


async def save_draft(db: asyncpg.Pool, user: Principal, dossier_id: UUID, data: DraftInput) -> DossierDetail:
    """Create the draft under the id the phone chose, or save what was typed since (last write wins)."""
    async with db.acquire() as conn, conn.transaction():
        row = await queries.dossier(conn, dossier_id, for_update=True)
        if row is None:
            await _new_draft(conn, user, dossier_id, data)
        else:
            deny_unless(user.is_citizen and row["citizen_id"] == user.id, may_know_it_exists=False)
            if State(row["state"]) not in EDITABLE_STATES:
                raise Problem(
                    409, "dossier_not_editable", "Hồ sơ đã gửi",
                    "Hồ sơ đã gửi nên không sửa được nữa. Nếu cần, hãy liên hệ cơ quan giải quyết.",
                )
            await queries.save_draft(
                conn, dossier_id,
                msgspec.to_builtins(data.applicant) if data.applicant else row["applicant"],
                data.form if data.form is not None else row["form"],
                msgspec.to_builtins(data.delivery) if data.delivery else row["delivery"],
            )
        return await detail(conn, await queries.dossier(conn, dossier_id), user)


async def discard_draft(db: asyncpg.Pool, user: Principal, dossier_id: UUID) -> None:
    row = await load_own(db, user, dossier_id)
    if not await queries.delete_draft(db, row["id"]):
        raise Problem(409, "not_a_draft", "Không thể xoá", "Chỉ xoá được hồ sơ chưa gửi. Hồ sơ đã gửi có thể rút lại.")


async def editable_own(db: asyncpg.Pool, user: Principal, dossier_id: UUID) -> asyncpg.Record:
    row = await load_own(db, user, dossier_id)
    if State(row["state"]) not in EDITABLE_STATES:
        raise Problem(
            409, "dossier_not_editable", "Hồ sơ đã gửi",
            "Hồ sơ đã gửi nên không thêm hoặc bớt ảnh được nữa.",
        )
    return row


def document_of(row: asyncpg.Record, document_code: str) -> dict:
    for document in row["procedure_documents"]:
        if document["code"] == document_code:
            return document
    raise Problem(404, "document_not_found", "Không có giấy tờ này", "Thủ tục này không yêu cầu giấy tờ bạn chọn.")


# Preconditions of the transition table


async def _complete(conn: asyncpg.Connection, row: asyncpg.Record, note: str | None) -> None:
    """Every mandatory document has a ready page or a wallet document; the form and delivery are valid."""
    pages = await document_queries.pages_of(conn, row["id"])
    reuses = {r["document_code"]: r["wallet_document_id"] for r in await document_queries.wallet_reuses(conn, row["id"])}
    slots = _slots(row["procedure_documents"], pages, reuses)
    processing = [s.name for s in slots if any(p.status == "processing" for p in s.pages) and not s.complete]
    if processing:
        raise Problem(
            422, "pages_processing", "Ảnh đang được xử lý",
            f"Ảnh của “{processing[0]}” đang được xử lý. Hãy đợi vài giây rồi nộp lại.",
        )
    errors = [FieldError(f"documents.{s.code}", f"chưa có ảnh “{s.name}”") for s in slots if s.required and not s.complete]
    errors += form_errors(row["procedure_form"], row["form"])
    applicant = msgspec.convert(row["applicant"], Applicant)
    if not applicant.full_name:
        errors.append(FieldError("applicant.full_name", "hãy nhập họ tên người nộp"))
    delivery = msgspec.convert(row["delivery"], Delivery)
    if delivery.method == "post" and not (delivery.province_code and delivery.commune_code and delivery.street):
        errors.append(FieldError("delivery", "hãy nhập đủ địa chỉ nhận kết quả qua bưu điện"))
    if errors:
        raise Problem(
            422, "dossier_incomplete", "Hồ sơ chưa đủ",
            "Hồ sơ còn thiếu: " + "; ".join(e.message for e in errors) + ".",
            errors=[msgspec.structs.asdict(e) for e in errors],
        )


async def _reason_given(conn: asyncpg.Connection, row: asyncpg.Record, note: str | None) -> None:
    if not note or not note.strip():
        raise Problem(
            422, "reason_required", "Cần nêu lý do",
            "Hãy ghi rõ lý do để người nộp biết cần làm gì tiếp theo.",
            errors=[{"field": "note", "message": "hãy nhập lý do"}],
        )


async def _same_day(conn: asyncpg.Connection, row: asyncpg.Record, note: str | None) -> None:
    if row["working_days"] != 0:
        raise Problem(
            409, "not_same_day", "Không giải quyết tại chỗ được",
            "Chỉ thủ tục giải quyết trong ngày mới được tiếp nhận, duyệt và trả ngay tại quầy.",
        )


async def _delivery_chosen(conn: asyncpg.Connection, row: asyncpg.Record, note: str | None) -> None:
    if row["delivery"].get("method") != "post":
        raise Problem(
            409, "delivery_not_chosen", "Người nộp nhận tại quầy",
            "Người nộp chọn nhận kết quả tại quầy, không giao qua bưu điện.",
        )


async def _result_issued(conn: asyncpg.Connection, row: asyncpg.Record, note: str | None) -> None:
    """A signed e-result exists for the dossier (issued by the specialist before approval)."""
    from backend.processing import results  # the e-result module depends on this one

    if await results.result_for_dossier(conn, row["id"]) is None:
        raise Problem(
            409, "result_not_issued", "Chưa có kết quả",
            "Chuyên viên cần ban hành kết quả (văn bản điện tử có ký số) trước khi lãnh đạo phê duyệt.",
        )


async def _none(conn: asyncpg.Connection, row: asyncpg.Record, note: str | None) -> None:
    return None


PRECONDITION_CHECKS: dict[Precondition, Callable[[asyncpg.Connection, asyncpg.Record, str | None], Awaitable[None]]] = {
    Precondition.NONE: _none,
    Precondition.COMPLETE: _complete,
    Precondition.REASON_GIVEN: _reason_given,
    Precondition.SAME_DAY_PROCEDURE: _same_day,
    Precondition.DELIVERY_CHOSEN: _delivery_chosen,
    Precondition.RESULT_ISSUED: _result_issued,
}


# The one transition function


def _stale() -> Problem:
    return Problem(
        409, "dossier_changed", "Hồ sơ vừa được cập nhật",
        "Hồ sơ vừa được người khác cập nhật. Hãy tải lại để xem trạng thái mới nhất rồi thử lại.",
    )


async def check(conn: asyncpg.Connection, row: asyncpg.Record, action: Action, actor: Principal, note: str | None) -> Transition:
    """The table row for this move, once its precondition holds (409/422 problems otherwise)."""
    move = find_transition(State(row["state"]), action, _role(actor))
    check_precondition = PRECONDITION_CHECKS.get(move.precondition)
    if check_precondition is None:
        raise NotImplementedError(f"no check for precondition {move.precondition}")
    await check_precondition(conn, row, note)
    return move


async def record(
    conn: asyncpg.Connection,
    row: asyncpg.Record,
    move: Transition,
    actor: Principal,
    *,
    note: str | None = None,
    expected_version: int | None = None,
    changes: dict[str, Any] | None = None,
    visibility: str = "citizen",
    detail: dict[str, Any] | None = None,
) -> None:
    """Write a checked move: new state (if nobody moved it since the caller looked), event, outbox row."""
    version = row["lock_version"] if expected_version is None else expected_version
    if await queries.apply_transition(conn, row["id"], version, move.target.value, changes or {}) is None:
        raise _stale()
    await queries.insert_event(
        conn,
        {
            "id": new_id(), "dossier_id": row["id"], "actor_kind": actor.kind, "actor_id": actor.id,
            "actor_role": actor.role, "action": move.action.value, "from_state": row["state"],
            "to_state": move.target.value, "note": note, "visibility": visibility, "detail": detail or {},
        },
    )
    if visibility == "citizen":
        await queries.insert_outbox(
            conn, new_id(), "dossier.status_changed", row["id"], row["citizen_id"],
            {"code": (changes or {}).get("code", row["code"]), "to_state": move.target.value, "note": note},
        )


async def transition(
    conn: asyncpg.Connection, row: asyncpg.Record, action: Action, actor: Principal, *, note: str | None = None,
    **options: Any,
) -> None:
    """Check and record one move (options as for `record`). Call inside a transaction; `row` is the
    dossier as the caller saw it."""
    move = await check(conn, row, action, actor, note)
    await record(conn, row, move, actor, note=note, **options)


# Submission


async def _dossier_code(conn: asyncpg.Connection, agency_code: str, now: datetime) -> str:
    day = now.astimezone(VIETNAM).date()
    number = await queries.next_code_number(conn, agency_code, day)
    return f"{agency_code}-{day:%y%m%d}-{number:04d}"


async def _submit_once(conn: asyncpg.Connection, user: Principal, dossier_id: UUID, action: Action) -> DossierDetail:
    row = await load_own(conn, user, dossier_id, for_update=True)
    move = await check(conn, row, action, user, None)
    now = await conn.fetchval("select now()")
    changes: dict[str, Any] = {"submitted_at": now}  # a resubmission starts the reception clock again
    if action is Action.SUBMIT:
        quote = fee_preview(row)
        changes["code"] = await _dossier_code(conn, row["agency_code"], now)  # only once the checks passed
        changes["fee_quote"] = msgspec.to_builtins(quote) if quote else None
    await record(conn, row, move, user, changes=changes)
    submitted = await queries.dossier(conn, dossier_id)
    await documents.keep_in_wallet(
        conn, user.id, dossier_id, submitted["procedure_documents"], await document_queries.pages_of(conn, dossier_id)
    )
    return await detail(conn, submitted, user)


async def submit(
    db: asyncpg.Pool, user: Principal, dossier_id: UUID, action: Action, idempotency_key: str, body: bytes
) -> DossierDetail:
    """Submit (or resubmit after a supplement) exactly once per Idempotency-Key."""
    fingerprint = request_fingerprint(action.value, str(dossier_id), body)
    async with db.acquire() as conn:
        answer = await run_once(
            conn, f"{action.value}:{user.id}", idempotency_key, fingerprint,
            lambda c: _submit_once(c, user, dossier_id, action),
        )
    return msgspec.convert(answer, DossierDetail)


async def withdraw(db: asyncpg.Pool, user: Principal, dossier_id: UUID, reason: str | None) -> DossierDetail:
    async with db.acquire() as conn, conn.transaction():
        row = await load_own(conn, user, dossier_id, for_update=True)
        await transition(conn, row, Action.WITHDRAW, user, note=reason)
        return await detail(conn, await queries.dossier(conn, dossier_id), user)
