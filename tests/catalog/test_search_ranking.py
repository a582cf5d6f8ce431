"""The ranking of api_schema/search_ranking.json, through the API: the shared cases (Vitest runs the same
ones against the PWA's offline search) and the behaviours people noticed."""

from __future__ import annotations

import json

import asyncpg
import pytest
from litestar.testing import AsyncTestClient

from backend.catalog.search import words
from backend.settings import ROOT

pytestmark = pytest.mark.usefixtures("seeded")

CASES = json.loads((ROOT / "tests" / "catalog" / "search_cases.json").read_text("utf-8"))["cases"]
DEATH_REGISTRATION = "1.000656"  # Đăng ký khai tử


async def _search(client: AsyncTestClient, query: str, limit: int) -> list[dict]:
    response = await client.get("/api/catalog/procedures", params={"q": query, "limit": limit})
    assert response.status_code == 200, response.text
    return response.json()["items"]


@pytest.mark.parametrize("case", CASES, ids=[case["query"] or "(empty)" for case in CASES])
async def test_shared_cases_list_the_same_first_five(client: AsyncTestClient, case: dict) -> None:
    items = await _search(client, case["query"], 5)
    assert [item["code"] for item in items] == case["first_five"]


async def test_birth_registration_first_and_no_death_registration_in_the_top_three(client: AsyncTestClient) -> None:
    items = await _search(client, "khai sinh", 20)
    assert items[0]["name"] == "Đăng ký khai sinh"
    assert DEATH_REGISTRATION not in [item["code"] for item in items[:3]]


@pytest.mark.parametrize("query", ["khai sinh", "tam tru", "giay phep", "dang ky khai sinh"])
async def test_names_with_every_word_rank_above_every_other(client: AsyncTestClient, query: str) -> None:
    # "khai sinh" listed "Đăng ký khai tử" and "Khai báo tạm vắng" among the birth registrations.
    items = await _search(client, query, 100)
    has_every_word = [all(any(w.startswith(q) for w in words(item["name"])) for q in words(query)) for item in items]
    assert any(has_every_word)
    assert has_every_word == sorted(has_every_word, reverse=True), [item["name"] for item in items]


async def test_summaries_carry_the_keywords_the_offline_search_ranks_by(client: AsyncTestClient) -> None:
    (licence,) = await _search(client, "GPLX", 1)
    assert "GPLX" in licence["keywords"] and "bằng lái xe" in licence["keywords"]


async def test_one_edit_apart_in_sql_counts_as_the_pwa_does(db: asyncpg.Pool) -> None:
    # The same pairs as ranking.test.ts: an insertion, a deletion, a replacement, a swap, equality; then two edits.
    pairs = [("sinnh", True), ("sih", True), ("sinb", True), ("snih", True), ("sinh", True),
             ("snhi", False), ("sinhhh", False), ("tinb", False), ("", False)]
    answers = await db.fetch(
        "select one_edit_apart(typo, 'sinh') as near from unnest($1::text[]) as typo", [typo for typo, _ in pairs]
    )
    assert [row["near"] for row in answers] == [near for _, near in pairs]
