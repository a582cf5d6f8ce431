"""A province's own database for the bulk-import suites: 2,000 more procedures would change what the other suites
search. One per test module."""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
import msgspec
import pytest
from litestar.testing import AsyncTestClient

from backend.app import create_app
from backend.settings import Settings
from tests.support import DEMO, RUN_ID, SignedIn, clear_rate_limits, migrated_and_seeded, scratch_database, sign_in_staff


@pytest.fixture(scope="module")
async def province(settings: Settings, request: pytest.FixtureRequest) -> AsyncIterator[tuple[AsyncTestClient, asyncpg.Connection]]:
    module = request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")
    async with scratch_database(f"motcua_{module}_{RUN_ID}") as url:
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
