"""Satisfaction ratings: once per returned dossier, and officers see only aggregates of at least 5 ratings."""

from __future__ import annotations

from datetime import timedelta

import asyncpg
from litestar.testing import AsyncTestClient

from backend import clock
from backend.agency_codes import commune_agency_code
from backend.feedback import service
from backend.feedback.criteria import CODES
from backend.settings import Settings
from tests.support import CERTIFIED_COPY, CERTIFIED_COPY_FORM, SignedIn, new_draft, returned_dossiers, sign_in_demo

# Each rating's nine scores and overall, chosen so the averages are easy to compute by hand.
GIVEN = [
    ([2, 2, 2, 2, 2, 2, 2, 2, 2], 5),
    ([2, 1, 2, 1, 2, 1, 2, 1, 2], 4),
    ([1, 1, 1, 1, 1, 1, 1, 1, 1], 3),
    ([0, 1, 2, 0, 1, 2, 0, 1, 2], 2),
    ([2, 2, 2, 2, 2, 2, 2, 2, 0], 5),
]


def body(scores: list[int], overall: int, comment: str | None = None) -> dict:
    return {"scores": dict(zip(CODES, scores)), "overall": overall, "comment": comment}


async def test_a_dossier_is_rated_once_and_officers_see_averages_only_from_five_ratings(
    client: AsyncTestClient, settings: Settings, citizen: SignedIn, admin: SignedIn, db: asyncpg.Pool,
    rating_commune: str,
) -> None:
    dossiers = await returned_dossiers(client, settings, citizen, rating_commune, 6)
    agency = dossiers[0]["agency_code"]
    assert agency == commune_agency_code(settings.demo_province_code, int(rating_commune))
    today = clock.today()
    period = {"start": today.isoformat(), "end": (today + timedelta(days=1)).isoformat(), "agency": agency}

    # Not returned yet: nothing to rate.
    draft = await new_draft(client, citizen, CERTIFIED_COPY, form=CERTIFIED_COPY_FORM, commune_code=rating_commune)
    early = await client.get(f"/api/dossiers/{draft['id']}/rating", headers=citizen.headers())
    assert early.status_code == 200 and early.json()["may_rate"] is False and early.json()["rated"] is False
    refused = await client.post(f"/api/dossiers/{draft['id']}/rating", json=body(*GIVEN[0]), headers=citizen.headers())
    assert refused.status_code == 409 and refused.json()["code"] == "not_rateable_yet"

    status = (await client.get(f"/api/dossiers/{dossiers[0]['id']}/rating", headers=citizen.headers())).json()
    assert status["may_rate"] is True and status["rated"] is False
    assert [c["code"] for c in status["criteria"]] == list(CODES) and all(len(c["choices"]) == 3 for c in status["criteria"])
    assert status["criteria"][6]["question"].startswith("Thái độ của cán bộ")

    # Every criterion must be scored.
    partial = await client.post(
        f"/api/dossiers/{dossiers[5]['id']}/rating", headers=citizen.headers(),
        json={"scores": dict(zip(CODES[:8], GIVEN[0][0])), "overall": 5},
    )
    assert partial.status_code == 422 and partial.json()["code"] == "incomplete_rating"
    assert [e["field"] for e in partial.json()["errors"]] == ["scores.overall"]

    for dossier, (scores, overall) in zip(dossiers[:4], GIVEN):
        rated = await client.post(f"/api/dossiers/{dossier['id']}/rating", json=body(scores, overall, "Cán bộ nhiệt tình."), headers=citizen.headers())
        assert rated.status_code == 201, rated.text
        assert rated.json()["rated"] is True and rated.json()["may_rate"] is False

    # A second rating of the same dossier.
    again = await client.post(f"/api/dossiers/{dossiers[0]['id']}/rating", json=body(*GIVEN[4]), headers=citizen.headers())
    assert again.status_code == 409
    assert again.headers["content-type"].startswith("application/problem+json")
    assert again.json()["code"] == "already_rated" and "một lần" in again.json()["detail"]
    assert (await client.get(f"/api/dossiers/{dossiers[0]['id']}/rating", headers=citizen.headers())).json()["rated"] is True

    # Four ratings: not enough to show anything but the count.
    few = await client.get("/api/office/ratings", params=period, headers=admin.headers())
    assert few.status_code == 200, few.text
    assert few.json() == {
        "agency_code": agency, "agency_name": few.json()["agency_name"], "start": period["start"], "end": period["end"],
        "ratings": 4, "minimum": 5, "enough": False,
        "message": "Chưa đủ đánh giá: cần ít nhất 5 lượt trong kỳ để công bố điểm trung bình (hiện có 4).",
        "overall_average": None, "points_average": None, "index_percent": None, "criteria": [],
    }

    fifth = await client.post(f"/api/dossiers/{dossiers[4]['id']}/rating", json=body(*GIVEN[4]), headers=citizen.headers())
    assert fifth.status_code == 201, fifth.text
    enough = await client.get("/api/office/ratings", params=period, headers=admin.headers(**{"Accept-Language": "en"}))
    answer = enough.json()
    # By hand: overall (5+4+3+2+5)/5; points per rating 18, 14, 9, 9, 16 → 66/5 = 13.2 of 18 = 73.3 %.
    assert answer["enough"] is True and answer["ratings"] == 5 and answer["message"] is None
    assert answer["overall_average"] == 3.8
    assert answer["points_average"] == 13.2 and answer["index_percent"] == 73.3
    by_hand = [round(sum(scores[i] for scores, _ in GIVEN) / 5, 2) for i in range(9)]
    assert [c["average"] for c in answer["criteria"]] == by_hand == [1.4, 1.4, 1.8, 1.2, 1.6, 1.6, 1.4, 1.4, 1.4]
    assert answer["criteria"][6]["question"].startswith("The staff's attitude")

    # Nothing in an aggregate names a dossier or a person.
    citizen_row = await db.fetchrow("select id, phone from citizens where id = (select citizen_id from dossiers where id = $1)", dossiers[0]["id"])
    for secret in [*(d["id"] for d in dossiers), *(d["code"] for d in dossiers), str(citizen_row["id"]), citizen_row["phone"]]:
        assert secret not in enough.text and secret not in few.text
    # Nor can the tables be joined to find one: a rating holds no dossier, citizen or time of day.
    columns = {r["column_name"] for r in await db.fetch("select column_name from information_schema.columns where table_name = 'ratings'")}
    assert columns == {"id", "agency_code", "rated_on", "scores", "overall", "comment"}

    # The dashboard's function gives the same figures.
    same = await service.satisfaction(db, agency, today, today + timedelta(days=1))
    assert (same.ratings, same.overall_average, same.points_average) == (5, 3.8, 13.2)


async def test_officers_see_their_own_agencys_aggregates_only(client: AsyncTestClient, seeded: None, settings: Settings) -> None:
    leader = await sign_in_demo(client, "leader")
    today = clock.today()
    own = await client.get("/api/office/ratings", params={"start": today.isoformat(), "end": (today + timedelta(days=30)).isoformat()}, headers=leader.headers())
    assert own.status_code == 200 and own.json()["enough"] is False
    other = await client.get(
        "/api/office/ratings", headers=leader.headers(),
        params={"start": today.isoformat(), "end": today.isoformat(), "agency": "000.00.02.H56"},
    )
    assert other.status_code == 403 and other.json()["code"] == "wrong_role"
    backwards = await client.get("/api/office/ratings", params={"start": today.isoformat(), "end": today.isoformat()}, headers=leader.headers())
    assert backwards.status_code == 422 and backwards.json()["code"] == "invalid_period"
