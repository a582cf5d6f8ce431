"""Statistics on the wire: per agency, for a period."""

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
