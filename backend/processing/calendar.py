"""Working days and due dates (ngày hẹn trả).

A due date counts working days from the day after reception, skipping Saturdays, Sundays
and Vietnamese public holidays (the `holidays` package knows Tết and the other lunar dates),
plus the days off and make-up working days an admin records for the year. A same-day
procedure (0 working days) received before the cut-off hour is due that day, otherwise on
the next working day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
DEFAULT_CUTOFF = time(15, 0)


@dataclass(frozen=True)
class WorkCalendar:
    extra_days_off: frozenset[date] = frozenset()
    make_up_working_days: frozenset[date] = frozenset()
    _public_holidays: holidays.HolidayBase = field(
        default_factory=lambda: holidays.country_holidays("VN"), compare=False, repr=False
    )

    @classmethod
    def with_adjustments(cls, days_off: Iterable[date] = (), make_up_days: Iterable[date] = ()) -> WorkCalendar:
        return cls(extra_days_off=frozenset(days_off), make_up_working_days=frozenset(make_up_days))

    def is_working_day(self, day: date) -> bool:
        if day in self.make_up_working_days:
            return True
        if day in self.extra_days_off or day in self._public_holidays:
            return False
        return day.weekday() < 5

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        day += timedelta(days=1)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, day: date, count: int) -> date:
        for _ in range(count):
            day = self.next_working_day(day)
        return day

    def due_date(self, received_at: datetime, working_days: int, cutoff: time | None = None) -> date:
        local = received_at.astimezone(VIETNAM)
        received_on = local.date()
        if working_days == 0:
            same_day = self.is_working_day(received_on) and local.time() < (cutoff or DEFAULT_CUTOFF)
            return received_on if same_day else self.next_working_day(received_on)
        return self.add_working_days(received_on, working_days)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]: how late a dossier is when returned on `end`."""
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += self.is_working_day(day)
        return count


def public_holidays(year: int, language: str = "vi") -> list[tuple[date, str]]:
    """The year's public holidays as `holidays` knows them, oldest first, named in Vietnamese (`vi`) or English
    (`en_US`). The working calendar skips exactly these (its own instance, same package and country)."""
    return sorted(holidays.country_holidays("VN", years=year, language=language).items())
