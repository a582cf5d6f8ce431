from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass

import asyncpg
import pytest
from litestar.testing import AsyncTestClient
from redis.asyncio import Redis

from backend.accounts.service import seed_accounts
from backend.accounts.sessions import CSRF_COOKIE, SESSION_COOKIE
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


@pytest.fixture(scope="session")
async def seeded(conn: asyncpg.Connection, settings: Settings) -> None:
    async with conn.transaction():
        await seed_catalog(conn, settings)
        await seed_accounts(conn, settings)


@pytest.fixture(scope="session")
async def redis(settings: Settings) -> AsyncIterator[Redis]:
    client = Redis.from_url(settings.redis_url)
    try:
        yield client
    finally:
        await client.aclose()


@pytest.fixture(autouse=True)
async def fresh_limits(redis: Redis, settings: Settings, client: AsyncTestClient) -> None:
    """Rate limits are per IP and every test calls from the same one; each test starts with a clean slate."""
    keys = [key async for key in redis.scan_iter(match=f"{settings.redis_prefix}:accounts:*")]
    if keys:
        await redis.delete(*keys)
    client.cookies.clear()


def random_phone() -> str:
    """A Vietnamese mobile number nobody else in this run uses, as people type it."""
    return f"091{secrets.randbelow(10_000_000):07d}"


def e164(phone: str) -> str:
    return "+84" + phone.lstrip("0")


@dataclass(frozen=True)
class Session:
    """A signed-in caller; sends its cookies explicitly so one test client can act as many people."""

    token: str
    csrf: str

    def headers(self, *, csrf: bool = True) -> dict[str, str]:
        headers = {"Cookie": f"{SESSION_COOKIE}={self.token}; {CSRF_COOKIE}={self.csrf}"}
        if csrf:
            headers["X-CSRF-Token"] = self.csrf
        return headers


def take_session(client: AsyncTestClient, response) -> Session:
    """Keep the session from a sign-in response and empty the client's cookie jar."""
    session = Session(token=response.cookies[SESSION_COOKIE], csrf=response.cookies[CSRF_COOKIE])
    client.cookies.clear()
    return session


async def request_code(client: AsyncTestClient, phone: str) -> str:
    response = await client.post("/api/auth/citizen/code", json={"phone": phone})
    assert response.status_code == 202, response.text
    sms = await client.get(f"/api/test/sms/{response.json()['phone']}")
    assert sms.status_code == 200, sms.text
    return sms.json()["code"]


async def sign_in_citizen(client: AsyncTestClient, phone: str | None = None) -> Session:
    phone = phone or random_phone()
    code = await request_code(client, phone)
    response = await client.post("/api/auth/citizen/session", json={"phone": phone, "code": code})
    assert response.status_code == 200, response.text
    return take_session(client, response)


async def sign_in_staff(client: AsyncTestClient, username: str, password: str) -> Session:
    response = await client.post("/api/auth/staff/session", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return take_session(client, response)


def wrong_code(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"
