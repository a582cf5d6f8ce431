"""A leader's view of their agency (issue 17): the queue's figures now and the last twelve months' timeliness, on a
known data set; every figure's count is the rows the office queue lists with the figure's filters; a leader sees
only their own agency, an administrator names one, nobody else is let in."""

from __future__ import annotations

from datetime import date

import asyncpg
from litestar.testing import AsyncTestClient

from backend import clock
from backend.processing import service as processing
from backend.processing.calendar import WorkCalendar
from backend.stats.service import due_this_week
from tests.support import (
    DEMO, HealthDataSet, SignedIn, insert_agency_health_data_set, month_first_day, new_staff, sign_in_staff,
)


async def data_set(db: asyncpg.Pool) -> HealthDataSet:
    today = clock.today()
    _, due_to = due_this_week(today, await processing.work_calendar(db))
    async with db.acquire() as conn:
        return await insert_agency_health_data_set(conn, today, due_to)


async def queue_ids(client: AsyncTestClient, who: SignedIn, filters: dict[str, str]) -> list[str]:
    """Every dossier the office queue lists with these filters, page after page."""
    ids: list[str] = []
    after: str | None = None
    while True:
        params = filters | {"limit": "100"} | ({"after": after} if after else {})
        response = await client.get("/api/office/queue", params=params, headers=who.headers())
        assert response.status_code == 200, response.text
        page = response.json()
        ids += [item["id"] for item in page["items"]]
        if not (after := page["next"]):
            return ids


def test_due_this_week_runs_to_the_working_weeks_last_working_day() -> None:
    calendar = WorkCalendar()
    monday, friday, saturday = date(2026, 11, 30), date(2026, 12, 4), date(2026, 12, 5)
    assert due_this_week(monday, calendar) == (monday, friday)
    assert due_this_week(friday, calendar) == (friday, friday)
    # The week's working days are over: the next working week's.
    assert due_this_week(saturday, calendar) == (saturday, date(2026, 12, 11))
    # A make-up working Saturday ends the week; a week of days off moves it to the week after.
    assert due_this_week(monday, WorkCalendar.with_adjustments(make_up_days=[saturday])) == (monday, saturday)
    week_off = [date(2026, 12, 7 + n) for n in range(5)]
    assert due_this_week(saturday, WorkCalendar.with_adjustments(days_off=week_off)) == (saturday, date(2026, 12, 18))
    # Tết 2027 (6 February): the holidays package's days off count too.
    assert due_this_week(date(2027, 2, 6), calendar)[1] > date(2027, 2, 7)


async def test_figures_count_the_known_data_set_and_the_queue_lists_each(
    client: AsyncTestClient, db: asyncpg.Pool, seeded: None,
) -> None:
    data = await data_set(db)
    leader, _ = await new_staff(client, db, "leader", data.agency, "Lãnh đạo Thử")
    response = await client.get("/api/stats/agency-health", headers=leader.headers())
    assert response.status_code == 200, response.text
    health = response.json()
    today = data.today
    week, month = date.fromordinal(today.toordinal() - today.weekday()), today.replace(day=1)
    assert (health["agency_code"], health["today"], health["week_first_day"], health["month_first_day"]) == (
        data.agency, str(today), str(week), str(month),
    )
    assert (health["due_from"], health["due_to"]) == (str(today), str(data.due_to))

    own = {name: d for name, d in data.dossiers.items() if not name.startswith("other_")}

    def received_from(day: date) -> set[str]:
        return {name for name, (_, received, *_) in own.items() if received and received.astimezone(clock.VIETNAM).date() >= day}

    expected = {
        "received_today": received_from(today),
        "received_this_week": received_from(week),
        "received_this_month": received_from(month),
        "in_progress": {"today", "yesterday", "late", "long_late", "apology"},
        # The apology letter's new date counts, not the statutory one; waiting for a supplement is not in progress.
        "due_this_week": {"today", "apology"},
        "overdue": {"late", "long_late"},
    }
    assert {"today"} <= expected["received_today"] and "submitted" not in expected["received_this_month"]
    figures = {f["key"]: f for f in health["figures"]}
    assert list(figures) == list(expected)
    names = {dossier_id: name for name, dossier_id in data.ids.items()}
    for key, dossiers in expected.items():
        assert figures[key]["count"] == len(dossiers), key
        listed = await queue_ids(client, leader, figures[key]["queue"])
        assert len(listed) == figures[key]["count"], key
        assert {names.get(i, i) for i in listed} == dossiers, key

    months = health["months"]
    assert [m["month"] for m in months] == [f"{month_first_day(today, n):%Y-%m}" for n in range(11, -1, -1)]
    by_month = {m["month"]: m for m in months}
    this, last, two_back = (f"{month_first_day(today, n):%Y-%m}" for n in (0, 1, 2))
    assert {k: by_month[this][k] for k in ("resolved", "early", "on_time", "late", "early_pct")} == {
        "resolved": 1, "early": 1, "on_time": 0, "late": 0, "early_pct": 100.0,
    }
    assert (by_month[last]["on_time"], by_month[last]["on_time_pct"]) == (1, 100.0)
    assert {k: by_month[two_back][k] for k in ("resolved", "early", "late", "early_pct", "on_time_pct", "late_pct")} == {
        "resolved": 2, "early": 1, "late": 1, "early_pct": 50.0, "on_time_pct": 0.0, "late_pct": 50.0,
    }
    assert sum(m["resolved"] for m in months) == 4  # thirteen months ago is not among them
    assert all(m["early_pct"] is None for m in months if m["resolved"] == 0)
    cells = {
        (this, "early"): {"early_now"}, (last, "on_time"): {"on_time_last_month"},
        (two_back, "early"): {"early_two_months_ago"}, (two_back, "late"): {"late_two_months_ago"},
    }
    for m in months:
        for timeliness in ("early", "on_time", "late"):
            listed = await queue_ids(client, leader, {"resolved_month": m["month"], "timeliness": timeliness})
            assert len(listed) == m[timeliness], (m["month"], timeliness)
            assert {names.get(i, i) for i in listed} == cells.get((m["month"], timeliness), set())


