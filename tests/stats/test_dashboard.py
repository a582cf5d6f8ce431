"""The public dashboard: a hand-made data set in agencies of our own (dossiers, payments and ratings, in
tests.support), in 2019 where no other test writes, is summarised by the worker's refresh, and the dashboard's figures equal the figures counted by
hand here; fewer than five ratings are never averaged; the CSV says what the JSON says; refreshing again changes
nothing."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from typing import Any

import asyncpg
import pytest
from litestar.testing import AsyncTestClient

from backend.clock import VIETNAM
from backend.feedback.service import satisfaction
from backend.stats.service import refresh_dashboard, refresh_recent_days, statistics
from tests.support import AGENCY_A, AGENCY_B, AGENCY_C, insert_dashboard_data_set

# Counted by hand from tests.support.DASHBOARD_DOSSIERS for March 2019.
MARCH_A = dict(
    received=4, received_online=3, online_pct=75.0, received_digitised=2, digitised_pct=50.0,  # A1 A2 A3 A5; A1 A5
    resolved=3, resolved_early=1, resolved_on_time=1, resolved_late=1,  # A1 A2 A4 (A3 is April's)
    early_pct=33.3, on_time_pct=33.3, late_pct=33.3,
    paid=2, paid_online=1, paid_online_pct=50.0,  # A1 VNPay, A2 cash (A4's transfer was in February)
)
MARCH_B = dict(
    received=1, received_online=1, online_pct=100.0, received_digitised=1, digitised_pct=100.0,
    resolved=1, resolved_early=0, resolved_on_time=1, resolved_late=0, early_pct=0.0, on_time_pct=100.0, late_pct=0.0,
    paid=1, paid_online=0, paid_online_pct=0.0,
)
MARCH_TOTAL = dict(
    received=5, received_online=4, online_pct=80.0, received_digitised=3, digitised_pct=60.0,
    resolved=4, resolved_early=1, resolved_on_time=2, resolved_late=1, early_pct=25.0, on_time_pct=50.0, late_pct=25.0,
    paid=3, paid_online=1, paid_online_pct=33.3,
)
# The first quarter adds February: A4 received (online, digitised) and its bank transfer.
Q1_A = dict(MARCH_A, received=5, received_online=4, online_pct=80.0, received_digitised=3, digitised_pct=60.0,
            paid=3, paid_online=2, paid_online_pct=66.7)


NOT_ENOUGH = {"satisfaction_pct": None, "overall_average": None, "satisfaction_note": "Chưa đủ đánh giá (cần ít nhất 5)",
              "satisfaction_note_en": "Not enough ratings (at least 5 needed)"}
SHOWN = {"satisfaction_note": None, "satisfaction_note_en": None}
# Counted by hand from tests.support.DASHBOARD_RATINGS. March, A: 68 points out of 6 × 18 = 62.96 %; overall 22 / 6.
MARCH_A_RATED = dict(SHOWN, ratings=6, satisfaction_pct=63.0, overall_average=3.67)
MARCH_B_RATED = dict(NOT_ENOUGH, ratings=2)
# The whole province in March: A's only, as B's two alone would be the total minus A.
MARCH_TOTAL_RATED = MARCH_A_RATED
# The first quarter, A: February's 18 points more, 86 / (7 × 18) = 68.25 %; overall 27 / 7.
Q1_A_RATED = dict(SHOWN, ratings=7, satisfaction_pct=68.3, overall_average=3.86)
# June: A 100 % and 5; the total 117 / (10 × 18) = 65 %, overall 36 / 10.
JUNE_A_RATED = dict(SHOWN, ratings=5, satisfaction_pct=100.0, overall_average=5.0)
JUNE_TOTAL_RATED = dict(SHOWN, ratings=10, satisfaction_pct=65.0, overall_average=3.6)


@pytest.fixture
async def summarised(db: asyncpg.Pool, seeded: None) -> None:
    async with db.acquire() as conn, conn.transaction():
        await insert_dashboard_data_set(conn)
    await refresh_dashboard(db, None)


def _figures_of(body: dict[str, Any], agency: str) -> dict[str, Any]:
    return next(a for a in body["agencies"] if a["agency_code"] == agency)


def _counted(figures: dict[str, Any], expected: dict[str, Any]) -> dict[str, Any]:
    return {k: figures[k] for k in expected}


async def test_the_figures_equal_the_figures_counted_by_hand(client: AsyncTestClient, summarised: None) -> None:
    response = await client.get("/api/stats/dashboard", params={"period": "2019-03"})  # no session

    assert response.status_code == 200, response.text
    assert set(response.headers["cache-control"].split(", ")) == {"public", "max-age=300", "stale-while-revalidate=86400"}
    body = response.json()
    assert (body["period"], body["first_day"], body["last_day"]) == ("2019-03", "2019-03-01", "2019-03-31")
    assert body["refreshed_at"] is not None
    assert [a["agency_code"] for a in body["agencies"]] == [AGENCY_A, AGENCY_B]
    a = _figures_of(body, AGENCY_A)
    assert (a["agency_name"], a["agency_name_en"]) == ("Cơ quan thử A", "Test agency A")
    assert _counted(a, MARCH_A) == MARCH_A
    assert _counted(_figures_of(body, AGENCY_B), MARCH_B) == MARCH_B
    assert body["total"]["agency_code"] is None and _counted(body["total"], MARCH_TOTAL) == MARCH_TOTAL

    quarter = (await client.get("/api/stats/dashboard", params={"period": "2019-q1", "agency": AGENCY_A})).json()
    assert (quarter["period"], quarter["first_day"], quarter["last_day"]) == ("2019-Q1", "2019-01-01", "2019-03-31")
    assert [a["agency_code"] for a in quarter["agencies"]] == [AGENCY_A]
    assert _counted(quarter["agencies"][0], Q1_A) == Q1_A == _counted(quarter["total"], Q1_A)

    april = (await client.get("/api/stats/dashboard", params={"from": "2019-04-01", "to": "2019-04-30"})).json()
    assert april["period"] == "2019-04-01..2019-04-30"
    assert _counted(april["total"], {"received": 0, "resolved": 1, "resolved_late": 1, "late_pct": 100.0, "online_pct": None}) == {
        "received": 0, "resolved": 1, "resolved_late": 1, "late_pct": 100.0, "online_pct": None,
    }

    year = (await client.get("/api/stats/dashboard", params={"period": "2019"})).json()
    assert (year["first_day"], year["last_day"], year["total"]["received"], year["total"]["resolved"]) == (
        "2019-01-01", "2019-12-31", 6, 5,
    )


async def test_satisfaction_is_averaged_only_from_five_ratings_on(
    client: AsyncTestClient, db: asyncpg.Pool, summarised: None,
) -> None:
    march = (await client.get("/api/stats/dashboard", params={"period": "2019-03"})).json()
    assert _counted(_figures_of(march, AGENCY_A), MARCH_A_RATED) == MARCH_A_RATED
    assert _counted(_figures_of(march, AGENCY_B), MARCH_B_RATED) == MARCH_B_RATED  # two: counted, never averaged
    assert _counted(march["total"], MARCH_TOTAL_RATED) == MARCH_TOTAL_RATED
    # The index the agency's officers see from the feedback domain, for the same days.
    own = await satisfaction(db, AGENCY_A, date(2019, 3, 1), date(2019, 4, 1))
    assert (own.ratings, own.index_percent, own.overall_average) == (6, 63.0, 3.67)

    quarter = (await client.get("/api/stats/dashboard", params={"period": "2019-Q1", "agency": AGENCY_A})).json()
    assert _counted(quarter["agencies"][0], Q1_A_RATED) == Q1_A_RATED == _counted(quarter["total"], Q1_A_RATED)

    april = (await client.get("/api/stats/dashboard", params={"period": "2019-04"})).json()
    one = dict(NOT_ENOUGH, ratings=1)
    assert _counted(_figures_of(april, AGENCY_A), one) == one == _counted(april["total"], one)

    june = (await client.get("/api/stats/dashboard", params={"period": "2019-06"})).json()
    assert [a["agency_code"] for a in june["agencies"]] == [AGENCY_A, AGENCY_B, AGENCY_C]  # rated, nothing received
    assert _counted(_figures_of(june, AGENCY_A), JUNE_A_RATED) == JUNE_A_RATED
    assert _counted(_figures_of(june, AGENCY_B), NOT_ENOUGH) == NOT_ENOUGH == _counted(_figures_of(june, AGENCY_C), NOT_ENOUGH)
    assert _counted(june["total"], JUNE_TOTAL_RATED) == JUNE_TOTAL_RATED


async def test_early_on_time_and_late_are_the_agency_statistics_own(db: asyncpg.Pool, summarised: None) -> None:
    for agency, expected in ((AGENCY_A, MARCH_A), (AGENCY_B, MARCH_B)):
        [row] = (await statistics(db, date(2019, 3, 1), date(2019, 4, 1), agency, today=date(2019, 4, 1))).items
        assert (row.received, row.resolved_early, row.resolved_on_time, row.resolved_late) == (
            expected["received"], expected["resolved_early"], expected["resolved_on_time"], expected["resolved_late"],
        )


async def test_each_figure_says_how_it_is_computed_in_both_languages(client: AsyncTestClient, summarised: None) -> None:
    body = (await client.get("/api/stats/dashboard", params={"period": "2019-03"})).json()

    groups = {g["key"]: g["points"] for g in body["groups"]}
    assert groups == {"progress": 20, "online_service": 12, "online_payment": 10, "satisfaction": 18, "digitisation": 22}
    explained = {f for figure in body["figures"] for f in figure["fields"]}
    assert explained == {"received", "resolved_early", "resolved_on_time", "resolved_late", "received_online",
                         "received_digitised", "paid_online", "ratings", "satisfaction_pct", "overall_average"}
    for figure in body["figures"]:
        assert figure["group"] in (None, *groups)
        assert figure["how"] and figure["how_en"] and figure["name"] and figure["name_en"]
    timeliness = next(f for f in body["figures"] if f["key"] == "timeliness")
    assert "ngày hẹn trả theo quy định" in timeliness["how"] and "statutory due date" in timeliness["how_en"]
    satisfied = next(f for f in body["figures"] if f["key"] == "satisfaction")
    assert (satisfied["group"], satisfied["name"]) == ("satisfaction", "Mức độ hài lòng")
    assert "ít nhất 5 đánh giá" in satisfied["how"] and "at least 5 ratings" in satisfied["how_en"]


async def test_the_csv_says_what_the_json_says(client: AsyncTestClient, summarised: None) -> None:
    params = {"period": "2019-03"}
    body = (await client.get("/api/stats/dashboard", params=params)).json()

    response = await client.get("/api/stats/dashboard.csv", params=params)

    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="thong-ke-2019-03.csv"'
    assert response.content.startswith("\ufeff".encode())  # Excel reads UTF-8 (the diacritics) only after a BOM
    header, *rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header[:5] == ["Kỳ", "Từ ngày", "Đến ngày", "Mã cơ quan", "Cơ quan"]
    assert len(rows) == len(body["agencies"]) + 1
    fields = ["agency_code", "agency_name", "received", "received_online", "online_pct", "received_digitised",
              "digitised_pct", "resolved", "resolved_early", "resolved_on_time", "resolved_late", "early_pct",
              "on_time_pct", "late_pct", "paid", "paid_online", "paid_online_pct", "ratings", "satisfaction_pct",
              "overall_average", "satisfaction_note"]
    for row, figures in zip(rows, [*body["agencies"], body["total"]], strict=True):
        assert row[:3] == ["2019-03", "01/03/2019", "31/03/2019"]
        assert row[3:] == ["" if figures[f] is None else str(figures[f]) for f in fields]
    assert rows[-1][3:5] == ["", "Tất cả cơ quan"]
    assert header[-4:] == ["Lượt đánh giá", "Chỉ số hài lòng (%)", "Hài lòng chung trung bình (1–5)", "Ghi chú đánh giá"]
    assert [row[-4:] for row in rows] == [
        ["6", "63.0", "3.67", ""], ["2", "", "", "Chưa đủ đánh giá (cần ít nhất 5)"], ["6", "63.0", "3.67", ""],
    ]


async def test_refreshing_again_changes_nothing(db: asyncpg.Pool, summarised: None) -> None:
    read = "select * from stats_agency_days where agency_code = any($1) order by day, agency_code"
    ours = [AGENCY_A, AGENCY_B, AGENCY_C]
    before = [dict(r) for r in await db.fetch(read, ours)]
    # A: 27/02, 01/03, 04/03, 05/03, 11/03, 12/03, 20/03, 31/03, 01/04, 10/06; B: 15/03, 18/03, 11/06; C: 12/06
    assert len(before) == 14

    await refresh_dashboard(db, None)
    assert [dict(r) for r in await db.fetch(read, ours)] == before
    # The cron's refresh of recent days, as if it were 10/04/2019, recounts March and April from the same rows.
    since = await refresh_recent_days(db, today=date(2019, 4, 10))
    assert since == date(2019, 4, 10) - timedelta(days=61)
    assert [dict(r) for r in await db.fetch(read, ours)] == before


async def test_a_period_that_is_not_one_is_refused_in_words(client: AsyncTestClient, seeded: None) -> None:
    cases = [
        ({"period": "2019-13"}, 422, "invalid_period"),
        ({"period": "tháng 3"}, 422, "invalid_period"),
        ({"period": "2019-03", "from": "2019-03-01", "to": "2019-03-31"}, 422, "invalid_period"),
        ({"from": "2019-03-01"}, 422, "invalid_period"),
        ({"from": "2019-03-31", "to": "2019-03-01"}, 422, "invalid_period"),
        ({"from": "2019-01-01", "to": "2020-01-02"}, 422, "invalid_period"),  # 367 days: longer than a year
        ({"period": "2019", "agency": "NO.SUCH"}, 404, "agency_not_found"),
    ]
    for params, status, code in cases:
        response = await client.get("/api/stats/dashboard", params=params, headers={"accept-language": "en"})
        assert response.status_code == status, (params, response.text)
        problem = response.json()
        assert problem["code"] == code and problem["detail"], params
    vietnamese = (await client.get("/api/stats/dashboard.csv", params={"period": "2019-Q5"})).json()
    assert vietnamese["detail"] == "Kỳ phải là một tháng (2026-11), một quý (2026-Q4) hoặc một năm (2026)."


async def test_without_a_period_it_is_this_month(client: AsyncTestClient, seeded: None) -> None:
    body = (await client.get("/api/stats/dashboard")).json()
    today = datetime.now(VIETNAM).date()
    assert (body["period"], body["first_day"]) == (f"{today:%Y-%m}", f"{today:%Y-%m}-01")
