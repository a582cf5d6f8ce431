"""A commune's desk no other test module files with, for ratings that must be this suite's alone (the `rating_commune`
fixture is registered by conftest)."""

from __future__ import annotations

import asyncpg
import pytest

from backend.settings import Settings


@pytest.fixture(scope="session")
async def rating_commune(db: asyncpg.Pool, seeded: None, settings: Settings) -> str:
    """A commune of the demo province other than the one every test citizen lives in, so its ratings are ours alone."""
    return await db.fetchval(
        "select admin_unit_code from agencies where level = 'commune' and admin_unit_code in "
        "(select code from admin_units where province_code = $1) order by code offset 3 limit 1",
        settings.demo_province_code,
    )
