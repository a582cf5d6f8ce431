"""The back office's demo data: the province's service centre receives for every department."""

from __future__ import annotations

import asyncpg

from backend.agency_codes import department_code
from backend.processing import queries
from backend.settings import Settings


async def seed_processing(conn: asyncpg.Connection, settings: Settings) -> None:
    """Reception desks of the demo province: the service centre (department 02) receives the
    province-level dossiers of every department. Commune-level dossiers are received at each
    commune People's Committee's own desk."""
    province = f"{int(settings.demo_province_code):02d}"
    await queries.seed_service_centre(conn, department_code(settings.demo_province_code, "02"), province)
