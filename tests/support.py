"""Helpers shared by test modules (fixtures live in conftest.py)."""

from __future__ import annotations

import asyncio
import io
import os
import secrets
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import asyncpg
import httpx
import pytest
from PIL import Image, ImageDraw
from redis.asyncio import Redis

from backend.accounts.sessions import CSRF_COOKIE, SESSION_COOKIE

from backend.settings import Settings
from workers.main import worker_options
from workers.worker import OutlastingWorker

RUN_ID = secrets.token_hex(4)


def base_url(variable: str) -> str:
    value = os.environ.get(variable)
    if not value:
        pytest.exit(f"{variable} is unset: run the tests with `just test`, which provides one", returncode=2)
    return value


def with_database(url: str, name: str) -> str:
    server, _, rest = url.rpartition("/")
    query = rest.partition("?")[2]
    return f"{server}/{name}" + (f"?{query}" if query else "")


@asynccontextmanager
async def scratch_database(name: str) -> AsyncIterator[str]:
    """A database of its own on the DATABASE_URL server, dropped afterwards."""
    server = base_url("DATABASE_URL")
    admin = await asyncpg.connect(server)
    try:
        await admin.execute(f'create database "{name}"')
        yield with_database(server, name)
    finally:
        await admin.execute(f'drop database if exists "{name}" with (force)')
        await admin.close()


def free_port() -> int:
    """A port nothing listens on now, for a server process of the tests."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def wait_ready(url: str, process: asyncio.subprocess.Process) -> None:
    """Until the API process at `url` answers /ready with 200."""
    async with httpx.AsyncClient() as http:
        for _ in range(300):
            if process.returncode is not None:
                raise RuntimeError("the API exited during start-up")
            try:
                if (await http.get(f"{url}/ready", timeout=1)).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)  # polling for start-up, not timing a behaviour
    raise RuntimeError(f"{url}/ready never answered 200")


async def run_worker_until_idle(settings: Settings, **overrides: object) -> OutlastingWorker:
    """Run the real worker in burst mode: it processes what is queued, then returns."""
    options = worker_options(settings) | {"burst": True, "poll_delay": 0.05} | overrides
    worker = OutlastingWorker(**options)
    try:
        await worker.async_run()
    finally:
        await worker.close()
    return worker


@dataclass(frozen=True)
class SignedIn:
    """A signed-in caller; sends its cookies explicitly so one test client can act as many people."""

    token: str
    csrf: str

    def headers(self, *, csrf: bool = True, **extra: str) -> dict[str, str]:
        headers = {"Cookie": f"{SESSION_COOKIE}={self.token}; {CSRF_COOKIE}={self.csrf}", **extra}
        if csrf:
            headers["X-CSRF-Token"] = self.csrf
        return headers


def random_phone() -> str:
    """A Vietnamese mobile number nobody else in this run uses, as people type it."""
    return f"091{secrets.randbelow(10_000_000):07d}"


def e164(phone: str) -> str:
    return "+84" + phone.lstrip("0")


def take_session(http: httpx.AsyncClient, response: httpx.Response) -> SignedIn:
    """Keep the session from a sign-in response and empty the client's cookie jar."""
    session = SignedIn(token=response.cookies[SESSION_COOKIE], csrf=response.cookies[CSRF_COOKIE])
    http.cookies.clear()
    return session


async def request_code(http: httpx.AsyncClient, phone: str) -> str:
    """Ask for a sign-in code and read it from the development sender's test hook."""
    response = await http.post("/api/auth/citizen/code", json={"phone": phone})
    assert response.status_code == 202, response.text
    sms = await http.get(f"/api/test/sms/{response.json()['phone']}")
    assert sms.status_code == 200, sms.text
    return sms.json()["code"]


async def sign_in_citizen(http: httpx.AsyncClient, phone: str | None = None) -> SignedIn:
    """The real sign-in: a code by (development) SMS, then the session cookies."""
    phone = phone or random_phone()
    code = await request_code(http, phone)
    response = await http.post("/api/auth/citizen/session", json={"phone": phone, "code": code})
    assert response.status_code == 200, response.text
    return take_session(http, response)


async def sign_in_staff(http: httpx.AsyncClient, username: str, password: str) -> SignedIn:
    response = await http.post("/api/auth/staff/session", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return take_session(http, response)


def document_photo(width: int = 1200, height: int = 1600, *, exif_gps: bool = False, text: str = "GIẤY TỜ") -> bytes:
    """A JPEG that looks like a photographed paper: lines of text on off-white, optionally with GPS tags."""
    image = Image.new("RGB", (width, height), (246, 244, 236))
    draw = ImageDraw.Draw(image)
    for line in range(12, height - 40, max(height // 30, 12)):
        draw.text((width // 12, line), f"{text} {line:05d} — CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", fill=(20, 20, 30))
    draw.ellipse((width * 0.6, height * 0.7, width * 0.85, height * 0.85), outline=(200, 20, 20), width=6)
    exif = Image.Exif()
    exif[0x0110] = "Test Phone"  # camera model
    if exif_gps:
        exif[0x8825] = {1: "N", 2: (21.0, 1.0, 30.0), 3: "E", 4: (105.0, 51.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, exif=exif)
    return out.getvalue()


async def clear_rate_limits(settings: Settings) -> None:
    redis = Redis.from_url(settings.redis_url)
    try:
        keys = [key async for key in redis.scan_iter(match=f"{settings.redis_prefix}:accounts:*")]
        if keys:
            await redis.delete(*keys)
    finally:
        await redis.aclose()
