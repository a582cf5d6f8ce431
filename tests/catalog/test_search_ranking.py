"""The ranking of api_schema/search_ranking.json, through the API: the shared cases (Vitest runs the same
ones against the PWA's offline search) and the behaviours people noticed."""

from __future__ import annotations

import json
import re

import asyncpg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from litestar.testing import AsyncTestClient

from backend.catalog.search import RANKING, near_pattern, words
from backend.settings import ROOT

pytestmark = pytest.mark.usefixtures("seeded")

SHARED = json.loads((ROOT / "tests" / "catalog" / "search_cases.json").read_text("utf-8"))
CASES, NEARLY = SHARED["cases"], SHARED["nearly"]
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


@pytest.mark.parametrize("pair", NEARLY, ids=[f"{p['word']}~{p['text']}" for p in NEARLY])
async def test_nearly_in_sql_answers_as_the_pwa_does(db: asyncpg.Pool, pair: dict) -> None:
    assert await db.fetchval("select $1::text ~ $2::text", pair["text"], near_pattern(pair["word"])) is pair["nearly"]


def _one_edit_apart(a: str, b: str) -> bool:
    """The definition, letter by letter: equal, or one letter inserted, deleted or replaced, or two swapped."""
    if a == b:
        return True
    if len(a) == len(b):
        differ = [i for i in range(len(a)) if a[i] != b[i]]
        return len(differ) == 1 or (len(differ) == 2 and differ[1] == differ[0] + 1 and a[differ[0]] == b[differ[1]]
                                    and a[differ[1]] == b[differ[0]])
    shorter, longer = sorted((a, b), key=len)
    return len(longer) == len(shorter) + 1 and any(longer[:i] + longer[i + 1:] == shorter for i in range(len(longer)))


@settings(max_examples=400, deadline=None)
@given(st.text("abhn", min_size=1, max_size=6), st.lists(st.text("abhn", min_size=1, max_size=7), min_size=1, max_size=4))
def test_near_pattern_finds_exactly_the_words_the_definition_names(word: str, text_words: list[str]) -> None:
    expected = any(
        other.startswith(word)
        or (len(word) >= RANKING.typo_min_letters and other[0] == word[0] and _one_edit_apart(word, other))
        for other in text_words
    )
    assert bool(re.search(near_pattern(word), " ".join(text_words))) is expected
