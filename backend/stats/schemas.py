"""Statistics on the wire: per agency, for a period; the most filed procedures (public)."""

from __future__ import annotations

from datetime import date

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
