"""Back-office rules: who sees which dossier, every officer move, due dates, apology letters, overdue.

Every state change goes through `backend.dossiers.service.check/record` (the transition table,
preconditions, optimistic locking, events, outbox). Moves that are not state changes (an apology
letter, the issued result, the overdue flag) are recorded as events of their own here, under the
same optimistic lock where they change what the officer saw.

Scope: a reception officer sees the dossiers of their own agency and of every agency their desk
receives for (`reception_desks`: the province's service centre receives for all departments);
specialists and leaders see the dossiers their agency holds now (a handover moves it).
"""

from __future__ import annotations

import base64
import logging
from datetime import date, datetime
from typing import Any
from uuid import UUID

import asyncpg
import msgspec

from backend.accounts import audit
from backend.accounts.audit import Origin
from backend.accounts.guards import Principal, deny_unless
from backend.catalog.fees import FeeQuote
from backend.catalog.schemas import FormField
from backend.catalog.search import fold
from backend.documents import queries as document_queries
from backend.dossiers import queries as dossier_queries
from backend.dossiers import service as dossiers
from backend.dossiers.forms import form_errors
from backend.dossiers.lifecycle import (
    CITIZEN_WORDS, NATIONAL_STATUS, Action, Role, State, allowed_actions, find_transition,
)
from backend.dossiers.schemas import Applicant, Delivery, PageOut
from backend.errors import Problem
from backend.ids import new_id
from backend.processing import queries
from backend.processing.calendar import VIETNAM, WorkCalendar
from backend.processing.schemas import (
    ActionInput, Apology, ApologyInput, Assignee, CalendarDay, CalendarYear, Handover, OfficeDossier,
    Queue, QueueItem, ResultInfo, ResultInput, StaffEvent, Statistics, AgencyStatistics,
)
from backend.settings import Settings
from backend.storage import ObjectStorage

log = logging.getLogger("backend.processing")

ACTIVE = {State.RECEIVED, State.PROCESSING, State.PENDING_APPROVAL}
RESULT_STATES = dossiers.RESULT_STATES
# Moves made by the specialist working on the dossier: a colleague's dossier answers 403.
_ASSIGNED_WORK = {Action.HAND_OVER, Action.SUBMIT_FOR_APPROVAL, Action.REQUEST_SUPPLEMENT, Action.STOP}


def _not_found() -> Problem:
    return Problem(404, "dossier_not_found", "Không tìm thấy hồ sơ", "Không có hồ sơ này trong hàng đợi của cơ quan bạn.")


def _stale() -> Problem:
    return Problem(
        409, "dossier_changed", "Hồ sơ vừa được cập nhật",
        "Hồ sơ vừa được người khác cập nhật. Hãy tải lại để xem trạng thái mới nhất rồi thử lại.",
    )


# Scope


def _desk(user: Principal) -> bool:
    return user.role == "reception_officer"


async def visible(conn: asyncpg.Connection | asyncpg.Pool, user: Principal, row: asyncpg.Record) -> bool:
    if row["state"] == State.DRAFT or not user.agency_code:
        return False
    if _desk(user):
        return await queries.desk_covers(conn, user.agency_code, row["agency_code"])
    return row["agency_code"] == user.agency_code


async def load_for_staff(
    conn: asyncpg.Connection | asyncpg.Pool, user: Principal, dossier_id: UUID, *, for_update: bool = False
) -> asyncpg.Record:
    row = await dossier_queries.dossier(conn, dossier_id, for_update=for_update)
    if row is None or not await visible(conn, user, row):
        raise _not_found()
    return row


# Reading


def _page_out(page: asyncpg.Record) -> PageOut:
    base = f"/api/office/dossiers/{page['dossier_id']}/pages/{page['id']}"
    ready = page["status"] == "ready"
    out = dossiers.page_out(page)
    return msgspec.structs.replace(
        out, image_url=f"{base}/image" if ready else None, thumbnail_url=f"{base}/thumbnail" if ready else None
    )


async def _result_row(conn: asyncpg.Connection | asyncpg.Pool, dossier_id: UUID) -> Any:
    try:
        from backend.processing import results
    except ImportError:  # the e-result module is built alongside; without it nothing is issued
        return None
    return await results.result_for_dossier(conn, dossier_id)


