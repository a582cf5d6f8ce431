"""Bulk import of a province's procedure list (its errors; the 2,000-procedure file is test_import_at_scale.py), the
administrators' procedure list and pinned-dossier counts. The imports run on a database of their own (conftest.py)."""

from __future__ import annotations

import json

import asyncpg
from litestar.testing import AsyncTestClient

from backend.settings import Settings
from tests.support import DEMO, SignedIn, clear_rate_limits, new_draft, province_csv, province_procedures, sign_in_staff


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
        "/api/catalog/admin/imports", content=province_csv(province_procedures(1)), headers=officer.headers(**{"Content-Type": "text/csv"})
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


async def test_creating_saving_and_publishing_a_version_are_audited(
    province: tuple[AsyncTestClient, asyncpg.Connection], province_admin: SignedIn
) -> None:
    client, conn = province
    (procedure,) = province_procedures(1)
    new = {**procedure, "code": "7.000001"}
    headers = province_admin.headers(**{"User-Agent": "audit-test"})
    created = (await client.post("/api/catalog/admin/procedures", json=new, headers=headers)).json()
    edited = {k: v for k, v in new.items() if k != "code"} | {"processing": {"working_days": 9}}
    saved = await client.put(f"/api/catalog/admin/procedure-versions/{created['id']}", json=edited, headers=headers)
    assert saved.status_code == 200, saved.text
    published = await client.post(f"/api/catalog/admin/procedure-versions/{created['id']}/publish", headers=headers)
    assert published.status_code == 200, published.text
    draft = (await client.post("/api/catalog/admin/procedures/7.000001/drafts", headers=headers)).json()
    # A refused save (the version is published) writes nothing.
    refused = await client.put(f"/api/catalog/admin/procedure-versions/{created['id']}", json=edited, headers=headers)
    assert refused.status_code == 409

    rows = await conn.fetch(
        "select action, actor_label, actor_role, object_type, object_id, user_agent, detail from audit_log"
        " where object_type = 'procedure_version' and object_id = any($1::text[]) order by at, id",
        [created["id"], draft["id"]],
    )
    assert [(r["action"], r["object_id"], json.loads(r["detail"])) for r in rows] == [
        ("catalog.procedure_created", created["id"], {"code": "7.000001", "version": 1}),
        ("catalog.draft_saved", created["id"], {"code": "7.000001", "version": 1}),
        ("catalog.published", created["id"], {"code": "7.000001", "version": 1}),
        ("catalog.draft_created", draft["id"], {"code": "7.000001", "version": 2}),
    ]
    assert {(r["actor_label"], r["actor_role"], r["user_agent"]) for r in rows} == {(DEMO["admin"][0], "admin", "audit-test")}
