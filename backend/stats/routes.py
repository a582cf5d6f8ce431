"""Statistics over HTTP: a leader's own agency, and every agency for the administrator."""

from __future__ import annotations

from datetime import date

from litestar import Controller, get
from litestar.params import FromQuery

from backend.accounts.guards import CurrentUser, require_staff
from backend.accounts.schemas import Role
from backend.contract import PROBLEMS
from backend.deps import Db
from backend.stats import service
from backend.stats.schemas import Statistics


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


stats_route_handlers = [AgencyStatisticsController, StatisticsAdminController]