def _result_info(result: Any, dossier_id: UUID, *, staff: bool) -> ResultInfo | None:
    if result is None:
        return None
    prefix = "/api/office/dossiers" if staff else "/api/dossiers"
    return ResultInfo(id=result["id"], verification_code=result["verification_code"], url=f"{prefix}/{dossier_id}/result")


def staff_actions(row: asyncpg.Record, user: Principal) -> list[str]:
    return [a.value for a in allowed_actions(State(row["state"]), Role(user.role))]


async def office_detail(conn: asyncpg.Connection | asyncpg.Pool, row: asyncpg.Record, user: Principal) -> OfficeDossier:
    pages = await document_queries.pages_of(conn, row["id"])
    reuses = {r["document_code"]: r["wallet_document_id"] for r in await document_queries.wallet_reuses(conn, row["id"])}
    slots = dossiers._slots(row["procedure_documents"], pages, reuses)
    slots = [msgspec.structs.replace(s, pages=[_page_out(p) for p in pages if p["document_code"] == s.code]) for s in slots]
    state = State(row["state"])
    events = await queries.staff_events(conn, row["id"])
    return OfficeDossier(
        id=row["id"], code=row["code"], procedure_code=row["procedure_code"], procedure_name=row["procedure_name"],
        agency_code=row["agency_code"], agency_name=row["agency_name"], working_days=row["working_days"],
        state=state.value, state_words=CITIZEN_WORDS[state], national_status=NATIONAL_STATUS[state],
        lock_version=row["lock_version"], applicant=msgspec.convert(row["applicant"], Applicant), form=row["form"],
        form_definition=msgspec.convert(row["procedure_form"], list[FormField]),
        form_errors=form_errors(row["procedure_form"], row["form"]),
        delivery=msgspec.convert(row["delivery"], Delivery), documents=slots,
        fee=msgspec.convert(row["fee_quote"], FeeQuote) if row["fee_quote"] else None,
        allowed_actions=staff_actions(row, user),
        timeline=[
            StaffEvent(
                at=e["at"], action=e["action"], from_state=e["from_state"], to_state=e["to_state"],
                words=CITIZEN_WORDS[State(e["to_state"])], national_status=NATIONAL_STATUS[State(e["to_state"])],
                note=e["note"], actor_role=e["actor_role"], actor_name=e["actor_name"], visibility=e["visibility"],
                detail=e["detail"] or {},
            )
            for e in events
        ],
        handovers=[
            Handover(
                from_agency_code=h["from_agency_code"], from_agency_name=h["from_agency_name"],
                to_agency_code=h["to_agency_code"], to_agency_name=h["to_agency_name"], handed_by=h["handed_by_name"],
                handed_at=h["handed_at"], note=h["note"], taken_by=h["taken_by_name"], taken_at=h["taken_at"],
            )
            for h in await queries.handovers(conn, row["id"])
        ],
        apologies=[Apology(**dict(a)) for a in await queries.apologies(conn, row["id"])],
        submitted_at=row["submitted_at"], received_at=row["received_at"], due_date=row["due_date"],
        statutory_due_date=row["statutory_due_date"], overdue=row["overdue_since"] is not None,
        assigned_to=row["assigned_to"],
        receipt_url=f"/api/office/dossiers/{row['id']}/receipt" if row["receipt_key"] else None,
        result=_result_info(await _result_row(conn, row["id"]), row["id"], staff=True),
    )


async def get(db: asyncpg.Pool, user: Principal, dossier_id: UUID, origin: Origin) -> OfficeDossier:
    async with db.acquire() as conn:
        row = await load_for_staff(conn, user, dossier_id)
        await audit.record(conn, user, "dossier.read", origin, object_type="dossier", object_id=dossier_id)
        return await office_detail(conn, row, user)


def _cursor(row: asyncpg.Record) -> str:
    return base64.urlsafe_b64encode(msgspec.json.encode([row["submitted_at"].isoformat(), str(row["id"])])).decode()


def _parse_cursor(cursor: str) -> tuple[datetime, UUID]:
    try:
        submitted_at, row_id = msgspec.json.decode(base64.urlsafe_b64decode(cursor.encode()))
        return datetime.fromisoformat(submitted_at), UUID(row_id)
    except (ValueError, TypeError, msgspec.DecodeError) as exc:
        raise Problem(422, "invalid_cursor", "Trang không hợp lệ", "Hãy tải lại danh sách hồ sơ.") from exc


