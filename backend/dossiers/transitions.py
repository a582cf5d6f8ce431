"""The one writer of a dossier's state, events and outbox rows.

Every move — by a citizen, an officer or a worker — goes through `transition`: it checks the table
in lifecycle.py, the precondition, and the version the caller saw, then writes the new state, an
event and (for moves the citizen sees) an outbox row, in the caller's transaction. What happens to a
dossier without a change of state (an apology letter, an issued result, the overdue flag) is written
by `record_event` and `mark_overdue`, under the same optimistic lock.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any, Literal
from uuid import UUID

import asyncpg
import msgspec

from backend.accounts.guards import Principal
from backend.dossiers import queries
from backend.dossiers.forms import submission_problems
from backend.dossiers.lifecycle import (
    Action, Precondition, State, Transition, find_system_transition, find_transition,
)
from backend.dossiers.schemas import Applicant, Delivery
from backend.dossiers.views import document_slots
from backend.errors import FieldText, Problem
from backend.i18n import Text, both, catalogue_text
from backend.ids import new_id
from backend.notifications import outbox
from backend.results import service as results

Visibility = Literal["citizen", "internal"]


def dossier_changed() -> Problem:
    return Problem(
        409, "dossier_changed", Text("Hồ sơ vừa được cập nhật", "The dossier was just updated"),
        Text(
            "Hồ sơ vừa được người khác cập nhật. Hãy tải lại để xem trạng thái mới nhất rồi thử lại.",
            "Someone else just updated the dossier. Reload to see where it stands, then try again.",
        ),
    )


def check_version(row: asyncpg.Record, seen_version: int) -> None:
    """409 when the dossier moved since the caller looked at it."""
    if seen_version != row["lock_version"]:
        raise dossier_changed()


# Preconditions of the transition table


async def _complete(conn: asyncpg.Connection, row: asyncpg.Record, note: str | None) -> None:
    """The commune is chosen, every mandatory document has a ready page or a wallet document, the
    form and delivery are valid (forms.submission_problems)."""
    slots = await document_slots(conn, row)
    processing = [s for s in slots if any(p.status == "processing" for p in s.pages) and not s.complete]
    if processing:
        name = catalogue_text(processing[0].name, processing[0].name_en)
        raise Problem(
            422, "pages_processing", Text("Ảnh đang được xử lý", "Photos are being processed"),
            Text(
                f"Ảnh của “{name.vi}” đang được xử lý. Hãy đợi vài giây rồi nộp lại.",
                f"The photos of “{name.en}” are being processed. Wait a few seconds, then submit again.",
            ),
        )
    errors = submission_problems(
        row["procedure_form"], row["form"], msgspec.convert(row["applicant"], Applicant),
        msgspec.convert(row["delivery"], Delivery), slots, commune_missing=row["agency_code"] is None,
    )
    if errors:
        listed = both(lambda lang: "; ".join(e.message[lang] for e in errors))
        raise Problem(
            422, "dossier_incomplete", Text("Hồ sơ chưa đủ", "The dossier is not complete"),
            Text(f"Hồ sơ còn thiếu: {listed.vi}.", f"Still missing: {listed.en}."),
            errors=errors,
        )


async def _reason_given(conn: asyncpg.Connection, row: asyncpg.Record, note: str | None) -> None:
    if not note or not note.strip():
        raise Problem(
            422, "reason_required", Text("Cần nêu lý do", "A reason is needed"),
            Text(
                "Hãy ghi rõ lý do để người nộp biết cần làm gì tiếp theo.",
                "Give the reason, so that the applicant knows what to do next.",
            ),
            errors=[FieldText("note", Text("hãy nhập lý do", "enter the reason"))],
        )


async def _same_day(conn: asyncpg.Connection, row: asyncpg.Record, note: str | None) -> None:
    if row["working_days"] != 0:
        raise Problem(
            409, "not_same_day", Text("Không giải quyết tại chỗ được", "Cannot be resolved on the spot"),
            Text(
                "Chỉ thủ tục giải quyết trong ngày mới được tiếp nhận, duyệt và trả ngay tại quầy.",
                "Only same-day procedures can be received, approved and returned at the counter at once.",
            ),
        )


async def _delivery_chosen(conn: asyncpg.Connection, row: asyncpg.Record, note: str | None) -> None:
    if row["delivery"].get("method") != "post":
        raise Problem(
            409, "delivery_not_chosen", Text("Người nộp nhận tại quầy", "Collected at the counter"),
            Text(
                "Người nộp chọn nhận kết quả tại quầy, không giao qua bưu điện.",
                "The applicant chose to collect the result at the counter, not to have it sent by post.",
            ),
        )


async def _result_issued(conn: asyncpg.Connection, row: asyncpg.Record, note: str | None) -> None:
    """A signed e-result exists for the dossier (issued by the specialist before approval)."""
    if await results.result_for_dossier(conn, row["id"]) is None:
        raise Problem(
            409, "result_not_issued", Text("Chưa có kết quả", "No result yet"),
            Text(
                "Chuyên viên cần ban hành kết quả (văn bản điện tử có ký số) trước khi lãnh đạo phê duyệt.",
                "A specialist has to issue the result (a digitally signed document) before a leader approves it.",
            ),
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


async def check(conn: asyncpg.Connection, row: asyncpg.Record, action: Action, actor: Principal, note: str | None) -> Transition:
    """The table row for this move, once its precondition holds (409/422 problems otherwise)."""
    move = find_transition(State(row["state"]), action, actor.role)
    await PRECONDITION_CHECKS[move.precondition](conn, row, note)
    return move


def _event(row: asyncpg.Record, actor: Principal | None, action: str, to_state: str, note: str | None,
           visibility: Visibility, detail: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "id": new_id(), "dossier_id": row["id"], "actor_kind": actor.kind if actor else "system",
        "actor_id": actor.id if actor else None, "actor_role": actor.role if actor else None, "action": action,
        "from_state": row["state"], "to_state": to_state, "note": note, "visibility": visibility, "detail": detail or {},
    }


FEE_STATES = frozenset({State.AWAITING_PAYMENT, State.RESULT_AWAITING_PAYMENT})


async def record(
    conn: asyncpg.Connection,
    row: asyncpg.Record,
    move: Transition,
    actor: Principal | None,
    *,
    note: str | None = None,
    changes: dict[str, Any] | None = None,
    visibility: Visibility = "citizen",
    detail: dict[str, Any] | None = None,
) -> None:
    """Write a checked move: new state (if nobody moved it since `row` was read), event, outbox row."""
    if await queries.apply_transition(conn, row["id"], row["lock_version"], move.target.value, changes or {}) is None:
        raise dossier_changed()
    await queries.insert_event(conn, _event(row, actor, move.action.value, move.target.value, note, visibility, detail))
    if visibility == "citizen":
        after = {**dict(row), **(changes or {})}
        payload = {"code": after["code"], "to_state": move.target.value, "action": move.action.value, "note": note}
        if move.target == State.RECEIVED:
            payload["due_date"] = after["due_date"]
        if move.target in FEE_STATES or move.action is Action.PAY:
            payload["fee_total"] = after["fee_quote"]["total"]
        await outbox.add(conn, outbox.Kind.STATUS_CHANGED, row, payload)


async def transition(
    conn: asyncpg.Connection, row: asyncpg.Record, action: Action, actor: Principal, *, note: str | None = None,
    **options: Any,
) -> None:
    """Check and record one move (options as for `record`). Call inside a transaction; `row` is the
    dossier as the caller saw it."""
    move = await check(conn, row, action, actor, note)
    await record(conn, row, move, actor, note=note, **options)


async def system_move(
    conn: asyncpg.Connection, row: asyncpg.Record, action: Action, *, actor: Principal | None = None,
    note: str | None = None, detail: dict[str, Any] | None = None,
) -> None:
    """A move only the system makes (a fee falls due, a payment arrives), recorded as the system's, or as the
    officer's who caused it (cash taken at the desk). `row` is the dossier as the caller saw it."""
    move = find_system_transition(State(row["state"]), action)
    await record(conn, row, move, actor, note=note, detail=detail)


