"""Every test run gets its own PostgreSQL database and Redis key prefix, dropped afterwards.

DATABASE_URL / REDIS_URL name the servers (`just test` starts embedded ones when unset).
Nothing of ours is mocked: the app, its migrations, the worker and the browser are real.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
import pytest
from arq.connections import RedisSettings, create_pool
from litestar import Litestar
from litestar.testing import AsyncTestClient

from backend.app import create_app
from backend.db import create_pool as create_db_pool
from backend.seed import seed
from backend.settings import ROOT, Settings
from tests.support import ADMIN_TOKEN, RUN_ID, base_url, scratch_database


@pytest.fixture(scope="session")
async def database_url() -> AsyncIterator[str]:
    async with scratch_database(f"motcua_test_{RUN_ID}") as url:
        yield url


@pytest.fixture(scope="session")
async def settings(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Settings]:
    prefix = f"motcua-test-{RUN_ID}"
    settings = Settings(
        database_url=database_url,
        redis_url=base_url("REDIS_URL"),
        redis_prefix=prefix,
        environment="test",
        admin_token=ADMIN_TOKEN,
        storage_dir=str(tmp_path_factory.mktemp("storage")),
        pwa_dist_dir=str(ROOT / "pwa" / "dist"),
        log_level="WARNING",
    )
    yield settings
    redis = await create_pool(RedisSettings.from_dsn(settings.redis_url))
    try:
        keys = [key async for key in redis.scan_iter(match=f"{prefix}*")]
        if keys:
            await redis.delete(*keys)
    finally:
        await redis.aclose()


@pytest.fixture(scope="session")
def app(settings: Settings) -> Litestar:
    return create_app(settings)


@pytest.fixture(scope="session")
async def client(app: Litestar) -> AsyncIterator[AsyncTestClient]:
    """The real app with its lifespan: pool opened, migrations applied, Redis connected."""
    async with AsyncTestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="session")
async def db(client: AsyncTestClient, settings: Settings) -> AsyncIterator[asyncpg.Pool]:
    """A pool on the tests' own event loop (the app's pool lives on the test client's portal loop)."""
    pool = await create_db_pool(settings)
    try:
        yield pool
    finally:
        await pool.close()


@pytest.fixture(scope="session")
async def seeded(db: asyncpg.Pool, settings: Settings) -> None:
    """The demo data `just up` loads: catalogue, the demo province's agencies, demo accounts."""
    async with db.acquire() as conn, conn.transaction():
        await seed(conn, settings)


@pytest.fixture
def admin_headers() -> dict[str, str]:
    return {"Authorization": f"Bearer {ADMIN_TOKEN}"}

