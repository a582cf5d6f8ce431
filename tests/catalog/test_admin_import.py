"""Bulk import of a province's procedure list, the administrators' procedure list and pinned-dossier counts.

The import runs on a database of its own: 2,000 more procedures would change what the other suites search."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator

import asyncpg
import msgspec
import pytest
from litestar.testing import AsyncTestClient

from backend.app import create_app
from backend.settings import Settings
from tests.support import DEMO, RUN_ID, SignedIn, clear_rate_limits, migrated_and_seeded, new_draft, scratch_database, sign_in_staff

COLUMNS = ["code", "name", "name_en", "field", "level", "working_days", "fee", "online", "result_by_post", "documents", "form", "keywords"]
BAD_LINE = 1234  # the header is line 1, so this is the 1,233rd procedure


def procedure_row(n: int, *, days: int = 5) -> list[str]:
    documents = [{"code": "don", "name": "Đơn đề nghị", "required": True}]
    form = [{"name": "so_ban", "label": "Số bản", "type": "integer", "required": True, "min": 1, "max": 10}]
    return [
        f"9.{n:06d}", f"Thủ tục nhập thử số {n}", f"Imported procedure {n}", "ho_tich" if n % 2 else "ly_lich_tu_phap",
        "commune" if n % 2 else "province", str(days), "25.000" if n % 3 else "0", "partial", "có" if n % 2 else "không",
        json.dumps(documents, ensure_ascii=False), json.dumps(form, ensure_ascii=False), "nhập thử; thử nghiệm",
    ]


def to_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode()  # as Excel saves "CSV UTF-8"


@pytest.fixture(scope="module")
async def province(settings: Settings) -> AsyncIterator[tuple[AsyncTestClient, asyncpg.Connection]]:
    async with scratch_database(f"motcua_import_{RUN_ID}") as url:
        own = msgspec.structs.replace(settings, database_url=url)
        await migrated_and_seeded(own)
        async with AsyncTestClient(create_app(own)) as client:
            conn = await asyncpg.connect(url)
            try:
                yield client, conn
            finally:
                await conn.close()


@pytest.fixture
async def province_admin(province: tuple[AsyncTestClient, asyncpg.Connection], settings: Settings) -> SignedIn:
    await clear_rate_limits(settings)
    return await sign_in_staff(province[0], *DEMO["admin"])


async def _catalogue(conn: asyncpg.Connection) -> list[asyncpg.Record]:
    return await conn.fetch(
        "select p.code, p.current_version_id, v.id, v.version, v.status, v.updated_at from procedures p"
        " join procedure_versions v on v.procedure_code = p.code order by v.id"
    )


async def test_a_2000_procedure_file_imports_once_and_a_reimport_changes_nothing(
    province: tuple[AsyncTestClient, asyncpg.Connection], province_admin: SignedIn
) -> None:
    client, conn = province
    rows = [procedure_row(n) for n in range(1, 2001)]
    headers = province_admin.headers(**{"Content-Type": "text/csv"})
    before = await conn.fetchval("select count(*) from procedures")

    # One malformed line among 2,000: reported by its number, and nothing at all is written.
    broken = [list(r) for r in rows]
    broken[BAD_LINE - 2][COLUMNS.index("working_days")] = "-3"
    broken[BAD_LINE - 2][COLUMNS.index("field")] = "khong_co"
    refused = await client.post("/api/catalog/admin/imports", content=to_csv(broken), headers=headers)
    assert refused.status_code == 422, refused.text
    body = refused.json()
    assert body["code"] == "import_invalid"
    assert body["detail"].startswith("1 dòng có lỗi (dòng đầu tiên: 1234). Chưa có thủ tục nào được nhập")
    assert body["errors"] == [
        {"line": BAD_LINE, "field": "working_days", "message": "không được âm (0 là trong ngày)."},
        {"line": BAD_LINE, "field": "field", "message": "lĩnh vực “khong_co” không có trong danh mục."},
    ]
    assert await conn.fetchval("select count(*) from procedures") == before

    imported = await client.post("/api/catalog/admin/imports", content=to_csv(rows), headers=headers)
    assert imported.status_code == 200, imported.text
    result = imported.json()
    assert (result["created"], result["changed"], result["unchanged"], result["total"]) == (2000, 0, 0, 2000)
    assert await conn.fetchval("select count(*) from procedures") == before + 2000
    detail = (await client.get("/api/catalog/procedures/9.000002")).json()
    assert (detail["version"], detail["status"], detail["agency"]["code"]) == (1, "published", "000.00.06.H56")
    assert detail["documents"][0]["name"] == "Đơn đề nghị" and detail["form"][0]["type"] == "integer"
    assert detail["fee"]["example"]["total"] == 25_000 and detail["result_by_post"] is False
    found = (await client.get("/api/catalog/procedures", params={"q": "nhap thu so 1999"})).json()
    assert found["items"][0]["code"] == "9.001999"

    state = await _catalogue(conn)
    again = await client.post("/api/catalog/admin/imports", content=to_csv(rows), headers=headers)
    assert again.json() == {
        "created": 0, "changed": 0, "unchanged": 2000, "total": 2000, "created_codes": [], "changed_codes": [],
    }
    assert await _catalogue(conn) == state

    # One procedure's processing time changes: it gets version 2, published; the rest are left alone.
    rows[6] = procedure_row(7, days=12)
    changed = (await client.post("/api/catalog/admin/imports", content=to_csv(rows), headers=headers)).json()
    assert (changed["created"], changed["changed"], changed["unchanged"], changed["changed_codes"]) == (0, 1, 1999, ["9.000007"])
    current = (await client.get("/api/catalog/procedures/9.000007")).json()
    assert (current["version"], current["processing"]["working_days"]) == (2, 12)

    audited = await conn.fetch("select detail from audit_log where action = 'catalog.import' order by at, id")
    assert [json.loads(r["detail"]) for r in audited] == [
        {"created": 2000, "changed": 0, "unchanged": 0},
        {"created": 0, "changed": 0, "unchanged": 2000},
        {"created": 0, "changed": 1, "unchanged": 1999},
    ]


async def test_json_import_reports_items_by_position_in_english(
    province: tuple[AsyncTestClient, asyncpg.Connection], province_admin: SignedIn
) -> None:
    client, _ = province
    good = {
        "code": "8.000001", "name": "Thủ tục JSON", "field": "ho_tich", "level": "commune",
        "processing": {"working_days": 0, "same_day_cutoff": "15:00"}, "fee": {"kind": "free"}, "online": "full",
        "result_by_post": False,
    }
    bad_fee = {**good, "code": "8.000002", "fee": {"kind": "per_page", "tiers": "many"}}
    bad_agency = {**good, "code": "8.000003", "level": "province", "agency_code": "000.00.99.H56"}
    response = await client.post(
        "/api/catalog/admin/imports", content=json.dumps({"procedures": [good, bad_fee, bad_agency]}),
        headers=province_admin.headers(**{"Content-Type": "application/json", "Accept-Language": "en"}),
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"line": 2, "field": "fee.tiers", "message": "must be a list"},
        {"line": 3, "field": "agency_code", "message": "no provincial agency has the code 000.00.99.H56."},
    ]
    assert (await client.get("/api/catalog/procedures/8.000001")).status_code == 404


async def test_a_header_without_required_columns_is_line_1(
    province: tuple[AsyncTestClient, asyncpg.Connection], province_admin: SignedIn
) -> None:
    client, _ = province
    response = await client.post(
        "/api/catalog/admin/imports", content="code,name,fees\n1.1,Tên,0\n".encode(),
        headers=province_admin.headers(**{"Content-Type": "text/csv"}),
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert {e["line"] for e in errors} == {1}
    assert {e["field"] for e in errors} == {"field", "level", "working_days", "fee", "online", "result_by_post", "fees"}


async def test_only_administrators_import(
    province: tuple[AsyncTestClient, asyncpg.Connection], settings: Settings
) -> None:
    client, _ = province
    await clear_rate_limits(settings)
    officer = await sign_in_staff(client, *DEMO["reception_officer"])
    response = await client.post(
        "/api/catalog/admin/imports", content=to_csv([procedure_row(1)]), headers=officer.headers(**{"Content-Type": "text/csv"})
    )
    assert response.status_code == 403 and response.json()["code"] == "wrong_role"


async def test_admin_list_shows_versions_and_pinned_counts(
    client: AsyncTestClient, admin: SignedIn, citizen: SignedIn, seeded: None
) -> None:
    listed = (await client.get("/api/catalog/admin/procedures", params={"q": "khai sinh"}, headers=admin.headers())).json()
    birth = next(p for p in listed["items"] if p["code"] == "1.001193")
    assert birth["versions"][0]["status"] == "published" and birth["versions"][0]["current"] is True
    assert birth["field"]["code"] == "ho_tich"
    by_code = (await client.get("/api/catalog/admin/procedures", params={"q": "1.0011"}, headers=admin.headers())).json()
    assert "1.001193" in {p["code"] for p in by_code["items"]}
    page = (await client.get("/api/catalog/admin/procedures", params={"limit": 2}, headers=admin.headers())).json()
    more = (await client.get("/api/catalog/admin/procedures", params={"after": page["next"], "limit": 2}, headers=admin.headers())).json()
    assert page["items"][1]["code"] < more["items"][0]["code"]

    before = (await client.get("/api/catalog/admin/procedures/1.001193/pinned", headers=admin.headers())).json()
    await new_draft(client, citizen, "1.001193")
    after = (await client.get("/api/catalog/admin/procedures/1.001193/pinned", headers=admin.headers())).json()
    current = next(v for v in after["versions"] if v["current"])
    previous = next(v for v in before["versions"] if v["current"])
    assert (current["dossiers"], current["drafts"]) == (previous["dossiers"] + 1, previous["drafts"] + 1)
    missing = await client.get("/api/catalog/admin/procedures/0.000000/pinned", headers=admin.headers())
    assert missing.status_code == 404 and missing.json()["code"] == "procedure_not_found"