async def test_a_leader_sees_only_their_agency_and_an_administrator_names_one(
    client: AsyncTestClient, db: asyncpg.Pool, seeded: None, admin: SignedIn,
) -> None:
    data = await data_set(db)
    other_leader, _ = await new_staff(client, db, "leader", data.other_agency, "Lãnh đạo Khác")
    response = await client.get("/api/stats/agency-health", headers=other_leader.headers())
    assert response.status_code == 200, response.text
    figures = {f["key"]: f for f in response.json()["figures"]}
    assert response.json()["agency_code"] == data.other_agency
    assert (figures["received_today"]["count"], figures["in_progress"]["count"], figures["overdue"]["count"]) == (1, 2, 1)
    assert await queue_ids(client, other_leader, figures["overdue"]["queue"]) == [data.ids["other_late"]]
    assert sum(m["resolved"] for m in response.json()["months"]) == 1

    refused = await client.get("/api/stats/agency-health", params={"agency": data.agency}, headers=other_leader.headers())
    assert refused.status_code == 403 and refused.json()["code"] == "other_agency", refused.text
    assert "count" not in refused.text

    named = await client.get("/api/stats/agency-health", params={"agency": data.agency}, headers=admin.headers())
    assert named.status_code == 200, named.text
    assert {f["key"]: f["count"] for f in named.json()["figures"]}["overdue"] == 2
    unnamed = await client.get("/api/stats/agency-health", headers=admin.headers())
    assert unnamed.status_code == 422 and unnamed.json()["code"] == "agency_required", unnamed.text
    unknown = await client.get("/api/stats/agency-health", params={"agency": "KHONG.CO"}, headers=admin.headers())
    assert unknown.status_code == 404 and unknown.json()["code"] == "agency_not_found", unknown.text


async def test_citizens_and_other_staff_are_refused(
    client: AsyncTestClient, db: asyncpg.Pool, seeded: None, citizen: SignedIn,
) -> None:
    assert (await client.get("/api/stats/agency-health")).status_code == 401
    answer = await client.get("/api/stats/agency-health", headers=citizen.headers())
    assert answer.status_code == 403 and answer.json()["code"] == "wrong_role", answer.text
    for role in ("reception_officer", "specialist", "courier", "volunteer"):
        staff = await sign_in_staff(client, *DEMO[role])
        answer = await client.get("/api/stats/agency-health", headers=staff.headers())
        assert answer.status_code == 403 and answer.json()["code"] == "wrong_role", (role, answer.text)


async def test_the_queue_refuses_a_month_or_a_timeliness_it_does_not_know(
    client: AsyncTestClient, seeded: None,
) -> None:
    leader = await sign_in_staff(client, *DEMO["leader"])
    for params in ({"resolved_month": "2026-13"}, {"resolved_month": "11/2026"}, {"timeliness": "soon"},
                   {"due_to": "29/11/2026"}):
        answer = await client.get("/api/office/queue", params=params, headers=leader.headers())
        assert answer.status_code == 422 and answer.json()["code"] == "validation_error", (params, answer.text)
    # December runs to the next year's first day.
    answer = await client.get("/api/office/queue", params={"resolved_month": "2025-12", "timeliness": "late"},
                              headers=leader.headers())
    assert answer.status_code == 200, answer.text
