"""Seeding, detail, listings, and procedure versioning through the admin API."""

from __future__ import annotations

import json

import asyncpg
import pytest
from litestar.testing import AsyncTestClient
from vietnam_provinces import ProvinceCode, Ward

from backend.catalog.demo import DATA_FILE, seed_catalog
from backend.settings import Settings
from tests.support import SignedIn

pytestmark = pytest.mark.usefixtures("seeded")

DATA = json.loads(DATA_FILE.read_text("utf-8"))

_STATE = [
    "select code, name, division_type, level, province_code from admin_units order by code",
    "select id, code, name, level, admin_unit_code, parent_code, field_codes from agencies order by code",
    "select code, name, position from fields order by code",
    "select code, current_version_id from procedures order by code",
    "select id, procedure_code, version, status, valid_from, fee::text, search_text, updated_at"
    " from procedure_versions order by id",
]


async def _state(conn: asyncpg.Connection) -> list[list[asyncpg.Record]]:
    return [await conn.fetch(sql) for sql in _STATE]


async def test_demo_province_has_every_commune_agency_and_every_procedure(
    conn: asyncpg.Connection, settings: Settings
) -> None:
    wards = list(Ward.iter_by_province(ProvinceCode(int(settings.demo_province_code))))
    communes = await conn.fetchval("select count(*) from agencies where level = 'commune'")
    assert communes == len(wards) > 0
    assert await conn.fetchval("select count(*) from admin_units where level = 'province'") == 34
    assert await conn.fetchval("select count(*) from admin_units where level = 'commune'") == 3321
    codes = {r["code"] for r in await conn.fetch("select code from procedures where current_version_id is not null")}
    assert codes >= {p["code"] for p in DATA["procedures"]}


async def test_seeding_twice_gives_the_same_state(conn: asyncpg.Connection, settings: Settings) -> None:
    before = await _state(conn)
    async with conn.transaction():
        await seed_catalog(conn, settings)
    assert await _state(conn) == before


async def test_procedure_detail(client: AsyncTestClient) -> None:
    body = (await client.get("/api/catalog/procedures/2.000488")).json()
    assert body["name"] == "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam"
    assert body["agency"] == {
        "code": "000.00.06.H56", "name": "Sở Tư pháp tỉnh Khánh Hòa",
        "name_en": "Department of Justice, Khánh Hòa Province",
    }
    assert body["processing"] == {
        "working_days": 10, "same_day_cutoff": None, "text": "10 ngày làm việc", "text_en": "10 working days",
    }
    assert body["fee"]["summary"] == "200.000 ₫ mỗi hồ sơ; học sinh, sinh viên, người có công với cách mạng: 100.000 ₫."
    assert body["fee"]["example"]["total"] == 200_000
    assert body["online"] == "full" and body["online_label"] == "Trực tuyến toàn trình"
    assert body["result_by_post"] is True and body["form"][0]["name"] == "slip_type"
    same_day = (await client.get("/api/catalog/procedures/1.001193")).json()
    assert same_day["processing"]["text"] == "Trong ngày (nhận sau 15:00 thì trả vào ngày làm việc tiếp theo)"
    assert same_day["agency"] is None and same_day["agency_description"] == "Ủy ban nhân dân xã/phường nơi cư trú"
    assert same_day["documents"][2]["reusable_from_wallet"] == "can_cuoc"


