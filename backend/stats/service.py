"""Statistics rules: a period is [start, end) in Vietnam's days; on time is judged against the
statutory due date (an apology letter's new date does not make a late dossier on time). The most
filed procedures count submissions over the last 90 days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import asyncpg

from backend import clock
from backend.errors import Problem
from backend.i18n import Text
from backend.stats import queries
from backend.stats.schemas import AgencyStatistics, PopularProcedure, PopularProcedures, Statistics

POPULAR_WINDOW_DAYS = 90


async def statistics(
    db: asyncpg.Pool, start: date, end: date, agency_code: str | None = None, *, today: date | None = None
) -> Statistics:
    if end <= start:
        raise Problem(
            422, "invalid_period", Text("Khoảng thời gian không hợp lệ", "The period is not valid"),
            Text("Ngày kết thúc phải sau ngày bắt đầu.", "The end date must be after the start date."),
        )
    rows = await queries.statistics(db, start, end, today or clock.today(), agency_code)
    return Statistics(start=start, end=end, items=[AgencyStatistics(**dict(r)) for r in rows])


async def popular_procedures(db: asyncpg.Pool, limit: int, *, now: datetime | None = None) -> PopularProcedures:
    until = now or datetime.now(UTC)
    rows = await queries.popular_procedures(db, until - timedelta(days=POPULAR_WINDOW_DAYS), until, limit)
    return PopularProcedures(days=POPULAR_WINDOW_DAYS, items=[PopularProcedure(**dict(r)) for r in rows])
