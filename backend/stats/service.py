"""Statistics rules: a period is [start, end) in Vietnam's days; on time is judged against the
statutory due date (an apology letter's new date does not make a late dossier on time)."""

from __future__ import annotations

from datetime import date

import asyncpg

from backend import clock
from backend.errors import Problem
from backend.stats import queries
from backend.stats.schemas import AgencyStatistics, Statistics


async def statistics(
    db: asyncpg.Pool, start: date, end: date, agency_code: str | None = None, *, today: date | None = None
) -> Statistics:
    if end <= start:
        raise Problem(422, "invalid_period", "Khoảng thời gian không hợp lệ", "Ngày kết thúc phải sau ngày bắt đầu.")
    rows = await queries.statistics(db, start, end, today or clock.today(), agency_code)
    return Statistics(start=start, end=end, items=[AgencyStatistics(**dict(r)) for r in rows])