async def test_listings_are_paginated(client: AsyncTestClient, settings: Settings) -> None:
    fields = (await client.get("/api/catalog/fields", params={"limit": 5})).json()
    assert len(fields["items"]) == 5
    assert fields["items"][0] == {"code": "ho_tich", "name": "Hộ tịch", "name_en": "Civil status"}
    rest = (await client.get("/api/catalog/fields", params={"after": fields["next"]})).json()
    assert len(rest["items"]) == 7 and rest["next"] is None

    provinces = (await client.get("/api/catalog/provinces")).json()
    assert len(provinces["items"]) == 34 and provinces["next"] is None
    assert provinces["items"][0]["name"] == "Thành phố Hà Nội"

    communes = (await client.get("/api/catalog/provinces/56/communes", params={"limit": 40})).json()
    more = (await client.get("/api/catalog/provinces/56/communes", params={"after": communes["next"]})).json()
    assert len(communes["items"]) + len(more["items"]) == 65
    found = (await client.get("/api/catalog/provinces/56/communes", params={"q": "nha trang"})).json()
    assert "Phường Nha Trang" in {c["name"] for c in found["items"]}
    missing = await client.get("/api/catalog/provinces/99/communes")
    assert missing.status_code == 404 and missing.json()["code"] == "province_not_found"

    agencies = (await client.get("/api/catalog/agencies", params={"level": "province", "province": "56"})).json()
    assert [a["code"] for a in agencies["items"]][:2] == ["000.00.00.H56", "000.00.01.H56"]
    police = (await client.get("/api/catalog/agencies", params={"q": "cong an"})).json()
    assert police["items"][0]["name"] == "Công an tỉnh Khánh Hòa"


async def test_editing_and_publishing_creates_version_2_and_keeps_version_1(
    client: AsyncTestClient, admin: SignedIn
) -> None:
    v1 = (await client.get("/api/catalog/procedures/1.004884")).json()
    assert v1["version"] == 1

    unauthorised = await client.post("/api/catalog/admin/procedures/1.004884/drafts")
    assert unauthorised.status_code == 401

    draft = (await client.post("/api/catalog/admin/procedures/1.004884/drafts", headers=admin.headers())).json()
    assert (draft["version"], draft["status"], draft["valid_from"]) == (2, "draft", None)

    source = next(p for p in DATA["procedures"] if p["code"] == "1.004884")
    edited = {**source, "fee": {"kind": "flat", "amount": 8000}, "keywords": ["làm lại giấy khai sinh"]}
    updated = await client.put(
        f"/api/catalog/admin/procedure-versions/{draft['id']}", json=edited, headers=admin.headers()
    )
    assert updated.status_code == 200, updated.text
    # Drafts are invisible to the public until published.
    assert (await client.get(f"/api/catalog/procedure-versions/{draft['id']}")).status_code == 404
    assert (await client.get("/api/catalog/procedures/1.004884")).json()["version"] == 1

    published = await client.post(
        f"/api/catalog/admin/procedure-versions/{draft['id']}/publish", headers=admin.headers()
    )
    assert published.status_code == 200 and published.json()["valid_from"] is not None

    current = (await client.get("/api/catalog/procedures/1.004884")).json()
    assert (current["version"], current["fee"]["example"]["total"]) == (2, 8000)
    old = (await client.get(f"/api/catalog/procedure-versions/{v1['version_id']}")).json()
    assert (old["version"], old["fee"]["example"]["total"]) == (1, 5000)
    found = (await client.get("/api/catalog/procedures", params={"q": "lam lai giay khai sinh"})).json()
    assert found["items"][0]["code"] == "1.004884"

    again = await client.put(
        f"/api/catalog/admin/procedure-versions/{draft['id']}", json=edited, headers=admin.headers()
    )
    assert again.status_code == 409 and again.json()["code"] == "version_published"


async def test_creating_a_procedure_validates_in_vietnamese(
    client: AsyncTestClient, admin: SignedIn
) -> None:
    new = {
        "code": "9.000001", "name": "Thủ tục thử nghiệm", "field": "khong_co", "level": "commune",
        "processing": {"working_days": 2}, "fee": {"kind": "free"}, "online": "full", "result_by_post": False,
    }
    response = await client.post("/api/catalog/admin/procedures", json=new, headers=admin.headers())
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "field"
    new["field"] = "ho_tich"
    new["code"] = "9.000002"
    created = await client.post("/api/catalog/admin/procedures", json=new, headers=admin.headers())
    assert created.status_code == 201 and created.json()["version"] == 1
    duplicate = await client.post("/api/catalog/admin/procedures", json=new, headers=admin.headers())
    assert duplicate.status_code == 409
    bad_fee = {**new, "code": "9.000003", "fee": {"kind": "per_page", "tiers": "many"}}
    assert (await client.post("/api/catalog/admin/procedures", json=bad_fee, headers=admin.headers())).status_code == 422
