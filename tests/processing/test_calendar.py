"""Due dates: working days after reception, skipping weekends, Vietnamese holidays and admin days off."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import holidays
from hypothesis import given, settings
from hypothesis import strategies as st

from backend.clock import VIETNAM
from backend.processing.calendar import WorkCalendar

CALENDAR = WorkCalendar()


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=VIETNAM)


def test_five_working_days_from_the_last_working_day_before_tet_2027() -> None:
    # holidays.VN for 2027: 29 Tết Thu 4 Feb … fifth day Wed 10 Feb. Wed 3 Feb is the last working day
    # before Tết. Counting from Thu 4 Feb: 4–5 holiday, 6–7 weekend, 8–10 holiday; Thu 11 (1), Fri 12 (2),
    # Mon 15 (3), Tue 16 (4), Wed 17 (5).
    vn = holidays.country_holidays("VN", years=2027)
    assert all(date(2027, 2, d) in vn for d in (4, 5, 8, 9, 10))
    assert date(2027, 2, 3) not in vn
    assert CALENDAR.due_date(at(date(2027, 2, 3), 10), 5) == date(2027, 2, 17)


def test_same_day_procedure_received_after_the_cutoff_is_due_the_next_working_day() -> None:
    friday = date(2026, 11, 27)
    assert CALENDAR.due_date(at(friday, 14, 59), 0) == friday
    assert CALENDAR.due_date(at(friday, 15, 30), 0) == date(2026, 11, 30)  # Monday
    assert CALENDAR.due_date(at(friday, 15, 30), 0, cutoff=time(16, 0)) == friday


def test_a_same_day_procedure_received_on_a_holiday_is_due_the_next_working_day() -> None:
    vietnam_cultural_day = date(2026, 11, 24)
    assert CALENDAR.due_date(at(vietnam_cultural_day, 9), 0) == date(2026, 11, 25)


def test_reception_time_is_read_in_vietnam_time() -> None:
    # 07:30 UTC is 14:30 in Hà Nội: before the cut-off.
    received = datetime(2026, 11, 27, 7, 30, tzinfo=UTC)
    assert CALENDAR.due_date(received, 0) == date(2026, 11, 27)


def test_admin_days_off_and_make_up_working_days_count() -> None:
    monday = at(date(2026, 11, 30), 9)
    # Without adjustments: Tue 1 (1), Wed 2 (2), Thu 3 (3), Fri 4 (4).
    assert CALENDAR.due_date(monday, 4) == date(2026, 12, 4)
    # Tue 1 Dec off: Wed 2, Thu 3, Fri 4, Mon 7.
    assert WorkCalendar.with_adjustments(days_off=[date(2026, 12, 1)]).due_date(monday, 4) == date(2026, 12, 7)
    # …and Sat 5 Dec a make-up working day: Wed 2, Thu 3, Fri 4, Sat 5.
    adjusted = WorkCalendar.with_adjustments(days_off=[date(2026, 12, 1)], make_up_days=[date(2026, 12, 5)])
    assert adjusted.due_date(monday, 4) == date(2026, 12, 5)


days_around_tet = st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 12, 31))


@settings(max_examples=300, deadline=None)
@given(day=days_around_tet, hour=st.integers(0, 23), working_days=st.integers(0, 30))
def test_due_date_is_a_working_day_with_exactly_n_working_days_after_reception(
    day: date, hour: int, working_days: int
) -> None:
    due = CALENDAR.due_date(at(day, hour), working_days)
    assert CALENDAR.is_working_day(due)
    assert due >= day
    if working_days > 0:
        assert CALENDAR.working_days_between(day, due) == working_days


@settings(max_examples=200, deadline=None)
@given(day=days_around_tet, working_days=st.integers(0, 20))
def test_receiving_later_never_makes_a_dossier_due_earlier(day: date, working_days: int) -> None:
    today = CALENDAR.due_date(at(day, 9), working_days)
    tomorrow = CALENDAR.due_date(at(day + timedelta(days=1), 9), working_days)
    assert tomorrow >= today


@settings(max_examples=100, deadline=None)
@given(year=st.integers(2026, 2030))
def test_no_working_day_falls_inside_tet(year: int) -> None:
    tet_days = [d for d, name in holidays.country_holidays("VN", years=year).items() if "Lunar New Year" in name]
    assert tet_days
    assert not any(CALENDAR.is_working_day(d) for d in tet_days)
