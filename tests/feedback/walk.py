"""The suite's helpers: feedback sent to Sở Tư pháp, and a commune's desk no other test module files with, for ratings
that must be this suite's alone (the `rating_commune` fixture is registered by conftest)."""

from __future__ import annotations

import asyncpg
import httpx
import pytest
from litestar.testing import AsyncTestClient

from backend.agency_codes import department_code
from backend.ids import new_id
from backend.settings import Settings


def justice(settings: Settings) -> str:
    """Sở Tư pháp, whose leader is a demo account (`lanhdao`)."""
    return department_code(settings.demo_province_code, "06")


async def send(client: AsyncTestClient, json: dict, headers: dict | None = None, key: str | None = None) -> httpx.Response:
    return await client.post("/api/feedback", json=json, headers={**(headers or {}), "Idempotency-Key": key or str(new_id())})


@pytest.fixture(scope="session")
async def rating_commune(db: asyncpg.Pool, seeded: None, settings: Settings) -> str:
    """A commune of the demo province other than the one every test citizen lives in, so its ratings are ours alone."""
    return await db.fetchval(
        "select admin_unit_code from agencies where level = 'commune' and admin_unit_code in "
        "(select code from admin_units where province_code = $1) order by code offset 3 limit 1",
        settings.demo_province_code,
    )
