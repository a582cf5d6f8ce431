"""The catalogue's demo data: administrative units, fields, the demo province's agencies, the procedures."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import msgspec
from vietnam_provinces import Province, ProvinceCode, Ward

from backend.agency_codes import commune_agency_code, department_code
from backend.catalog import queries, service
from backend.catalog.places import english_place
from backend.catalog.schemas import ProcedureDefinition
from backend.catalog.search import fold, search_name
from backend.ids import new_id
from backend.settings import Settings

DATA_FILE = Path(__file__).parent / "data" / "procedures.json"
# Seeded procedures take effect with Decree 118/2025 (the one-stop rules since 1 July 2025).
SEED_VALID_FROM = datetime(2025, 7, 1, tzinfo=UTC)


def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


def _province_title(province: Province) -> str:
    """'tỉnh Khánh Hòa', 'Thành phố Huế': the province as it follows an agency's name."""
    return province.name if province.name.startswith("Thành phố") else f"tỉnh {province.name}"


async def seed_catalog(conn: asyncpg.Connection, settings: Settings) -> None:
    """Administrative units, fields, the demo province's agencies and the procedures. Idempotent."""
    data = json.loads(DATA_FILE.read_text("utf-8"))
    await _seed_admin_units(conn)
    fields = [(f["code"], f["name"], f.get("name_en"), i, search_name(f["name"])) for i, f in enumerate(data["fields"])]
    await queries.upsert_fields(conn, fields)
    await _seed_agencies(conn, settings.demo_province_code, data["demo_departments"]["agencies"])
    for item in data["procedures"]:
        definition = msgspec.convert(item, ProcedureDefinition)
        await queries.insert_procedure(conn, item["code"])
        agency_code = await service.responsible_agency(conn, definition, settings)
        await queries.upsert_first_version(
            conn, new_id(), item["code"], SEED_VALID_FROM, service.content_of(definition, item["code"], agency_code)
        )


async def _seed_admin_units(conn: asyncpg.Connection) -> None:
    provinces = [
        (f"{int(p.code):02d}", p.name, p.division_type.value, "province", None, p.codename, fold(p.name))
        for p in Province.iter_all()
    ]
    wards = [
        (f"{int(w.code):05d}", w.name, w.division_type.value, "commune", f"{int(w.province_code):02d}", w.codename, fold(w.name))
        for w in Ward.iter_all()
    ]
    await queries.upsert_admin_units(conn, provinces + wards)


async def _seed_agencies(conn: asyncpg.Connection, province_code: str, departments: list[dict[str, Any]]) -> None:
    province = Province.from_code(ProvinceCode(int(province_code)))
    unit = f"{int(province_code):02d}"
    title = _province_title(province)
    title_en = english_place(province.name, province.division_type.value)
    committee = department_code(province_code, "00")
    name = f"Ủy ban nhân dân {title}"
    rows: list[tuple[Any, ...]] = [
        (new_id(), committee, name, f"People's Committee of {title_en}", "province", unit, None, [], fold(name))
    ]
    for department in departments:
        name = f"{department['name']} {title}"
        name_en = f"{department['name_en']}, {title_en}"
        code = department_code(province_code, department["number"])
        rows.append((new_id(), code, name, name_en, "province", unit, committee, department["fields"], fold(name)))
    for ward in Ward.iter_by_province(province.code):
        name = f"Ủy ban nhân dân {_lower_first(ward.name)}"
        name_en = f"People's Committee of {english_place(ward.name, ward.division_type.value)}"
        code = commune_agency_code(province_code, int(ward.code))
        rows.append((new_id(), code, name, name_en, "commune", f"{int(ward.code):05d}", committee, [], fold(name)))
    await queries.upsert_agencies(conn, rows)
