from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
import pytest
from litestar.testing import AsyncTestClient

from backend.catalog.service import seed_catalog
from backend.settings import Settings


@pytest.fixture(scope="session")
async def conn(client: AsyncTestClient, settings: Settings) -> AsyncIterator[asyncpg.Connection]:
    """A connection on the tests' own loop: the app's pool lives on the test client's portal loop."""
    connection = await asyncpg.connect(settings.database_url)
    try:
        yield connection
    finally:
        await connection.close()


async def seed(conn: asyncpg.Connection, settings: Settings) -> None:
    async with conn.transaction():
        await seed_catalog(conn, settings)
