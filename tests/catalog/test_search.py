"""Search: diacritics, case, abbreviations, typos, filters, pagination, caching."""

from __future__ import annotations

import asyncpg
import pytest
from litestar.testing import AsyncTestClient

from backend.catalog import queries
from backend.catalog.search import fold, words

pytestmark = pytest.mark.usefixtures("seeded")


def test_fold_drops_every_mark_and_d_stroke() -> None:
    assert fold("  Cấp ĐỔI   giấy phép lái xe ") == "cap doi giay phep lai xe"
    assert fold("Chứng thực bản sao") == "chung thuc ban sao"
    assert fold("ỹ ự ẵ ặ ờ Đ") == "y u a a o d"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("cap doi giay phep lai xe", "GPLX.DOI"),
        ("GPLX", "GPLX.DOI"),
        ("khai sinh", "1.001193"),
        ("ly lich tu phap", "2.000488"),
        ("chứng thực bản sao", "2.000815"),
        ("Chung Thuc ban sao", "2.000815"),
        ("khai sinnh", "1.001193"),  # typo
        ("giay phep lai", "GPLX.DOI"),  # prefix
        ("sổ đỏ", "1.012783"),
    ],
)
async def test_obvious_procedure_ranks_first(client: AsyncTestClient, query: str, expected: str) -> None:
    response = await client.get("/api/catalog/procedures", params={"q": query})
    assert response.status_code == 200
    items = response.json()["items"]
    assert items and items[0]["code"] == expected, [i["code"] for i in items]


async def test_filters(client: AsyncTestClient) -> None:
    body = (await client.get("/api/catalog/procedures", params={"field": "cu_tru", "limit": 100})).json()
    assert {i["field"]["code"] for i in body["items"]} == {"cu_tru"} and len(body["items"]) == 5
    body = (await client.get("/api/catalog/procedures", params={"level": "province", "online": "partial"})).json()
    assert [i["code"] for i in body["items"]] == ["1.012784"]
    police = (await client.get("/api/catalog/procedures", params={"agency": "000.00.11.H56"})).json()
    assert {i["code"] for i in police["items"]} == {"GPLX.DOI", "XNC.HC"}
    assert police["items"][0]["agency"]["name"] == "Công an tỉnh Khánh Hòa"
    commune = (await client.get("/api/catalog/procedures", params={"agency": "223.66.00.H56", "limit": 100})).json()
    assert commune["items"] and {i["level"] for i in commune["items"]} == {"commune"}


@pytest.mark.parametrize("query", ["", "dang ky"])
async def test_keyset_pagination_walks_every_result_once(client: AsyncTestClient, db: asyncpg.Pool, query: str) -> None:
    everything = (await client.get("/api/catalog/procedures", params={"q": query, "limit": 100})).json()
    assert everything["next"] is None
    seen, after = [], None
    while True:
        params = {"q": query, "limit": 3} | ({"after": after} if after else {})
        page = (await client.get("/api/catalog/procedures", params=params)).json()
        seen += [i["code"] for i in page["items"]]
        after = page["next"]
        if after is None:
            break
    assert seen == [i["code"] for i in everything["items"]]
    # Every published procedure once (other suites may have published more than the 26 of the demo data).
    published = await db.fetchval("select count(*) from procedures where current_version_id is not null")
    assert published >= 26
    assert len(seen) == (published if query == "" else len(set(seen)))


async def test_bad_cursor_is_a_vietnamese_422(client: AsyncTestClient) -> None:
    response = await client.get("/api/catalog/procedures", params={"after": "not-a-cursor"})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_cursor"
    assert "tìm kiếm lại" in response.json()["detail"]


async def test_etag_and_cache_control(client: AsyncTestClient) -> None:
    first = await client.get("/api/catalog/procedures/1.001193")
    assert first.status_code == 200
    directives = {d.strip() for d in first.headers["cache-control"].split(",")}
    assert directives == {"public", "max-age=300", "stale-while-revalidate=86400"}
    etag = first.headers["etag"]
    assert etag.startswith('W/"')
    again = await client.get("/api/catalog/procedures/1.001193", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    other = await client.get("/api/catalog/procedures/1.001193", headers={"If-None-Match": 'W/"other"'})
    assert other.status_code == 200
    listing = await client.get("/api/catalog/procedures", params={"q": "khai sinh"})
    assert (await client.get("/api/catalog/procedures", params={"q": "khai sinh"}, headers={"If-None-Match": listing.headers["etag"]})).status_code == 304


async def test_missing_procedure_is_a_vietnamese_404(client: AsyncTestClient) -> None:
    response = await client.get("/api/catalog/procedures/9.999999")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["title"] == "Không tìm thấy thủ tục"
    assert "etag" not in response.headers


async def test_a_renamed_field_or_agency_is_searched_by_its_new_name(db: asyncpg.Pool) -> None:
    """Search finds candidates by each version's words (migration 021), which take a renamed field's or agency's."""
    async with db.acquire() as conn:
        renaming = conn.transaction()
        await renaming.start()
        try:
            row = await conn.fetchrow(
                """
                select p.code, v.field_code, v.agency_code from procedures p
                join procedure_versions v on v.id = p.current_version_id
                where v.agency_code is not null order by p.code limit 1
                """
            )
            await conn.execute("update fields set search_name = 'linh vuc moi doi ten' where code = $1", row["field_code"])
            await conn.execute("update agencies set search_text = 'co quan vua doi ten' where code = $1", row["agency_code"])
            for new_name in ("linh vuc moi doi ten", "co quan vua doi ten"):
                found = await queries.search_procedures(
                    conn, words(new_name), field=None, level=None, agency_code=None, online=None, after=None, limit=500,
                )
                assert row["code"] in {r["code"] for r in found}, new_name
        finally:
            await renaming.rollback()