def _phone_digits(q: str) -> str:
    """The national part of a phone number as typed ("0912 345 678", "+84912…") to match any stored form."""
    digits = "".join(ch for ch in q if ch.isdigit())
    if len(digits) < 6 or len(digits) != len(q.replace(" ", "").replace("+", "").replace(".", "")):
        return ""
    if digits.startswith("84"):
        digits = digits[2:]
    return digits.lstrip("0")


async def queue(
    db: asyncpg.Pool, user: Principal, origin: Origin, *, state: str | None, overdue: bool, q: str | None,
    after: str | None, limit: int,
) -> Queue:
    if state is not None and state not in {s.value for s in State}:
        raise Problem(422, "invalid_state", "Trạng thái không hợp lệ", "Hãy chọn một trạng thái trong danh sách.")
    agency, desk = user.agency_code or "", _desk(user)
    text = fold(q) if q and q.strip() else None
    async with db.acquire() as conn:
        rows = await queries.queue(
            conn, agency, desk, state=state, overdue=overdue, q=text, digits=_phone_digits(q or ""),
            after=_parse_cursor(after) if after else None, limit=limit + 1,
        )
        counts = await queries.queue_counts(conn, agency, desk)
        late = await queries.overdue_count(conn, agency, desk)
        page = rows[:limit]
        # Applicants' names and phones are personal data: listing them is an access, audited.
        await audit.record(
            conn, user, "dossier.queue", origin, object_type="queue", object_id=agency,
            detail={"dossier_ids": [str(r["id"]) for r in page], "state": state, "q": q},
        )
    return Queue(
        agency_code=agency, counts=counts, overdue=late,
        items=[
            QueueItem(
                id=r["id"], code=r["code"], procedure_code=r["procedure_code"], procedure_name=r["procedure_name"],
                agency_code=r["agency_code"], agency_name=r["agency_name"], state=r["state"],
                state_words=CITIZEN_WORDS[State(r["state"])], applicant_name=r["applicant_name"],
                applicant_phone=r["applicant_phone"], submitted_at=r["submitted_at"], received_at=r["received_at"],
                due_date=r["due_date"], overdue=r["overdue_since"] is not None, assigned_to=r["assigned_to"],
            )
            for r in page
        ],
        next=_cursor(page[-1]) if len(rows) > limit else None,
    )


async def page_image(
    db: asyncpg.Pool, storage: ObjectStorage, user: Principal, dossier_id: UUID, page_id: UUID, variant: str,
    origin: Origin,
) -> tuple[bytes, str]:
    from backend.documents import service as documents

    async with db.acquire() as conn:
        await load_for_staff(conn, user, dossier_id)
        page = await documents.page_of(conn, dossier_id, page_id)
        await audit.record(
            conn, user, "dossier.page_read", origin, object_type="dossier", object_id=dossier_id,
            detail={"page_id": str(page_id), "variant": variant},
        )
    return await documents.page_bytes(storage, page, variant)


async def assignees(db: asyncpg.Pool, user: Principal, dossier_id: UUID, origin: Origin) -> list[Assignee]:
    async with db.acquire() as conn:
        row = await load_for_staff(conn, user, dossier_id)
        await audit.record(conn, user, "dossier.assignees_read", origin, object_type="dossier", object_id=dossier_id)
        return [Assignee(id=r["id"], full_name=r["full_name"]) for r in await queries.specialists(conn, row["agency_code"])]


# The working calendar


async def work_calendar(conn: asyncpg.Connection | asyncpg.Pool) -> WorkCalendar:
    rows = await queries.calendar_adjustments(conn)
    return WorkCalendar.with_adjustments(
        days_off=[r["day"] for r in rows if r["kind"] == "day_off"],
        make_up_days=[r["day"] for r in rows if r["kind"] == "working_day"],
    )


async def due_date_for(conn: asyncpg.Connection | asyncpg.Pool, row: asyncpg.Record, received_at: datetime) -> date:
    calendar = await work_calendar(conn)
    return calendar.due_date(received_at, row["working_days"], row["same_day_cutoff"])


