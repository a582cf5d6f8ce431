"""A province's whole procedure list (2,000 procedures, tests.support.province_procedures) imported at once: one
malformed line refuses the file by its line number with nothing written; the file imports; importing it again, as
CSV or as JSON, changes nothing; one changed procedure gets a new version and nothing else moves."""

from __future__ import annotations

import csv
import io
import json

import asyncpg
from litestar.testing import AsyncTestClient

from tests.support import PROVINCE_CSV_COLUMNS, SignedIn, province_csv, province_json, province_procedures

BAD_LINE = 1417  # the header is line 1: the 1,416th procedure
IMPORTS = "/api/catalog/admin/imports"


async def _catalogue(conn: asyncpg.Connection) -> tuple[list[asyncpg.Record], list[asyncpg.Record]]:
    procedures = await conn.fetch("select code, current_version_id from procedures order by code")
    versions = await conn.fetch(
        "select id, procedure_code, version, status, valid_from, updated_at from procedure_versions order by id"
    )
    return procedures, versions


async def _imports_audited(conn: asyncpg.Connection) -> list[dict[str, int]]:
    rows = await conn.fetch("select detail from audit_log where action = 'catalog.import' order by at, id")
    return [json.loads(r["detail"]) for r in rows]


async def test_a_province_file_imports_whole_or_not_at_all_and_again_changes_nothing(
    province: tuple[AsyncTestClient, asyncpg.Connection], province_admin: SignedIn
) -> None:
    client, conn = province
    procedures = province_procedures(2000)
    csv_headers = province_admin.headers(**{"Content-Type": "text/csv"})
    seeded = await _catalogue(conn)

    # One malformed line among 2,000 (its processing time in words, its documents cut off): refused by number.
    lines = province_csv(procedures).decode("utf-8-sig").split("\r\n")
    (cells,) = csv.reader([lines[BAD_LINE - 1]])
    assert cells[0] == procedures[BAD_LINE - 2]["code"]
    cells[PROVINCE_CSV_COLUMNS.index("working_days")] = "năm ngày"
    cells[PROVINCE_CSV_COLUMNS.index("documents")] = cells[PROVINCE_CSV_COLUMNS.index("documents")][:-2]
    line = io.StringIO()
    csv.writer(line, lineterminator="").writerow(cells)
    broken = "\r\n".join([*lines[: BAD_LINE - 1], line.getvalue(), *lines[BAD_LINE:]])
    refused = await client.post(IMPORTS, content=("\ufeff" + broken).encode(), headers=csv_headers)
    assert refused.status_code == 422, refused.text
    body = refused.json()
    assert body["code"] == "import_invalid"
    assert body["detail"].startswith(f"1 dòng có lỗi (dòng đầu tiên: {BAD_LINE}). Chưa có thủ tục nào được nhập")
    assert body["errors"] == [
        {"line": BAD_LINE, "field": "working_days", "message": "phải là một số nguyên."},
        {"line": BAD_LINE, "field": "documents", "message": "phải là một danh sách JSON, ví dụ [{…}]."},
    ]
    assert await _catalogue(conn) == seeded
    assert await _imports_audited(conn) == []

    imported = await client.post(IMPORTS, content=province_csv(procedures), headers=csv_headers)
    assert imported.status_code == 200, imported.text
    result = imported.json()
    assert (result["created"], result["changed"], result["unchanged"], result["total"]) == (2000, 0, 0, 2000)
    assert result["created_codes"] == [p["code"] for p in procedures]
    after_import = await _catalogue(conn)
    assert len(after_import[0]) == len(seeded[0]) + 2000 and len(after_import[1]) == len(seeded[1]) + 2000

    # What the citizen sees is what the file says, diacritics and all.
    sample = procedures[BAD_LINE - 2]
    detail = (await client.get(f"/api/catalog/procedures/{sample['code']}")).json()
    assert (detail["name"], detail["name_en"], detail["field"]["code"], detail["level"]) == (
        sample["name"], sample["name_en"], sample["field"], sample["level"]
    )
    assert [d["name"] for d in detail["documents"]] == [d["name"] for d in sample["documents"]]
    assert [f["label"] for f in detail["form"]] == [f["label"] for f in sample["form"]]
    assert detail["fee"]["rule"]["kind"] == sample["fee"]["kind"] and detail["version"] == 1
    found = (await client.get("/api/catalog/procedures", params={"q": sample["name"], "limit": 5})).json()
    assert found["items"][0]["code"] == sample["code"]

    # The same file again, as CSV then as JSON: nothing is written, not even a timestamp.
    again = await client.post(IMPORTS, content=province_csv(procedures), headers=csv_headers)
    assert again.json() == {
        "created": 0, "changed": 0, "unchanged": 2000, "total": 2000, "created_codes": [], "changed_codes": [],
    }
    as_json = await client.post(
        IMPORTS, content=province_json(procedures), headers=province_admin.headers(**{"Content-Type": "application/json"})
    )
    assert (as_json.json()["unchanged"], as_json.json()["total"]) == (2000, 2000)
    assert await _catalogue(conn) == after_import

    # One procedure's processing time changes: it alone gets version 2, published; dossiers keep version 1.
    changed_one = [dict(p) for p in procedures]
    changed_one[6] = {**procedures[6], "processing": {"working_days": procedures[6]["processing"]["working_days"] + 12}}
    changed = (await client.post(IMPORTS, content=province_csv(changed_one), headers=csv_headers)).json()
    assert (changed["created"], changed["changed"], changed["unchanged"]) == (0, 1, 1999)
    assert changed["changed_codes"] == [procedures[6]["code"]]
    current = (await client.get(f"/api/catalog/procedures/{procedures[6]['code']}")).json()
    assert current["version"] == 2
    assert current["processing"]["working_days"] == procedures[6]["processing"]["working_days"] + 12
    final = await _catalogue(conn)
    assert [r for r in final[1] if r not in after_import[1]] == [
        r for r in final[1] if r["procedure_code"] == procedures[6]["code"] and r["version"] == 2
    ]

    assert await _imports_audited(conn) == [
        {"created": 2000, "changed": 0, "unchanged": 0},
        {"created": 0, "changed": 0, "unchanged": 2000},
        {"created": 0, "changed": 0, "unchanged": 2000},
        {"created": 0, "changed": 1, "unchanged": 1999},
    ]
