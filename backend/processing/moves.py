"""The officer's moves: every step of the transition table a reception officer, specialist or leader
makes, the signed e-result, apology letters with a new due date, and the overdue sweep.

State, events and outbox rows are written by the dossiers domain (`transitions`) only; this module
decides what each move needs (a reason, an assignee, an agency to hand over to) and what it changes.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

import asyncpg

from backend import clock
from backend.accounts import audit
from backend.accounts.audit import Origin
from backend.accounts.guards import Principal, deny_unless
from backend.accounts.schemas import Role
from backend.delivery import service as delivery
from backend.documents import service as documents
from backend.dossiers import transitions
from backend.dossiers import service as dossiers
from backend.dossiers.lifecycle import Action, State, find_transition
from backend.errors import FieldText, Problem
from backend.i18n import Lang, Text
from backend.ids import new_id
from backend.notifications import outbox
from backend.processing import queries
from backend.processing.schemas import ActionInput, ApologyInput, OfficeDossier, ResultInput
from backend.processing.service import due_date_for, load_for_staff, office_detail, work_calendar
from backend.results import service as results
from backend.settings import Settings
from backend.storage import ObjectStorage

ACTIVE = {State.RECEIVED, State.PROCESSING, State.PENDING_APPROVAL}
# Moves made by the specialist working on the dossier: a colleague's dossier answers 403.
_ASSIGNED_WORK = {Action.HAND_OVER, Action.SUBMIT_FOR_APPROVAL, Action.REQUEST_SUPPLEMENT, Action.STOP}
# Moves between colleagues that the citizen's timeline does not show.
_INTERNAL = {Action.START, Action.SUBMIT_FOR_APPROVAL, Action.SEND_BACK}


def _format(day: date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _require(value: str | None, field: str, message: Text) -> str:
    if not value or not value.strip():
        raise Problem(
            422, f"{field}_required", Text("Thiếu thông tin", "Information missing"), message,
            errors=[FieldText(field, message)],
        )
    return value.strip()


async def act(
    db: asyncpg.Pool, storage: ObjectStorage, settings: Settings, user: Principal, dossier_id: UUID, action_name: str, data: ActionInput,
    origin: Origin, lang: Lang, *, now: datetime | None = None,
) -> OfficeDossier:
    try:
        action = Action(action_name)
    except ValueError:
        raise Problem(
            404, "action_not_found", Text("Không có thao tác này", "No such operation"),
            Text("Thao tác này không có trong quy trình xử lý hồ sơ.", "This operation is not part of handling a dossier."),
        ) from None
    try:
        return await _act(db, storage, settings, user, dossier_id, action, data, origin, lang, now=now)
    except Problem as problem:
        if problem.status in (403, 409, 422):  # a refused attempt on a dossier the caller sees is an access too
            await audit.record(
                db, user, f"dossier.{action.value}", origin, object_type="dossier", object_id=dossier_id,
                detail={"lock_version": data.lock_version, "refused": problem.code},
            )
        raise


async def _act(
    db: asyncpg.Pool, storage: ObjectStorage, settings: Settings, user: Principal, dossier_id: UUID, action: Action, data: ActionInput,
    origin: Origin, lang: Lang, *, now: datetime | None = None,
) -> OfficeDossier:
    async with db.acquire() as conn, conn.transaction():
        row = await load_for_staff(conn, user, dossier_id, for_update=True)
        await audit.record(
            conn, user, f"dossier.{action.value}", origin, object_type="dossier", object_id=dossier_id,
            detail={"lock_version": data.lock_version},
        )
        transitions.check_version(row, data.lock_version)
        if (
            user.role == Role.SPECIALIST and action in _ASSIGNED_WORK | {Action.START}
            and row["assigned_to"] is not None and row["assigned_to"] != user.id
        ):
            deny_unless(False, may_know_it_exists=True)  # a colleague's dossier: they may see it, not move it
        await move(conn, storage, settings, user, row, action, data, now=now)
        return await office_detail(conn, await dossiers.load(conn, dossier_id), user, lang)


async def _note_and_detail(
    conn: asyncpg.Connection, row: asyncpg.Record, action: Action, data: ActionInput
) -> tuple[str | None, dict[str, Any]]:
    """What the move says on the timeline (in Vietnamese, as stored), and what it records, from the officer's
    input: the parts the timeline puts the note together from in the reader's language (dossiers.notes)."""
    note = data.note.strip() if data.note and data.note.strip() else None
    if action is Action.REQUEST_SUPPLEMENT:
        missing = [m.strip() for m in data.missing if m.strip()]
        parts = ["Cần bổ sung: " + "; ".join(missing) + "."] if missing else []
        if note:
            parts.append(note)
        return " ".join(parts) or None, {"missing": missing, "message": data.note}
    if action is Action.RETURN_RESULT:
        recipient = _require(
            data.recipient_name, "recipient_name",
            Text("Hãy ghi họ tên người nhận kết quả.", "Write the full name of the person collecting the result."),
        )
        return f"Người nhận: {recipient}" + (f". {note}" if note else ""), {"recipient_name": recipient, "message": note}
    if action is Action.HAND_OVER:
        target = _require(
            data.to_agency_code, "to_agency_code",
            Text("Hãy chọn cơ quan nhận hồ sơ liên thông.", "Choose the agency to hand the dossier over to."),
        )
        agency = await queries.agency(conn, target)
        if agency is None or target == row["agency_code"]:
            raise Problem(
                422, "invalid_agency", Text("Cơ quan không hợp lệ", "Agency not valid"),
                Text(
                    "Hãy chọn một cơ quan khác với cơ quan đang giữ hồ sơ.",
                    "Choose an agency other than the one holding the dossier.",
                ),
                errors=[FieldText("to_agency_code", Text("cơ quan không hợp lệ", "agency not valid"))],
            )
        detail = {
            "from_agency_code": row["agency_code"], "to_agency_code": target, "to_agency_name": agency["name"],
            "to_agency_name_en": agency["name_en"], "message": note,
        }
        return f"Chuyển liên thông đến {agency['name']}" + (f": {note}" if note else ""), detail
    return note, {}


