"""The audit screen's API: entries filtered by dossier (code or id), person, action and Vietnam days, each with the
actor's name and the dossier's code; paged with `before`; and the same entries as CSV for Excel."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import asyncpg
from litestar.testing import AsyncTestClient

from backend import clock
from backend.accounts import audit
from backend.settings import Settings
from tests.support import (
    CRIMINAL_RECORD, CRIMINAL_RECORD_FORM, DEMO, SignedIn, office, sign_in_staff, submitted_dossiers,
)


async def test_the_log_of_one_dossier_by_code_or_id_with_names_filters_paging_and_csv(
    client: AsyncTestClient, db: asyncpg.Pool, settings: Settings, citizen: SignedIn, admin: SignedIn,
) -> None:
    (dossier,) = await submitted_dossiers(client, settings, citizen, CRIMINAL_RECORD, CRIMINAL_RECORD_FORM, 1)
    reception = await sign_in_staff(client, *DEMO["reception_officer"])
    for _ in range(3):
        await office(client, reception, dossier["id"])  # each read is audited as dossier.read
    officer_name = await db.fetchval("select full_name from staff_users where username = $1", DEMO["reception_officer"][0])
    code = dossier["code"]

    by_code = await client.get("/api/admin/audit", params={"dossier": code.lower()}, headers=admin.headers())
    assert by_code.status_code == 200, by_code.text
    items = by_code.json()["items"]
    assert len(items) >= 3
    assert {(i["object_type"], i["object_id"], i["object_label"]) for i in items} == {("dossier", dossier["id"], code)}
    reads = [i for i in items if i["action"] == "dossier.read"]
    assert len(reads) == 3 and {(i["actor_name"], i["actor_label"]) for i in reads} == {(officer_name, DEMO["reception_officer"][0])}
    by_id = (await client.get("/api/admin/audit", params={"dossier": dossier["id"]}, headers=admin.headers())).json()
    assert [i["id"] for i in by_id["items"]] == [i["id"] for i in items]

    # Narrowed: an action prefix, a person (username or part of the name), Vietnam days.
    today = clock.today()
    narrowed = {
        "dossier": code, "action": "dossier.re", "actor": officer_name.split()[-1],
        "from": today.isoformat(), "to": today.isoformat(),
    }
    found = (await client.get("/api/admin/audit", params=narrowed, headers=admin.headers())).json()["items"]
    assert [i["id"] for i in found] == [i["id"] for i in reads]
    by_username = (await client.get("/api/admin/audit", params={**narrowed, "actor": DEMO["reception_officer"][0].upper()}, headers=admin.headers())).json()
    assert len(by_username["items"]) == 3
    nobody = {**narrowed, "actor": DEMO["admin"][0]}
    assert (await client.get("/api/admin/audit", params=nobody, headers=admin.headers())).json()["items"] == []
    yesterday = (today - timedelta(days=1)).isoformat()
    earlier = (await client.get("/api/admin/audit", params={"dossier": code, "to": yesterday}, headers=admin.headers())).json()
    assert earlier["items"] == [] and earlier["next"] is None
    unknown = (await client.get("/api/admin/audit", params={"dossier": "000.00.06.H56-990101-9999"}, headers=admin.headers())).json()
    assert unknown["items"] == []

    # Paged: two at a time covers the same entries.
    seen, before = [], None
    while True:
        params = {"dossier": code, "limit": 2, **({"before": before} if before else {})}
        page = (await client.get("/api/admin/audit", params=params, headers=admin.headers())).json()
        seen += [i["id"] for i in page["items"]]
        if not (before := page["next"]):
            break
    assert seen == [i["id"] for i in items]

    # A range ending before it starts is refused, in words.
    backwards = await client.get("/api/admin/audit", params={"from": today.isoformat(), "to": yesterday}, headers=admin.headers())
    assert backwards.status_code == 422 and backwards.json()["code"] == "invalid_date_range"

    # The same filters as CSV: UTF-8 with a BOM, Vietnamese headings, one line per entry, names and the code.
    export = await client.get("/api/admin/audit/export.csv", params={"dossier": code, "action": "dossier.read"}, headers=admin.headers())
    assert export.status_code == 200, export.text
    assert export.headers["content-type"].startswith("text/csv")
    assert "attachment" in export.headers["content-disposition"] and ".csv" in export.headers["content-disposition"]
    assert export.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["Thời điểm", "Người thực hiện", "Tài khoản", "Vai trò", "Hành động"]
    assert len(rows) == 4
    for row in rows[1:]:
        assert row[1] == officer_name and row[4] == "dossier.read" and row[6] == dossier["id"] and row[7] == code
        assert row[0].startswith(today.strftime("%d/%m/%Y"))
    refused = await client.get("/api/admin/audit/export.csv", params={"from": today.isoformat(), "to": yesterday}, headers=admin.headers())
    assert refused.status_code == 422 and refused.json()["code"] == "invalid_date_range"


async def test_the_csv_streams_past_one_batch(client: AsyncTestClient, admin: SignedIn, conn: asyncpg.Connection) -> None:
    marker = f"test.batch.{clock.now().timestamp()}"
    for n in range(audit.AUDIT_CSV_BATCH + 3):
        await audit.record(conn, None, marker, audit.Origin(ip=None, user_agent=None), actor_label=f"probe{n}")
    export = await client.get("/api/admin/audit/export.csv", params={"action": marker}, headers=admin.headers())
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert len(rows) == 1 + audit.AUDIT_CSV_BATCH + 3
    labels = [row[2] for row in rows[1:]]
    assert labels[0] == f"probe{audit.AUDIT_CSV_BATCH + 2}" and labels[-1] == "probe0" and len(set(labels)) == len(labels)


async def test_only_admins_export_the_audit_log(client: AsyncTestClient, seeded: None) -> None:
    reception = await sign_in_staff(client, *DEMO["reception_officer"])
    answer = await client.get("/api/admin/audit/export.csv", headers=reception.headers())
    assert answer.status_code == 403 and answer.json()["code"] == "wrong_role"


async def test_extreme_and_odd_filters_answer_without_error(client: AsyncTestClient, admin: SignedIn) -> None:
    odd = {"from": "0001-01-01", "to": "9999-12-31", "dossier": "%_'\\", "actor": "+84 ", "action": "%"}
    for path in ("/api/admin/audit", "/api/admin/audit/export.csv"):
        answer = await client.get(path, params=odd, headers=admin.headers())
        assert answer.status_code == 200, answer.text
    assert (await client.get("/api/admin/audit", params=odd, headers=admin.headers())).json()["items"] == []
