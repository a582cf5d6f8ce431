"""The back office's reading: who sees which dossier, the agency queue, the dossier as staff see it,
its photos and PDFs, and the working calendar that sets due dates. The moves are in `moves.py`.

Scope: a reception officer sees the dossiers of their own agency and of every agency their desk
receives for (`reception_desks`: the province's service centre receives for all departments);
specialists and leaders see the dossiers their agency holds now (a handover moves it).
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta
from uuid import UUID

import asyncpg
import msgspec

from backend import clock
from backend.accounts import audit
from backend.accounts.audit import Origin
from backend.accounts.guards import Principal
from backend.accounts.schemas import Role
from backend.catalog.search import fold
from backend.cursors import decode_cursor, encode_cursor
from backend.documents import service as documents
from backend.dossiers import service as dossiers
from backend.dossiers import views
from backend.dossiers.lifecycle import CITIZEN_WORDS, State
from backend.errors import Problem
from backend.i18n import Lang, Text
from backend.processing import queries
from backend.processing.calendar import VIETNAM, WorkCalendar, public_holidays
from backend.processing.queries import QueueFilters
from backend.processing.schemas import (
    Apology, Assignee, CalendarDay, CalendarDueDate, CalendarYear, PublicHoliday, Handover, OfficeDossier, Queue, QueueItem, ResultInfo, StaffEvent,
)
from backend.results import service as results
from backend.storage import ObjectStorage

STAFF_PAGES = "/api/office/dossiers"


def _not_found() -> Problem:
    return Problem(
        404, "dossier_not_found", Text("Không tìm thấy hồ sơ", "Dossier not found"),
        Text("Không có hồ sơ này trong hàng đợi của cơ quan bạn.", "This dossier is not in your agency's queue."),
    )


# Scope


def at_the_desk(user: Principal) -> bool:
    return user.role == Role.RECEPTION_OFFICER


async def visible(conn: asyncpg.Connection | asyncpg.Pool, user: Principal, row: asyncpg.Record) -> bool:
    if row["state"] == State.DRAFT or not user.agency_code:
        return False
    if at_the_desk(user):
        return await queries.desk_covers(conn, user.agency_code, row["agency_code"])
    return row["agency_code"] == user.agency_code


async def load_for_staff(
    conn: asyncpg.Connection | asyncpg.Pool, user: Principal, dossier_id: UUID, *, for_update: bool = False
) -> asyncpg.Record:
    row = await dossiers.load(conn, dossier_id, for_update=for_update)
    if row is None or not await visible(conn, user, row):
        raise _not_found()
    return row


# Reading


async def office_detail(
    conn: asyncpg.Connection | asyncpg.Pool, row: asyncpg.Record, user: Principal, lang: Lang
) -> OfficeDossier:
    result = await results.result_for_dossier(conn, row["id"])
    return OfficeDossier(
        **msgspec.structs.asdict(await views.view(conn, row, user, lang, STAFF_PAGES)),
        working_days=row["working_days"],
        timeline=[
            StaffEvent(
                **views.timeline_entry(e, lang), actor_name=e["actor_name"], visibility=e["visibility"],
                detail=e["detail"] or {},
            )
            for e in await queries.staff_events(conn, row["id"])
        ],
        handovers=[
            Handover(
                from_agency_code=h["from_agency_code"], from_agency_name=h["from_agency_name"],
                from_agency_name_en=h["from_agency_name_en"], to_agency_code=h["to_agency_code"],
                to_agency_name=h["to_agency_name"], to_agency_name_en=h["to_agency_name_en"], handed_by=h["handed_by_name"],
                handed_at=h["handed_at"], note=h["note"], taken_by=h["taken_by_name"], taken_at=h["taken_at"],
            )
            for h in await queries.handovers(conn, row["id"])
        ],
        apologies=[Apology(**dict(a)) for a in await queries.apologies(conn, row["id"])],
        statutory_due_date=row["statutory_due_date"], overdue=row["overdue_since"] is not None,
        assigned_to=row["assigned_to"],
        receipt_url=f"{STAFF_PAGES}/{row['id']}/receipt" if row["receipt_key"] else None,
        result=ResultInfo(
            id=result["id"], verification_code=result["verification_code"], url=f"{STAFF_PAGES}/{row['id']}/result"
        ) if result else None,
    )


async def get(db: asyncpg.Pool, user: Principal, dossier_id: UUID, origin: Origin, lang: Lang) -> OfficeDossier:
    async with db.acquire() as conn:
        row = await load_for_staff(conn, user, dossier_id)
        await audit.record(conn, user, "dossier.read", origin, object_type="dossier", object_id=dossier_id)
        return await office_detail(conn, row, user, lang)


def _phone_digits(q: str) -> str:
    """The national part of a phone number as typed ("0912 345 678", "+84912…") to match any stored form."""
    digits = "".join(ch for ch in q if ch.isdigit())
    if len(digits) < 6 or len(digits) != len(q.replace(" ", "").replace("+", "").replace(".", "")):
        return ""
    if digits.startswith("84"):
        digits = digits[2:]
    return digits.lstrip("0")


def _queue_item(r: asyncpg.Record, lang: Lang) -> QueueItem:
    return QueueItem(
        id=r["id"], code=r["code"], procedure_code=r["procedure_code"], procedure_name=r["procedure_name"],
        procedure_name_en=r["procedure_name_en"], agency_code=r["agency_code"], agency_name=r["agency_name"],
        agency_name_en=r["agency_name_en"], state=r["state"], state_words=CITIZEN_WORDS[State(r["state"])][lang],
        applicant_name=r["applicant_name"],
        applicant_phone=r["applicant_phone"], submitted_at=r["submitted_at"], received_at=r["received_at"],
        due_date=r["due_date"], overdue=r["overdue_since"] is not None, assigned_to=r["assigned_to"],
    )


def month_days(month: str) -> tuple[date, date]:
    """A month "2026-11" as [its first day, the next month's first day)."""
    year, number = (int(part) for part in month.split("-"))
    return date(year, number, 1), date(year + number // 12, number % 12 + 1, 1)


async def queue(
    db: asyncpg.Pool, user: Principal, origin: Origin, *, state: str | None, overdue: bool, q: str | None,
    after: str | None, limit: int, lang: Lang, more: QueueFilters | None = None,
) -> Queue:
    if state is not None and state not in {s.value for s in State}:
        raise Problem(
            422, "invalid_state", Text("Trạng thái không hợp lệ", "Status not valid"),
            Text("Hãy chọn một trạng thái trong danh sách.", "Choose a status from the list."),
        )
    agency, desk = user.agency_code or "", at_the_desk(user)
    text = fold(q) if q and q.strip() else None
    async with db.acquire() as conn:
        rows = await queries.queue(
            conn, agency, desk, state=state, overdue=overdue, q=text, digits=_phone_digits(q or ""),
            after=decode_cursor(after, tuple[datetime, UUID]), limit=limit + 1, more=more,
        )
        counts = await queries.queue_counts(conn, agency, desk)
        unit = await queries.agency(conn, agency)
        late = await queries.overdue_count(conn, agency, desk)
        page = rows[:limit]
        # Applicants' names and phones are personal data: listing them is an access, audited.
        await audit.record(
            conn, user, "dossier.queue", origin, object_type="queue", object_id=agency,
            detail={"dossier_ids": [str(r["id"]) for r in page], "state": state, "q": q,
                    "filters": {k: str(v) for k, v in dataclasses.asdict(more).items() if v} if more else {}},
        )
    return Queue(
        agency_code=agency, agency_name=unit["name"] if unit else None, agency_name_en=unit["name_en"] if unit else None,
        counts=counts, overdue=late, items=[_queue_item(r, lang) for r in page],
        next=encode_cursor(page[-1]["submitted_at"], page[-1]["id"]) if len(rows) > limit else None,
    )


async def page_image(
    db: asyncpg.Pool, storage: ObjectStorage, user: Principal, dossier_id: UUID, page_id: UUID, variant: str,
    origin: Origin,
) -> tuple[bytes, str]:
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


async def result_pdf(
    db: asyncpg.Pool, storage: ObjectStorage, user: Principal, dossier_id: UUID, origin: Origin
) -> tuple[bytes, str]:
    async with db.acquire() as conn:
        row = await load_for_staff(conn, user, dossier_id)
        await audit.record(conn, user, "dossier.result_read", origin, object_type="dossier", object_id=dossier_id)
        return await results.result_file(conn, storage, row)


async def receipt_pdf(
    db: asyncpg.Pool, storage: ObjectStorage, user: Principal, dossier_id: UUID, origin: Origin
) -> tuple[bytes, str]:
    async with db.acquire() as conn:
        row = await load_for_staff(conn, user, dossier_id)
        await audit.record(conn, user, "dossier.receipt_read", origin, object_type="dossier", object_id=dossier_id)
    return await results.receipt_file(storage, row)


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
    """The adjustments of `year` (of every year when it is absent, as before) and the public holidays of `year`
    (this year in Vietnam when it is absent)."""
    rows = await queries.calendar_adjustments(db, year)
    shown = year or clock.today().year
    names_en = dict(public_holidays(shown, "en_US"))
    return CalendarYear(
        items=[CalendarDay(day=r["day"], kind=r["kind"], note=r["note"]) for r in rows],
        year=shown,
        holidays=[PublicHoliday(day=d, name=name, name_en=names_en.get(d, name)) for d, name in public_holidays(shown)],
    )


# A sample reception is in the morning: before any procedure's same-day cut-off.
SAMPLE_RECEPTION_TIME = time(8, 0)
SAMPLE_YEARS = range(2000, 2101)


async def sample_due_date(db: asyncpg.Pool, received_on: date, working_days: int) -> CalendarDueDate:
    """What the working calendar makes of a dossier received on `received_on` for `working_days`: the due date
    every dossier gets (`WorkCalendar.due_date`), and the days it skipped on the way."""
    if received_on.year not in SAMPLE_YEARS:
        raise Problem(
            422, "invalid_received_date", Text("Ngày tiếp nhận không hợp lệ", "Invalid reception date"),
            Text("Hãy chọn ngày tiếp nhận trong khoảng năm 2000 đến 2100.",
                 "Choose a reception date between the years 2000 and 2100."),
        )
    calendar = await work_calendar(db)
    due = calendar.due_date(datetime.combine(received_on, SAMPLE_RECEPTION_TIME, VIETNAM), working_days)
    between = (received_on + timedelta(days=n) for n in range(1, (due - received_on).days))
    return CalendarDueDate(
        received_on=received_on, working_days=working_days, due_date=due,
        skipped=[day for day in between if not calendar.is_working_day(day)],
    )


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
            raise Problem(
                404, "calendar_day_not_found", Text("Không có ngày này", "No such day"),
                Text("Ngày này chưa được điều chỉnh trong lịch làm việc.", "This day was not changed in the working calendar."),
            )
        await audit.record(conn, user, "calendar.delete", origin, object_type="calendar_day", object_id=day.isoformat())