async def _assignee(conn: asyncpg.Connection, row: asyncpg.Record, user: Principal, data: ActionInput) -> dict[str, Any]:
    """Who processes the dossier once started: the chosen specialist, or the specialist starting it."""
    assignee = data.assignee_id or (user.id if user.role == Role.SPECIALIST else None)
    if assignee is None:
        return {}
    staff = await queries.staff_member(conn, assignee)
    if staff is None or staff["role"] != Role.SPECIALIST or staff["agency_code"] != row["agency_code"] or not staff["active"]:
        raise Problem(
            422, "invalid_assignee", Text("Chuyên viên không hợp lệ", "Specialist not valid"),
            Text(
                "Hãy chọn một chuyên viên của cơ quan giải quyết hồ sơ.",
                "Choose a specialist of the agency handling the dossier.",
            ),
            errors=[FieldText("assignee_id", Text("chuyên viên không hợp lệ", "specialist not valid"))],
        )
    return {"assignee_id": str(assignee), "assignee_name": staff["full_name"]}


async def move(
    conn: asyncpg.Connection, storage: ObjectStorage, settings: Settings, user: Principal, row: asyncpg.Record, action: Action,
    data: ActionInput, *, now: datetime | None = None,
) -> None:
    """One officer move inside the caller's transaction; `now` lets tests fix the reception time."""
    find_transition(State(row["state"]), action, user.role)  # a forbidden move is a 409 before any field check
    note, detail = await _note_and_detail(conn, row, action, data)
    checked = await transitions.check(conn, row, action, user, note)
    at = now or await conn.fetchval("select now()")
    changes: dict[str, Any] = {}
    if action is Action.RECEIVE:
        due = await due_date_for(conn, row, at)
        receipt = await results.store_receipt(storage, row, at, due, user.display_name or user.label)
        changes = {"received_at": at, "due_date": due, "statutory_due_date": due, "overdue_since": None, "receipt_key": receipt}
        detail = {"due_date": due.isoformat(), "message": note}
        note = note or f"Ngày hẹn trả kết quả: {_format(due)}"
    elif action is Action.START:
        detail = await _assignee(conn, row, user, data)
        if detail:
            changes["assigned_to"] = UUID(detail["assignee_id"])
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

    if user.role in (Role.SPECIALIST, Role.LEADER) and action is not Action.HAND_OVER:
        await queries.take_handover(conn, row["id"], row["agency_code"], user.id)
    if user.role == Role.SPECIALIST and row["assigned_to"] is None and row["state"] == State.PROCESSING and action is not Action.HAND_OVER:
        changes.setdefault("assigned_to", user.id)  # the first specialist to work on it takes it
    visibility = "internal" if action in _INTERNAL else "citizen"
    await transitions.record(conn, row, checked, user, note=note, changes=changes, visibility=visibility, detail=detail)
    if action in (Action.APPROVE, Action.RESOLVE_ON_THE_SPOT):
        await documents.keep_result_in_wallet(conn, row["citizen_id"], row["procedure_code"], row["procedure_name"], row["id"])
        await transitions.ask_for_fee_if_due(conn, row["id"], "result")
        await delivery.open_outbound(conn, settings, row["id"])  # by post: its shipment waits for the next hand-over


# The result


