"""The calendar admin screen's API: the year's public holidays beside the admin's adjustments, and the sample due
date the working calendar gives (recomputed as the admin adds a make-up working day), with clear refusals."""

from __future__ import annotations

from litestar.testing import AsyncTestClient

from tests.support import DEMO, SignedIn, sign_in_staff

# A year no other test adjusts: its days off and make-up days change nobody else's due dates.
YEAR = 2033


async def test_the_year_lists_the_public_holidays_named_in_both_languages_beside_the_adjustments(
    client: AsyncTestClient, admin: SignedIn,
) -> None:
    answer = await client.get(f"/api/admin/calendar/?year={YEAR}", headers=admin.headers())
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["year"] == YEAR
    holidays = {h["day"]: h for h in body["holidays"]}
    assert holidays[f"{YEAR}-01-01"]["name"] == "Tết Dương lịch"
    assert holidays[f"{YEAR}-01-01"]["name_en"] == "New Year's Day"
    assert holidays[f"{YEAR}-09-02"]["name"].startswith("Quốc khánh")
    # Tết (the lunar new year) falls on 31/01/2033: the package computes the lunar dates.
    assert holidays[f"{YEAR}-01-31"]["name"] == "Tết Nguyên Đán"
    assert [h["day"] for h in body["holidays"]] == sorted(holidays)


async def test_a_make_up_working_day_moves_the_sample_due_date(client: AsyncTestClient, admin: SignedIn) -> None:
    # Received on Thursday 20/10/2033, 2 working days: Friday 21 counts, the weekend is skipped, Monday 24 is due.
    url = "/api/admin/calendar/due-date"
    before = await client.get(url, params={"received": f"{YEAR}-10-20", "days": 2}, headers=admin.headers())
    assert before.status_code == 200, before.text
    assert before.json() == {
        "received_on": f"{YEAR}-10-20", "working_days": 2, "due_date": f"{YEAR}-10-24",
        "skipped": [f"{YEAR}-10-22", f"{YEAR}-10-23"],
    }
    saturday = f"{YEAR}-10-22"
    put = await client.put(f"/api/admin/calendar/{saturday}", json={"kind": "working_day", "note": "Làm bù"}, headers=admin.headers())
    assert put.status_code == 200, put.text
    try:
        after = (await client.get(url, params={"received": f"{YEAR}-10-20", "days": 2}, headers=admin.headers())).json()
        assert after["due_date"] == saturday and after["skipped"] == []
        listed = (await client.get(f"/api/admin/calendar/?year={YEAR}", headers=admin.headers())).json()["items"]
        assert {"day": saturday, "kind": "working_day", "note": "Làm bù"} in listed
        # A day off on the Friday pushes it back again.
        friday = f"{YEAR}-10-21"
        await client.put(f"/api/admin/calendar/{friday}", json={"kind": "day_off", "note": "Nghỉ bù"}, headers=admin.headers())
        moved = (await client.get(url, params={"received": f"{YEAR}-10-20", "days": 2}, headers=admin.headers())).json()
        assert moved["due_date"] == f"{YEAR}-10-24" and moved["skipped"] == [friday, f"{YEAR}-10-23"]
        assert (await client.delete(f"/api/admin/calendar/{friday}", headers=admin.headers())).status_code == 204
    finally:
        assert (await client.delete(f"/api/admin/calendar/{saturday}", headers=admin.headers())).status_code == 204
    # Same day (0 working days), received in the morning of a working day: due that day.
    same_day = (await client.get(url, params={"received": f"{YEAR}-10-20", "days": 0}, headers=admin.headers())).json()
    assert same_day["due_date"] == f"{YEAR}-10-20"
    # Across Tết: received Friday 28/01/2033, 1 working day: Monday 31/01 to Friday 04/02 are Tết, so Monday 07/02.
    tet = (await client.get(url, params={"received": f"{YEAR}-01-28", "days": 1}, headers=admin.headers())).json()
    assert tet["due_date"] == f"{YEAR}-02-07"


async def test_the_sample_due_date_refuses_what_it_cannot_count_with_a_reason(
    client: AsyncTestClient, admin: SignedIn,
) -> None:
    url = "/api/admin/calendar/due-date"
    for params, code, field in [
        ({"received": "1999-12-31", "days": 3}, "invalid_received_date", None),
        ({"received": "31/12/2033", "days": 3}, "validation_error", "received"),
        ({"received": f"{YEAR}-02-30", "days": 3}, "validation_error", "received"),
        ({"received": f"{YEAR}-10-20", "days": -1}, "validation_error", "days"),
        ({"received": f"{YEAR}-10-20", "days": 366}, "validation_error", "days"),
        ({"received": f"{YEAR}-10-20"}, "validation_error", "days"),
    ]:
        answer = await client.get(url, params=params, headers=admin.headers())
        assert answer.status_code == 422, (params, answer.text)
        problem = answer.json()
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert problem["code"] == code and problem["detail"], params
        if field:
            assert field in {e["field"] for e in problem["errors"]}, problem
    refused = await client.get(url, params={"received": "1999-12-31", "days": 3}, headers=admin.headers())
    assert "2000" in refused.json()["detail"]


async def test_only_admins_compute_sample_due_dates(client: AsyncTestClient, seeded: None) -> None:
    reception = await sign_in_staff(client, *DEMO["reception_officer"])
    answer = await client.get("/api/admin/calendar/due-date", params={"received": f"{YEAR}-10-20", "days": 2}, headers=reception.headers())
    assert answer.status_code == 403 and answer.json()["code"] == "wrong_role"


async def test_the_edges_of_the_sample_range_are_counted(client: AsyncTestClient, admin: SignedIn) -> None:
    for received in ("2000-01-01", "2100-12-31"):
        answer = await client.get("/api/admin/calendar/due-date", params={"received": received, "days": 365}, headers=admin.headers())
        assert answer.status_code == 200, answer.text
        assert answer.json()["due_date"] > received