async def ask_for_fee_if_due(conn: asyncpg.Connection, dossier_id: UUID, stage: str) -> bool:
    """After a submission (`stage` "submission") or an approval ("result"): when the procedure takes a fee at
    that stage and it is more than nothing, the dossier waits for it (national status 6). Returns whether it does."""
    row = await queries.dossier(conn, dossier_id, for_update=True)
    quote = row["fee_quote"] or {}
    if row["fee_stage"] != stage or not quote.get("total"):
        return False
    await system_move(conn, row, Action.REQUEST_PAYMENT, detail={"fee_total": quote["total"], "stage": stage})
    return True


async def record_event(
    conn: asyncpg.Connection,
    row: asyncpg.Record,
    actor: Principal,
    action: str,
    *,
    note: str | None,
    visibility: Visibility,
    detail: dict[str, Any],
    changes: dict[str, Any] | None = None,
    notify: tuple[outbox.Kind, dict[str, Any]] | None = None,
) -> None:
    """Something that happened to the dossier without a change of state (an apology letter, an issued
    result): column changes under the optimistic lock, an event, and a message when `notify` says so."""
    if await queries.apply_changes(conn, row["id"], row["lock_version"], changes or {}) is None:
        raise dossier_changed()
    await queries.insert_event(conn, _event(row, actor, action, row["state"], note, visibility, detail))
    if notify is not None:
        await outbox.add(conn, notify[0], row, notify[1])


async def mark_overdue(conn: asyncpg.Connection, today: date) -> list[asyncpg.Record]:
    """Flag active dossiers past their due date, each with an internal event. Idempotent: a flagged
    dossier is never flagged twice. Returns the flagged rows."""
    flagged = await queries.flag_overdue(conn, today)
    for row in flagged:
        due = row["due_date"]
        await queries.insert_event(
            conn, _event(row, None, "flag_overdue", row["state"], f"Quá hạn trả kết quả (hẹn {due:%d/%m/%Y})",
                         "internal", {"due_date": due.isoformat()}),
        )
    return flagged
