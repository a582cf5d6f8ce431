"""Every test run gets its own PostgreSQL database and Redis key prefix, dropped afterwards.

DATABASE_URL / REDIS_URL name the servers (`just test` starts embedded ones when unset).
Nothing of ours is mocked: the app, its migrations, the worker and the browser are real.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from uuid import UUID

import asyncpg
import pytest
from arq.connections import RedisSettings, create_pool
from litestar import Litestar
from litestar.testing import AsyncTestClient

from backend.app import create_app
from backend.db import create_pool as create_db_pool
from backend.dossiers import service as dossiers
from backend.ids import new_id
from backend.results import service as results
from backend.seed import seed
from backend.settings import ROOT, Settings
from backend.notifications.clients.sms.base import receipt_token, with_token
from backend.storage import storage_for
from tests.support import (
    BIRTH_FORM, BIRTH_REGISTRATION, DEMO, GATEWAY_PORTS, LIVE_API_PORT, RUN_ID, Issued, SignedIn, base_url,
    clear_rate_limits, gateway_settings, live_api, live_env, start_sandbox, ready_to_submit, scratch_database, sign_in_citizen, sign_in_staff, submit,
)


@pytest.fixture(scope="session")
async def database_url() -> AsyncIterator[str]:
    async with scratch_database(f"motcua_test_{RUN_ID}") as url:
        yield url


@pytest.fixture(scope="session")
async def settings(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Settings]:
    prefix = f"motcua-test-{RUN_ID}"
    settings = Settings.from_env({
        "DATABASE_URL": database_url,
        "REDIS_URL": base_url("REDIS_URL"),
        "REDIS_PREFIX": prefix,
        "ENVIRONMENT": "test",
        "STORAGE_DIR": str(tmp_path_factory.mktemp("storage")),
        "PWA_DIST_DIR": str(ROOT / "pwa" / "dist"),
        "LOG_LEVEL": "WARNING",
        **gateway_settings(),
    })
    yield settings
    redis = await create_pool(RedisSettings.from_dsn(settings.redis_url))
    try:
        keys = [key async for key in redis.scan_iter(match=f"{prefix}*")]
        if keys:
            await redis.delete(*keys)
    finally:
        await redis.aclose()


@pytest.fixture(scope="session", autouse=True)
async def gateways(settings: Settings) -> AsyncIterator[None]:
    """The outside world for the whole run: both SMS gateways (every sign-in code travels through them), VNPay, the
    bank and VNPost. ePacific's receipts, VNPay's IPNs, the bank's notices and VNPost's status webhooks go where
    their accounts say: the live API's port (eSMS is told per message)."""
    epacific_receipts = with_token(
        f"http://127.0.0.1:{LIVE_API_PORT}/api/notifications/receipts/epacific",
        receipt_token(settings.sms_receipt_key, "epacific"),
    )
    live_api = f"http://127.0.0.1:{LIVE_API_PORT}"
    async with (
        start_sandbox("esms", GATEWAY_PORTS["esms"]),
        start_sandbox("epacific", GATEWAY_PORTS["epacific"], receipts_to=epacific_receipts),
        start_sandbox("vnpay", GATEWAY_PORTS["vnpay"], ipn_url=f"{live_api}/api/payments/vnpay/ipn", ipn_retry_s="2"),
        start_sandbox("bank", GATEWAY_PORTS["bank"], webhook_url=f"{live_api}/api/payments/bank/notices"),
        start_sandbox("vnpost", GATEWAY_PORTS["vnpost"], webhook_url=f"{live_api}/api/delivery/vnpost/callback"),
    ):
        yield


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
async def conn(client: AsyncTestClient, settings: Settings) -> AsyncIterator[asyncpg.Connection]:
    """One connection on the tests' own loop, for tests that need a plain connection."""
    connection = await asyncpg.connect(settings.database_url)
    try:
        yield connection
    finally:
        await connection.close()


@pytest.fixture(scope="session")
async def seeded(db: asyncpg.Pool, settings: Settings) -> None:
    """The demo data `just up` loads: catalogue, the demo province's agencies, demo accounts."""
    async with db.acquire() as conn, conn.transaction():
        await seed(conn, settings)


@pytest.fixture
async def admin(client: AsyncTestClient, seeded: None, settings: Settings) -> SignedIn:
    """The demo administrator, signed in."""
    await clear_rate_limits(settings)
    return await sign_in_staff(client, *DEMO["admin"])


@pytest.fixture(scope="session")
async def demo_commune(db: asyncpg.Pool, seeded: None, settings: Settings) -> str:
    return await db.fetchval(
        "select admin_unit_code from agencies where level = 'commune' and admin_unit_code in "
        "(select code from admin_units where province_code = $1) order by code limit 1",
        settings.demo_province_code,
    )


@pytest.fixture
async def citizen(client: AsyncTestClient, seeded: None, demo_commune: str, settings: Settings) -> SignedIn:
    """A new citizen of the demo province with a filled-in profile."""
    await clear_rate_limits(settings)  # every test signs people in from one address; limits are tested elsewhere
    session = await sign_in_citizen(client)
    profile = {
        "full_name": "Nguyễn Thị Lan",
        "cccd": "056190000123",
        "date_of_birth": "1990-05-17",
        "address": {"province_code": settings.demo_province_code, "commune_code": demo_commune, "street": "12 Trần Phú"},
    }
    response = await client.put("/api/me/profile", json=profile, headers=session.headers())
    assert response.status_code == 200, response.text
    return session


@pytest.fixture(scope="session")
async def live_url(settings: Settings, client: AsyncTestClient, pwa_dist_session: None) -> AsyncIterator[str]:
    """The API (serving the PWA) and one worker in processes of their own, on the migrated test database."""
    worker = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "workers", cwd=ROOT, env=live_env(settings, PUBLIC_URL=f"http://127.0.0.1:{LIVE_API_PORT}"),
        stdout=asyncio.subprocess.DEVNULL,
    )
    try:
        async with live_api(settings, LIVE_API_PORT) as url:
            yield url
    finally:
        worker.terminate()
        await worker.wait()


@pytest.fixture(scope="session")
def pwa_dist_session() -> None:
    if not (ROOT / "pwa" / "dist" / "index.html").exists():
        pytest.fail("pwa/dist is missing: `just test` builds the PWA first")


@pytest.fixture
async def issued(client: AsyncTestClient, citizen: SignedIn, settings: Settings, db: asyncpg.Pool) -> Issued:
    """A submitted dossier of a citizen with a signed e-result issued by a staff member."""
    dossier = await ready_to_submit(client, settings, citizen, BIRTH_REGISTRATION, BIRTH_FORM)
    submitted = await submit(client, citizen, dossier["id"], str(new_id()))
    assert submitted.status_code == 200, submitted.text
    staff_id = await db.fetchval("select id from staff_users order by username limit 1")
    storage = storage_for(settings)
    async with db.acquire() as conn, conn.transaction():
        row = await dossiers.load(conn, UUID(dossier["id"]))
        result = await results.issue_result(
            conn, storage, settings, row,
            title="Trích lục khai sinh",
            body=["Họ, chữ đệm, tên: Nguyễn Minh An", "Ngày, tháng, năm sinh: 01/11/2026", "Giới tính: Nam"],
            issued_by=staff_id,
        )
    stored = await results.result_for_dossier(db, UUID(dossier["id"]))
    assert stored is not None and stored["id"] == result.id
    pdf, _ = await results.result_file(db, storage, row)
    return Issued(UUID(dossier["id"]), submitted.json()["code"], result, pdf)
