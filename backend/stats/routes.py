"""Statistics over HTTP: a leader's own agency, every agency for the administrator, and the most filed
procedures for everyone (the home screen)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from litestar import Controller, get
from litestar.datastructures import CacheControlHeader
from litestar.params import FromQuery, QueryParameter

from backend.accounts.guards import CurrentUser, require_staff
from backend.accounts.schemas import Role
from backend.contract import PROBLEMS
from backend.deps import Db
from backend.stats import service
from backend.stats.schemas import PopularProcedures, Statistics

# The same for everyone: browsers, the service worker and any proxy keep it five minutes, then serve it
# stale for a day while they refresh it. (The count itself is an index range: migrations/008.)
POPULAR_CACHE = CacheControlHeader(public=True, max_age=300, stale_while_revalidate=86400)


class AgencyStatisticsController(Controller):
    path = "/api/office/statistics"
    tags = ["statistics"]
    guards = [require_staff(Role.LEADER)]

    @get(
        "/", summary="The leader's agency: received, early/on time/late, pending, overdue",
        opt={PROBLEMS: {422: ["invalid_period"]}},
    )
    async def statistics(self, current_user: CurrentUser, db: Db, start: FromQuery[date], end: FromQuery[date]) -> Statistics:
        return await service.statistics(db, start, end, current_user.agency_code)


class StatisticsAdminController(Controller):
    path = "/api/admin/statistics"
    tags = ["statistics"]
    guards = [require_staff(Role.ADMIN)]

    @get("/", summary="Statistics of every agency for a period", opt={PROBLEMS: {422: ["invalid_period"]}})
    async def statistics(self, db: Db, start: FromQuery[date], end: FromQuery[date]) -> Statistics:
        return await service.statistics(db, start, end)


class PopularProceduresController(Controller):
    path = "/api/stats/popular-procedures"
    tags = ["statistics"]
    cache_control = POPULAR_CACHE

    @get("/", summary="The most filed procedures of the last 90 days, then the catalogue's order")
    async def popular(self, db: Db, limit: Annotated[int, QueryParameter(ge=1, le=20)] = 6) -> PopularProcedures:
        return await service.popular_procedures(db, limit)


stats_route_handlers = [AgencyStatisticsController, StatisticsAdminController, PopularProceduresController]
