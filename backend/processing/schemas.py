"""The back office on the wire: queues, the dossier as staff see it, actions and their inputs."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec

from backend.dossiers.schemas import DossierView, Event

ShortText = Annotated[str, msgspec.Meta(max_length=500)]
Note = Annotated[str, msgspec.Meta(max_length=2000)]
LockVersion = Annotated[int, msgspec.Meta(ge=1)]


class QueueItem(msgspec.Struct):
    """A dossier in the queue: `state_words` in the reader's language, names in both (English null where
    nobody translated them)."""

    id: UUID
    code: str
    procedure_code: str
    procedure_name: str
    procedure_name_en: str | None
    agency_code: str
    agency_name: str
    agency_name_en: str | None
    state: str
    state_words: str
    applicant_name: str | None
    applicant_phone: str | None
    submitted_at: datetime | None
    received_at: datetime | None
    due_date: date | None
    overdue: bool
    assigned_to: UUID | None


class Queue(msgspec.Struct):
    """The caller's agency queue: counts per state (whatever the filters), then one page, oldest first."""

    agency_code: str
    # The desk or agency by name ("Trung tâm Phục vụ hành chính công tỉnh Khánh Hòa"), for the queue's heading.
    agency_name: str | None
    agency_name_en: str | None
    counts: dict[str, int]
    overdue: int
    items: list[QueueItem]
    next: str | None


class StaffEvent(Event, kw_only=True):
    """A timeline line as staff see it: who acted, internal moves too, and the move's details."""

    actor_name: str | None
    visibility: Literal["citizen", "internal"]
    detail: dict[str, Any]


class Handover(msgspec.Struct):
    """One line of the processing control slip: handed over by whom and when, taken by whom and when."""

    from_agency_code: str
    from_agency_name: str
    from_agency_name_en: str | None
    to_agency_code: str
    to_agency_name: str
    to_agency_name_en: str | None
    handed_by: str
    handed_at: datetime
    note: str | None
    taken_by: str | None
    taken_at: datetime | None


class Apology(msgspec.Struct):
    issued_at: datetime
    reason: str
    previous_due_date: date | None
    new_due_date: date


class ResultInfo(msgspec.Struct):
    id: UUID
    verification_code: str
    url: str


class OfficeDossier(DossierView, kw_only=True):
    """The dossier as staff see it: the shared view plus the back office's projection."""

    working_days: int
    timeline: list[StaffEvent]
    handovers: list[Handover]
    apologies: list[Apology]
    statutory_due_date: date | None
    overdue: bool
    assigned_to: UUID | None
    receipt_url: str | None
    result: ResultInfo | None


class ActionInput(msgspec.Struct, forbid_unknown_fields=True):
    """One move on the dossier. `lock_version` is the version the officer saw (409 when it moved since)."""

    lock_version: LockVersion
    note: Note | None = None
    # request_supplement: what is missing, one line each.
    missing: list[ShortText] = []
    # start: the specialist to assign (defaults to the caller when a specialist starts).
    assignee_id: UUID | None = None
    # hand_over: the agency that takes the dossier over.
    to_agency_code: ShortText | None = None
    # return_result: who collected the result at the counter.
    recipient_name: ShortText | None = None


class ResultInput(msgspec.Struct, forbid_unknown_fields=True):
    lock_version: LockVersion
    title: Annotated[str, msgspec.Meta(min_length=1, max_length=300)]
    body: Annotated[list[Annotated[str, msgspec.Meta(max_length=2000)]], msgspec.Meta(min_length=1, max_length=50)]


class ApologyInput(msgspec.Struct, forbid_unknown_fields=True):
    lock_version: LockVersion
    reason: Annotated[str, msgspec.Meta(max_length=2000)]
    new_due_date: date


class Assignee(msgspec.Struct):
    id: UUID
    full_name: str


class CalendarDay(msgspec.Struct):
    day: date
    kind: Literal["day_off", "working_day"]
    note: str


class CalendarInput(msgspec.Struct, forbid_unknown_fields=True):
    kind: Literal["day_off", "working_day"]
    note: Annotated[str, msgspec.Meta(max_length=300)] = ""


class PublicHoliday(msgspec.Struct):
    """A public holiday as the `holidays` package knows it for Vietnam (Tết and the other lunar dates included)."""

    day: date
    name: str
    name_en: str


class CalendarYear(msgspec.Struct):
    """The days an admin added (`items`: days off and make-up working days), and the year's public holidays."""

    items: list[CalendarDay]
    # The year the holidays are for: the one asked, else this year in Vietnam.
    year: int
    holidays: list[PublicHoliday]


class CalendarDueDate(msgspec.Struct):
    """A sample due date: received (in the morning, before any cut-off) on `received_on`, `working_days` later."""

    received_on: date
    working_days: int
    due_date: date
    # The days between reception and the due date that were not counted: weekends, holidays, days off.
    skipped: list[date]