async def calendar_year(db: asyncpg.Pool, year: int | None) -> CalendarYear:
    rows = await queries.calendar_adjustments(db, year)
    return CalendarYear(items=[CalendarDay(day=r["day"], kind=r["kind"], note=r["note"]) for r in rows])


async def put_calendar_day(db: asyncpg.Pool, user: Principal, day: date, kind: str, note: str, origin: Origin) -> CalendarDay:
    async with db.acquire() as conn, conn.transaction():
        await queries.put_adjustment(conn, day, kind, note, user.id)
        await audit.record(
            conn, user, "calendar.put", origin, object_type="calendar_day", object_id=day.isoformat(), detail={"kind": kind}
        )
    return CalendarDay(day=day, kind=kind, note=note)  # type: ignore[arg-type]


async def delete_calendar_day(db: asyncpg.Pool, user: Principal, day: date, origin: Origin) -> None:
    async with db.acquire() as conn, conn.transaction():
        if not await queries.delete_adjustment(conn, day):
            raise Problem(404, "calendar_day_not_found", "Không có ngày này", "Ngày này chưa được điều chỉnh trong lịch làm việc.")
        await audit.record(conn, user, "calendar.delete", origin, object_type="calendar_day", object_id=day.isoformat())


# Moves


def _format(day: date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _require(value: str | None, field: str, message: str) -> str:
    if not value or not value.strip():
        raise Problem(422, f"{field}_required", "Thiếu thông tin", message, errors=[{"field": field, "message": message}])
    return value.strip()


def _receipt_renderer() -> Any:
    """The module rendering the receipt form (built alongside this one); None while it is absent."""
    for name in ("results", "pdf"):
        try:
            module = __import__(f"backend.processing.{name}", fromlist=["receipt_pdf"])
        except ImportError:
            continue
        if hasattr(module, "receipt_pdf") and hasattr(module, "ReceiptData"):
            return module
    return None


async def _store_receipt(
    storage: ObjectStorage, row: asyncpg.Record, received_at: datetime, due: date, officer: Principal
) -> str | None:
    """The receipt-and-appointment form (phiếu tiếp nhận và hẹn trả kết quả), rendered and stored."""
    renderer = _receipt_renderer()
    if renderer is None:
        log.warning("receipt not rendered: the PDF module is not available")
        return None
    pdf = renderer.receipt_pdf(receipt_data(renderer, row, received_at, due, officer))
    key = f"receipts/{row['id']}/{received_at.astimezone(VIETNAM):%Y%m%dT%H%M%S}.pdf"
    await storage.put(key, pdf)
    return key


def _address(place: dict) -> str | None:
    return ", ".join(str(place[k]) for k in ("street",) if place.get(k)) or None


def receipt_data(renderer: Any, row: asyncpg.Record, received_at: datetime, due: date, officer: Principal) -> Any:
    applicant = row["applicant"] or {}
    delivery = row["delivery"] or {}
    fee = (row["fee_quote"] or {}).get("total") or 0
    documents = [
        renderer.ReceivedDocument(name=d["name"], copies=d.get("copies", 1), kind="Bản điện tử")
        for d in row["procedure_documents"]
        if d.get("required", True)
    ]
    return renderer.ReceiptData(
        agency_name=row["agency_name"], dossier_code=row["code"], applicant_name=applicant.get("full_name") or "",
        procedure_name=row["procedure_name"], received_at=received_at,
        officer_name=officer.display_name or officer.label, documents=documents,
        applicant_phone=applicant.get("phone"), applicant_address=_address(applicant), due_date=due,
        working_days=row["working_days"], return_method="post" if delivery.get("method") == "post" else "counter",
        delivery_address=_address(delivery) if delivery.get("method") == "post" else None,
        fee=fee, fee_mode="at_result" if fee else "free",
    )


async def _into_wallet(conn: asyncpg.Connection, row: asyncpg.Record) -> None:
    """The result goes to the citizen's wallet ('ket_qua:<procedure code>')."""
    await queries.put_result_in_wallet(
        conn, new_id(), row["citizen_id"], f"ket_qua:{row['procedure_code']}", f"Kết quả: {row['procedure_name']}", row["id"]
    )


async def act(
    db: asyncpg.Pool, storage: ObjectStorage, settings: Settings | None, user: Principal, dossier_id: UUID,
    action_name: str, data: ActionInput, origin: Origin, *, now: datetime | None = None,
) -> OfficeDossier:
    try:
        action = Action(action_name)
    except ValueError:
        raise Problem(404, "action_not_found", "Không có thao tác này", "Thao tác này không có trong quy trình xử lý hồ sơ.") from None
    try:
        return await _act(db, storage, settings, user, dossier_id, action, data, origin, now=now)
    except Problem as problem:
        if problem.status in (403, 409, 422):  # a refused attempt on a dossier the caller sees is an access too
            await audit.record(
                db, user, f"dossier.{action.value}", origin, object_type="dossier", object_id=dossier_id,
                detail={"lock_version": data.lock_version, "refused": problem.code},
            )
        raise


async def _act(
    db: asyncpg.Pool, storage: ObjectStorage, settings: Settings | None, user: Principal, dossier_id: UUID,
    action: Action, data: ActionInput, origin: Origin, *, now: datetime | None = None,
) -> OfficeDossier:
    async with db.acquire() as conn, conn.transaction():
        row = await load_for_staff(conn, user, dossier_id, for_update=True)
        await audit.record(
            conn, user, f"dossier.{action.value}", origin, object_type="dossier", object_id=dossier_id,
            detail={"lock_version": data.lock_version},
        )
        if data.lock_version != row["lock_version"]:
            raise _stale()
        if (
            user.role == "specialist" and action in _ASSIGNED_WORK | {Action.START}
            and row["assigned_to"] is not None and row["assigned_to"] != user.id
        ):
            deny_unless(False, may_know_it_exists=True)  # a colleague's dossier: they may see it, not move it
        await move(conn, storage, settings, user, row, action, data, now=now)
        return await office_detail(conn, await dossier_queries.dossier(conn, dossier_id), user)


async def move(
    conn: asyncpg.Connection, storage: ObjectStorage, settings: Settings | None, user: Principal, row: asyncpg.Record,
    action: Action, data: ActionInput, *, now: datetime | None = None,
) -> None:
    """One officer move inside the caller's transaction; `now` lets tests fix the reception time."""
    find_transition(State(row["state"]), action, Role(user.role))  # a forbidden move is a 409 before any field check
    note = data.note.strip() if data.note and data.note.strip() else None
    detail: dict[str, Any] = {}
    changes: dict[str, Any] = {}
    if action is Action.REQUEST_SUPPLEMENT:
        missing = [m.strip() for m in data.missing if m.strip()]
        parts = ["Cần bổ sung: " + "; ".join(missing) + "."] if missing else []
        if note:
            parts.append(note)
        note = " ".join(parts) or None
        detail = {"missing": missing, "message": data.note}
    elif action is Action.RETURN_RESULT:
        recipient = _require(data.recipient_name, "recipient_name", "Hãy ghi họ tên người nhận kết quả.")
        note = f"Người nhận: {recipient}" + (f". {note}" if note else "")
        detail = {"recipient_name": recipient}
    elif action is Action.HAND_OVER:
        target = _require(data.to_agency_code, "to_agency_code", "Hãy chọn cơ quan nhận hồ sơ liên thông.")
        agency = await queries.agency(conn, target)
        if agency is None or target == row["agency_code"]:
            raise Problem(
                422, "invalid_agency", "Cơ quan không hợp lệ", "Hãy chọn một cơ quan khác với cơ quan đang giữ hồ sơ.",
                errors=[{"field": "to_agency_code", "message": "cơ quan không hợp lệ"}],
            )
        detail = {"from_agency_code": row["agency_code"], "to_agency_code": target, "to_agency_name": agency["name"]}
        note = f"Chuyển liên thông đến {agency['name']}" + (f": {note}" if note else "")
    move_row = await dossiers.check(conn, row, action, user, note)
    at = now or await conn.fetchval("select now()")

    if action is Action.RECEIVE:
        due = await due_date_for(conn, row, at)
        changes = {"received_at": at, "due_date": due, "statutory_due_date": due, "overdue_since": None}
        receipt = await _store_receipt(storage, row, at, due, user)
        if receipt:
            changes["receipt_key"] = receipt
        note = note or f"Ngày hẹn trả kết quả: {_format(due)}"
        detail = {"due_date": due.isoformat()}
    elif action is Action.START:
        assignee = data.assignee_id or (user.id if user.role == "specialist" else None)
        if assignee is not None:
            staff = await queries.staff_member(conn, assignee)
            if staff is None or staff["role"] != "specialist" or staff["agency_code"] != row["agency_code"] or not staff["active"]:
                raise Problem(
                    422, "invalid_assignee", "Chuyên viên không hợp lệ",
                    "Hãy chọn một chuyên viên của cơ quan giải quyết hồ sơ.",
                    errors=[{"field": "assignee_id", "message": "chuyên viên không hợp lệ"}],
                )
            changes["assigned_to"] = assignee
            detail = {"assignee_id": str(assignee), "assignee_name": staff["full_name"]}
    elif action is Action.HAND_OVER:
        changes = {"agency_code": detail["to_agency_code"], "assigned_to": None}
        await queries.insert_handover(
            conn, {"id": new_id(), "dossier_id": row["id"], "from_agency_code": row["agency_code"],
                   "to_agency_code": detail["to_agency_code"], "handed_by": user.id, "note": data.note},
        )
    elif action in (Action.APPROVE, Action.RESOLVE_ON_THE_SPOT):
        changes = {"resolved_at": at, "overdue_since": None}
        if action is Action.RESOLVE_ON_THE_SPOT and row["received_at"] is None:
            changes["received_at"] = at
    elif action is Action.RETURN_RESULT:
        changes = {"returned_at": at}
    elif action is Action.REQUEST_SUPPLEMENT:
        changes = {"overdue_since": None}  # the clock stops; it restarts at the next reception

    if user.role in ("specialist", "leader") and action is not Action.HAND_OVER:
        await queries.take_handover(conn, row["id"], row["agency_code"], user.id)
    if user.role == "specialist" and row["assigned_to"] is None and row["state"] == State.PROCESSING and action is not Action.HAND_OVER:
        changes.setdefault("assigned_to", user.id)  # the first specialist to work on it takes it
    visibility = "internal" if action in (Action.START, Action.SUBMIT_FOR_APPROVAL, Action.SEND_BACK) else "citizen"
    await dossiers.record(conn, row, move_row, user, note=note, changes=changes, visibility=visibility, detail=detail)
    if action in (Action.APPROVE, Action.RESOLVE_ON_THE_SPOT):
        await _into_wallet(conn, row)


def _event_values(
    row: asyncpg.Record, actor: Principal | None, action: str, note: str | None, visibility: str, detail: dict
) -> dict[str, Any]:
    return {
        "id": new_id(), "dossier_id": row["id"], "actor_kind": actor.kind if actor else "system",
        "actor_id": actor.id if actor else None, "actor_role": actor.role if actor else None, "action": action,
        "from_state": row["state"], "to_state": row["state"], "note": note, "visibility": visibility, "detail": detail,
    }


# The result


async def issue_result(
    db: asyncpg.Pool, storage: ObjectStorage, settings: Settings, user: Principal, dossier_id: UUID, data: ResultInput,
    origin: Origin,
) -> OfficeDossier:
    """The specialist (or, for "4 tại chỗ", the reception officer) generates the signed e-result."""
    try:
        from backend.processing import results
    except ImportError:
        raise Problem(503, "results_unavailable", "Chưa ban hành được kết quả", "Chức năng ký số kết quả chưa sẵn sàng.") from None

    async with db.acquire() as conn, conn.transaction():
        row = await load_for_staff(conn, user, dossier_id, for_update=True)
        await audit.record(conn, user, "dossier.issue_result", origin, object_type="dossier", object_id=dossier_id)
        if data.lock_version != row["lock_version"]:
            raise _stale()
        state = State(row["state"])
        may = (user.role == "specialist" and state is State.PROCESSING) or (
            user.role == "reception_officer" and state is State.RECEIVED and row["working_days"] == 0
        )
        if not may:
            raise Problem(
                409, "result_not_allowed", "Chưa thể ban hành kết quả",
                "Chuyên viên ban hành kết quả khi hồ sơ đang được xử lý; cán bộ một cửa chỉ ban hành với thủ tục giải quyết trong ngày.",
            )
        if user.role == "specialist" and row["assigned_to"] not in (None, user.id):
            deny_unless(False, may_know_it_exists=True)
        if await results.result_for_dossier(conn, dossier_id) is not None:
            raise Problem(409, "result_exists", "Đã có kết quả", "Hồ sơ này đã có kết quả được ký số.")
        issued = await results.issue_result(conn, storage, settings, row, title=data.title, body=data.body, issued_by=user)
        if not await queries.bump(conn, dossier_id, row["lock_version"], {}):
            raise _stale()
        await dossier_queries.insert_event(
            conn, _event_values(row, user, "issue_result", data.title, "internal",
                                {"result_id": str(issued.id), "verification_code": issued.verification_code}),
        )
        return await office_detail(conn, await dossier_queries.dossier(conn, dossier_id), user)


async def result_pdf_for_staff(
    db: asyncpg.Pool, storage: ObjectStorage, user: Principal, dossier_id: UUID, origin: Origin
) -> tuple[bytes, str]:
    async with db.acquire() as conn:
        row = await load_for_staff(conn, user, dossier_id)
        await audit.record(conn, user, "dossier.result_read", origin, object_type="dossier", object_id=dossier_id)
        return await _result_pdf(conn, storage, row)


async def result_pdf_for_citizen(db: asyncpg.Pool, storage: ObjectStorage, user: Principal, dossier_id: UUID) -> tuple[bytes, str]:
    async with db.acquire() as conn:
        row = await dossiers.load_own(conn, user, dossier_id)
        if State(row["state"]) not in RESULT_STATES:
            raise Problem(404, "result_not_ready", "Chưa có kết quả", "Hồ sơ chưa có kết quả. Bạn sẽ được báo khi có kết quả.")
        return await _result_pdf(conn, storage, row)


async def _result_pdf(conn: asyncpg.Connection, storage: ObjectStorage, row: asyncpg.Record) -> tuple[bytes, str]:
    result = await _result_row(conn, row["id"])
    if result is None:
        raise Problem(404, "result_not_found", "Chưa có kết quả", "Hồ sơ này chưa có kết quả điện tử.")
    from backend.processing import results

    return await results.result_pdf(storage, result), f"{row['code']}-ket-qua.pdf"


async def receipt_for_staff(
    db: asyncpg.Pool, storage: ObjectStorage, user: Principal, dossier_id: UUID, origin: Origin
) -> tuple[bytes, str]:
    async with db.acquire() as conn:
        row = await load_for_staff(conn, user, dossier_id)
        await audit.record(conn, user, "dossier.receipt_read", origin, object_type="dossier", object_id=dossier_id)
    return await _receipt(storage, row)


async def receipt_for_citizen(db: asyncpg.Pool, storage: ObjectStorage, user: Principal, dossier_id: UUID) -> tuple[bytes, str]:
    return await _receipt(storage, await dossiers.load_own(db, user, dossier_id))


async def _receipt(storage: ObjectStorage, row: asyncpg.Record) -> tuple[bytes, str]:
    if not row["receipt_key"]:
        raise Problem(404, "receipt_not_found", "Chưa có phiếu tiếp nhận", "Hồ sơ chưa được tiếp nhận nên chưa có phiếu hẹn trả.")
    return await storage.get(row["receipt_key"]), f"{row['code']}-phieu-tiep-nhan.pdf"


# Overdue and apology letters


async def apologise(
    db: asyncpg.Pool, user: Principal, dossier_id: UUID, data: ApologyInput, origin: Origin, *, today: date | None = None
) -> OfficeDossier:
    """An apology letter with a new due date: the reason is required, the citizen sees it and is notified."""
    reason = _require(data.reason, "reason", "Hãy ghi rõ lý do chậm trả kết quả.")
    async with db.acquire() as conn, conn.transaction():
        row = await load_for_staff(conn, user, dossier_id, for_update=True)
        await audit.record(conn, user, "dossier.apology", origin, object_type="dossier", object_id=dossier_id)
        if data.lock_version != row["lock_version"]:
            raise _stale()
        if State(row["state"]) not in ACTIVE:
            raise Problem(409, "apology_not_allowed", "Không cần thư xin lỗi", "Chỉ hồ sơ đang giải quyết mới có thể hẹn lại ngày trả.")
        today = today or datetime.now(VIETNAM).date()
        if data.new_due_date <= (row["due_date"] or today) or data.new_due_date < today:
            raise Problem(
                422, "invalid_new_due_date", "Ngày hẹn mới chưa hợp lệ",
                f"Ngày hẹn mới phải sau ngày hẹn cũ ({_format(row['due_date'])}) và không ở quá khứ.",
                errors=[{"field": "new_due_date", "message": "ngày hẹn mới phải sau ngày hẹn cũ"}],
            )
        if not await work_calendar_is_working(conn, data.new_due_date):
            raise Problem(
                422, "not_a_working_day", "Ngày hẹn mới là ngày nghỉ", "Hãy chọn một ngày làm việc.",
                errors=[{"field": "new_due_date", "message": "ngày nghỉ"}],
            )
        if not await queries.bump(conn, dossier_id, row["lock_version"], {"due_date": data.new_due_date, "overdue_since": None}):
            raise _stale()
        await queries.insert_apology(
            conn, {"id": new_id(), "dossier_id": dossier_id, "issued_by": user.id, "reason": reason,
                   "previous_due_date": row["due_date"], "new_due_date": data.new_due_date},
        )
        note = f"Xin lỗi vì hồ sơ chậm trả kết quả: {reason}. Ngày hẹn trả mới: {_format(data.new_due_date)}."
        detail = {
            "previous_due_date": row["due_date"].isoformat() if row["due_date"] else None,
            "new_due_date": data.new_due_date.isoformat(),
        }
        await dossier_queries.insert_event(conn, _event_values(row, user, "apologise", note, "citizen", detail))
        await dossier_queries.insert_outbox(
            conn, new_id(), "dossier.apology", dossier_id, row["citizen_id"],
            {"code": row["code"], "reason": reason, "new_due_date": data.new_due_date.isoformat(), "note": note},
        )
        return await office_detail(conn, await dossier_queries.dossier(conn, dossier_id), user)


async def work_calendar_is_working(conn: asyncpg.Connection, day: date) -> bool:
    return (await work_calendar(conn)).is_working_day(day)


async def flag_overdue(db: asyncpg.Pool, today: date | None = None) -> int:
    """Flag dossiers past their due date (the worker's cron). Idempotent: flagged ones are skipped."""
    today = today or datetime.now(VIETNAM).date()
    async with db.acquire() as conn, conn.transaction():
        flagged = await queries.flag_overdue(conn, today)
        for row in flagged:
            await dossier_queries.insert_event(
                conn, _event_values(row, None, "flag_overdue", f"Quá hạn trả kết quả (hẹn {_format(row['due_date'])})",
                                    "internal", {"due_date": row["due_date"].isoformat()}),
            )
    return len(flagged)


# Statistics


async def statistics(
    db: asyncpg.Pool, start: date, end: date, agency_code: str | None = None, *, today: date | None = None
) -> Statistics:
    if end <= start:
        raise Problem(422, "invalid_period", "Khoảng thời gian không hợp lệ", "Ngày kết thúc phải sau ngày bắt đầu.")
    today = today or datetime.now(VIETNAM).date()
    rows = await queries.statistics(db, start, end, today, agency_code)
    return Statistics(start=start, end=end, items=[AgencyStatistics(**dict(r)) for r in rows])


# Demo data


# The one-stop officer of the first commune of the demo province (commune-level procedures go to the
# commune's People's Committee, whose own desk receives them).
DEMO_COMMUNE_OFFICER = ("tiepnhanxa", "demo-tiepnhanxa-2026", "Ngô Thị Hoa")


async def seed_processing(conn: asyncpg.Connection, settings: Settings) -> None:
    """Reception desks of the demo province: the service centre receives the province-level dossiers of
    every department; the first commune's People's Committee gets a one-stop officer of its own."""
    from backend.accounts.service import DemoStaff, upsert_demo_staff
    from backend.catalog.service import department_code

    province = f"{int(settings.demo_province_code):02d}"
    await queries.seed_service_centre(conn, department_code(settings.demo_province_code, "02"), province)
    if settings.environment == "production":
        return
    commune_agency = await queries.first_commune_agency(conn, province)
    if commune_agency is None:
        return
    username, password, full_name = DEMO_COMMUNE_OFFICER
    account = DemoStaff(username, password, full_name, "reception_officer")
    await upsert_demo_staff(conn, account, agency_code=commune_agency, team_code=None)
