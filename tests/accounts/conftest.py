from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from litestar.testing import AsyncTestClient
from redis.asyncio import Redis

from backend.settings import Settings
from tests.support import clear_rate_limits


@pytest.fixture(scope="session")
async def redis(settings: Settings) -> AsyncIterator[Redis]:
    client = Redis.from_url(settings.redis_url)
    try:
        yield client
    finally:
        await client.aclose()


@pytest.fixture(autouse=True)
async def fresh_limits(settings: Settings, client: AsyncTestClient) -> None:
    """Rate limits are per IP and every test calls from the same one; each test starts with a clean slate."""
    await clear_rate_limits(settings)
    client.cookies.clear()
