"""Statistics over HTTP: a leader's own agency, every agency for the administrator, and for everyone the most
filed procedures (the home screen) and the public dashboard of every agency (JSON and CSV)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from litestar import Controller, Response, get
from litestar.datastructures import CacheControlHeader
from litestar.params import FromQuery, QueryParameter

from backend.accounts.guards import CurrentUser, require_staff
from backend.accounts.schemas import Role
from backend.contract import PROBLEMS
from backend.deps import Db
from backend.stats import service
from backend.stats.schemas import AgencyHealth, Dashboard, PopularProcedures, Statistics

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


class AgencyHealthController(Controller):
    path = "/api/stats/agency-health"
    tags = ["statistics"]
    guards = [require_staff(Role.LEADER, Role.ADMIN)]

    @get(
        "/", summary="A leader's agency now: received, in progress, due this week, overdue; on time by month",
        opt={PROBLEMS: {403: ["other_agency"], 404: ["agency_not_found"], 422: ["agency_required"]}},
    )
    async def health(
        self, current_user: CurrentUser, db: Db,
        agency: Annotated[str | None, QueryParameter(
            max_length=40, description="The agency's code (an administrator's choice; a leader's own by default)",
        )] = None,
    ) -> AgencyHealth:
        return await service.agency_health(db, current_user, agency)


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


# The summary behind it is refreshed every few minutes: the same five minutes, then stale while refreshed.
DASHBOARD_CACHE = POPULAR_CACHE

Period = Annotated[
    str | None,
    QueryParameter(description="A month 2026-11, a quarter 2026-Q4 or a year 2026; this month when neither it nor a range is given"),
]
First = Annotated[date | None, QueryParameter(name="from", description="A custom range's first day (with `to`)")]
Last = Annotated[date | None, QueryParameter(name="to", description="A custom range's last day, included (at most 366 days)")]
AgencyCode = Annotated[str | None, QueryParameter(name="agency", description="One agency's code; every agency when absent")]
DASHBOARD_PROBLEMS = {PROBLEMS: {404: ["agency_not_found"], 422: ["invalid_period"]}}


class DashboardController(Controller):
    path = "/api/stats"
    tags = ["statistics"]
    cache_control = DASHBOARD_CACHE

    @get(
        "/dashboard", summary="Every agency's figures for a period, each with how it is computed (public)",
        opt=DASHBOARD_PROBLEMS,
    )
    async def dashboard(self, db: Db, period: Period = None, first: First = None, last: Last = None,
                        agency: AgencyCode = None) -> Dashboard:
        return await service.dashboard(db, period, first, last, agency)

    @get(
        "/dashboard.csv", summary="The same dashboard as CSV (UTF-8 with a byte order mark, for Excel)",
        media_type="text/csv", opt=DASHBOARD_PROBLEMS,
    )
    async def dashboard_csv(self, db: Db, period: Period = None, first: First = None, last: Last = None,
                            agency: AgencyCode = None) -> Response[str]:
        board = await service.dashboard(db, period, first, last, agency)
        filename = f"thong-ke-{board.period.replace('..', '_')}.csv"
        return Response(
            service.dashboard_csv(board), media_type="text/csv",  # Litestar adds "; charset=utf-8"
            headers={"content-disposition": f'attachment; filename="{filename}"'},
        )


stats_route_handlers = [
    AgencyStatisticsController, AgencyHealthController, StatisticsAdminController, PopularProceduresController,
    DashboardController,
]
