"""Statistics on the wire: per agency, for a period; the most filed procedures (public)."""

from __future__ import annotations

from datetime import date, datetime

import msgspec


class AgencyStatistics(msgspec.Struct):
    agency_code: str
    agency_name: str
    received: int
    resolved_early: int
    resolved_on_time: int
    resolved_late: int
    pending: int
    overdue: int


class Statistics(msgspec.Struct):
    start: date
    end: date
    items: list[AgencyStatistics]


class PopularProcedure(msgspec.Struct):
    code: str
    name: str
    # Null where nobody translated the name.
    name_en: str | None
    # Dossiers submitted for it over the window; 0 for those that follow in the catalogue's order.
    submitted: int


class PopularProcedures(msgspec.Struct):
    """The procedures most filed over the last `days` days, then the catalogue's order (field, then name)
    so the list is never empty: a new province's home screen still offers something to start from."""

    days: int
    items: list[PopularProcedure]


class AgencyFigures(msgspec.Struct):
    """One agency's figures over the period (or every agency's together: `agency_code` null). A share is a
    percentage with one decimal, null when there is nothing to divide by."""

    agency_code: str | None
    agency_name: str
    # Null where nobody translated the name.
    agency_name_en: str | None
    received: int
    received_online: int
    online_pct: float | None
    received_digitised: int
    digitised_pct: float | None
    resolved: int
    resolved_early: int
    resolved_on_time: int
    resolved_late: int
    early_pct: float | None
    on_time_pct: float | None
    late_pct: float | None
    paid: int
    paid_online: int
    paid_online_pct: float | None
    # Satisfaction ratings given in the period (for the total: those its averages are taken from, see the figure's
    # `how`). From feedback's MIN_RATINGS ratings on, the satisfaction index (the nine criteria's points out of the
    # most they give, in percent, one decimal) and the overall score's average (1–5, two decimals); with fewer, both
    # are null and the note says there are not enough ratings (null when they are shown).
    ratings: int
    satisfaction_pct: float | None
    overall_average: float | None
    satisfaction_note: str | None
    satisfaction_note_en: str | None


class Figure(msgspec.Struct):
    """What a figure means, in both languages (the answer is cached for everyone): `key` names the fields of
    AgencyFigures it explains, `group` the Decision 766 group it counts towards (null: none)."""

    key: str
    fields: list[str]
    group: str | None
    name: str
    name_en: str
    how: str
    how_en: str


class Group(msgspec.Struct):
    """A group of Decision 766/QĐ-TTg's index of service to people and businesses that our data can measure, with
    its points out of 100."""

    key: str
    name: str
    name_en: str
    points: int


class Dashboard(msgspec.Struct):
    """Each agency's figures over a period of Vietnam days, from the summary the worker refreshes."""

    # As asked: "2026-11", "2026-Q4", "2026", or "2026-11-01..2026-11-30" for a custom range.
    period: str
    first_day: date
    # Included.
    last_day: date
    # When the summary was last refreshed (null: never yet; every figure is then 0).
    refreshed_at: datetime | None
    groups: list[Group]
    figures: list[Figure]
    total: AgencyFigures
    # The agencies with anything to count in the period, by code.
    agencies: list[AgencyFigures]


class HealthFigure(msgspec.Struct):
    """One figure of an agency's queue health now, and the office queue's filters (GET /api/office/queue with them
    as query parameters) that list exactly the dossiers it counts."""

    # received_today, received_this_week, received_this_month, in_progress, due_this_week, overdue
    key: str
    count: int
    queue: dict[str, str]


class OnTimeMonth(msgspec.Struct):
    """A month's dossiers whose result was ready in it, early / on time / late against the statutory due date; a
    share is a percentage with one decimal, null when nothing was resolved. The queue lists each count's dossiers
    with `resolved_month` and `timeliness`."""

    # "2026-11"
    month: str
    resolved: int
    early: int
    on_time: int
    late: int
    early_pct: float | None
    on_time_pct: float | None
    late_pct: float | None


class AgencyHealth(msgspec.Struct):
    """A leader's agency now (Vietnam days): its queue's figures and the last 12 months' timeliness, counted from the
    dossiers at request time."""

    agency_code: str
    agency_name: str
    # Null where nobody translated the name.
    agency_name_en: str | None
    today: date
    # The week starts on Monday.
    week_first_day: date
    month_first_day: date
    # "Due this week": due from today to the last working day of the working week (the next one once this week's
    # working days are over).
    due_from: date
    due_to: date
    figures: list[HealthFigure]
    # Oldest first; this month last.
    months: list[OnTimeMonth]
