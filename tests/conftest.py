"""Every test run gets its own PostgreSQL database and Redis key prefix, dropped afterwards.

DATABASE_URL / REDIS_URL name the servers (`just test` starts embedded ones when unset).
Nothing of ours is mocked: the app, its migrations, the worker and the browser are real.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest
from arq.connections import RedisSettings, create_pool
from arq.worker import Worker
from litestar import Litestar
from litestar.testing import AsyncTestClient

from backend.app import create_app
from backend.settings import ROOT, Settings
from workers.main import worker_options

ADMIN_TOKEN = "test-admin-token-" + secrets.token_hex(8)
RUN_ID = secrets.token_hex(4)


def _base_url(variable: str) -> str:
    value = os.environ.get(variable)
    if not value:
        pytest.exit(f"{variable} is unset: run the tests with `just test`, which provides one", returncode=2)
    return value


def _with_database(url: str, name: str) -> str:
    base, _, _ = url.rpartition("/")
    query = url.partition("?")[2]
    return f"{base}/{name}" + (f"?{query}" if query else "")


@pytest.fixture(scope="session")
async def database_url() -> AsyncIterator[str]:
    server = _base_url("DATABASE_URL")
    name = f"motcua_test_{RUN_ID}"
    admin = await asyncpg.connect(server)
    try:
        await admin.execute(f'create database "{name}"')
        yield _with_database(server, name)
    finally:
        await admin.execute(f'drop database if exists "{name}" with (force)')
        await admin.close()


@pytest.fixture(scope="session")
async def settings(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Settings]:
    prefix = f"motcua-test-{RUN_ID}"
    settings = Settings(
        database_url=database_url,
        redis_url=_base_url("REDIS_URL"),
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
def db(client: AsyncTestClient, app: Litestar) -> asyncpg.Pool:
    return app.state.db


@pytest.fixture
def admin_headers() -> dict[str, str]:
    return {"Authorization": f"Bearer {ADMIN_TOKEN}"}


async def run_worker_until_idle(settings: Settings, **overrides: object) -> Worker:
    """Run the real arq worker in burst mode: it processes what is queued, then returns."""
    options = worker_options(settings) | {"burst": True, "poll_delay": 0.05} | overrides
    worker = Worker(**options)
    try:
        await worker.async_run()
    finally:
        await worker.close()
    return worker


@pytest.fixture
def pwa_dist() -> Path:
    dist = ROOT / "pwa" / "dist"
    if not (dist / "index.html").exists():
        pytest.fail("pwa/dist is missing: `just test` builds the PWA first (npm run build in pwa/)")
    return dist