async def issue_result(
    db: asyncpg.Pool, storage: ObjectStorage, settings: Settings, user: Principal, dossier_id: UUID, data: ResultInput,
    origin: Origin, lang: Lang,
) -> OfficeDossier:
    """The specialist (or, for "4 tại chỗ", the reception officer) generates the signed e-result."""
    async with db.acquire() as conn, conn.transaction():
        row = await load_for_staff(conn, user, dossier_id, for_update=True)
        await audit.record(conn, user, "dossier.issue_result", origin, object_type="dossier", object_id=dossier_id)
        transitions.check_version(row, data.lock_version)
        state = State(row["state"])
        may = (user.role == Role.SPECIALIST and state is State.PROCESSING) or (
            user.role == Role.RECEPTION_OFFICER and state is State.RECEIVED and row["working_days"] == 0
        )
        if not may:
            raise Problem(
                409, "result_not_allowed", Text("Chưa thể ban hành kết quả", "The result cannot be issued yet"),
                Text(
                    "Chuyên viên ban hành kết quả khi hồ sơ đang được xử lý; "
                    "cán bộ một cửa chỉ ban hành với thủ tục giải quyết trong ngày.",
                    "A specialist issues the result while the dossier is being processed; "
                    "a one-stop officer only issues it for same-day procedures.",
                ),
            )
        if user.role == Role.SPECIALIST and row["assigned_to"] not in (None, user.id):
            deny_unless(False, may_know_it_exists=True)
        if await results.result_for_dossier(conn, dossier_id) is not None:
            raise Problem(
                409, "result_exists", Text("Đã có kết quả", "The result exists"),
                Text("Hồ sơ này đã có kết quả được ký số.", "This dossier already has a signed result."),
            )
        issued = await results.issue_result(conn, storage, settings, row, title=data.title, body=data.body, issued_by=user)
        await transitions.record_event(
            conn, row, user, "issue_result", note=data.title, visibility="internal",
            detail={"result_id": str(issued.id), "verification_code": issued.verification_code},
        )
        return await office_detail(conn, await dossiers.load(conn, dossier_id), user, lang)


# Overdue and apology letters


async def apologise(
    db: asyncpg.Pool, user: Principal, dossier_id: UUID, data: ApologyInput, origin: Origin, lang: Lang, *,
    today: date | None = None,
) -> OfficeDossier:
    """An apology letter with a new due date: the reason is required, the citizen sees it and is notified."""
    reason = _require(
        data.reason, "reason", Text("Hãy ghi rõ lý do chậm trả kết quả.", "Say clearly why the result is late.")
    )
    async with db.acquire() as conn, conn.transaction():
        row = await load_for_staff(conn, user, dossier_id, for_update=True)
        await audit.record(conn, user, "dossier.apology", origin, object_type="dossier", object_id=dossier_id)
        transitions.check_version(row, data.lock_version)
        if State(row["state"]) not in ACTIVE:
            raise Problem(
                409, "apology_not_allowed", Text("Không cần thư xin lỗi", "No apology letter needed"),
                Text(
                    "Chỉ hồ sơ đang giải quyết mới có thể hẹn lại ngày trả.",
                    "Only a dossier being processed can be given a new date for its result.",
                ),
            )
        today = today or clock.today()
        if data.new_due_date <= (row["due_date"] or today) or data.new_due_date < today:
            old = _format(row["due_date"])
            raise Problem(
                422, "invalid_new_due_date", Text("Ngày hẹn mới chưa hợp lệ", "The new date is not valid"),
                Text(
                    f"Ngày hẹn mới phải sau ngày hẹn cũ ({old}) và không ở quá khứ.",
                    f"The new date must be after the old one ({old}) and not in the past.",
                ),
                errors=[FieldText("new_due_date", Text("ngày hẹn mới phải sau ngày hẹn cũ", "must be after the old date"))],
            )
        if not (await work_calendar(conn)).is_working_day(data.new_due_date):
            raise Problem(
                422, "not_a_working_day", Text("Ngày hẹn mới là ngày nghỉ", "The new date is a day off"),
                Text("Hãy chọn một ngày làm việc.", "Choose a working day."),
                errors=[FieldText("new_due_date", Text("ngày nghỉ", "a day off"))],
            )
        await queries.insert_apology(
            conn, {"id": new_id(), "dossier_id": dossier_id, "issued_by": user.id, "reason": reason,
                   "previous_due_date": row["due_date"], "new_due_date": data.new_due_date},
        )
        note = f"Xin lỗi vì hồ sơ chậm trả kết quả: {reason}. Ngày hẹn trả mới: {_format(data.new_due_date)}."
        await transitions.record_event(
            conn, row, user, "apologise", note=note, visibility="citizen",
            detail={
                "previous_due_date": row["due_date"].isoformat() if row["due_date"] else None,
                "new_due_date": data.new_due_date.isoformat(), "reason": reason,
            },
            changes={"due_date": data.new_due_date, "overdue_since": None},
            notify=(outbox.Kind.APOLOGY, {"code": row["code"], "reason": reason,
                                          "new_due_date": data.new_due_date.isoformat(), "note": note}),
        )
        return await office_detail(conn, await dossiers.load(conn, dossier_id), user, lang)


async def flag_overdue(db: asyncpg.Pool, today: date | None = None) -> int:
    """Flag dossiers past their due date (the worker's cron). Idempotent: flagged ones are skipped."""
    async with db.acquire() as conn, conn.transaction():
        return len(await transitions.mark_overdue(conn, today or clock.today()))
