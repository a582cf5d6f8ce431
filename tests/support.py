"""The one set of helpers the test suites share (fixtures live in conftest.py): databases, workers and
live processes, sign-in, demo accounts, photos, the steps of filing and of the back office, browsers.
Suites import from here only, never from each other."""

from __future__ import annotations

import asyncio
import base64
import csv
import io
import json
import os
import random
import re
import secrets
import socket
import struct
import sys
import time
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

import asyncpg
import httpx
import pyotp
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from litestar.testing import AsyncTestClient
from PIL import Image, ImageDraw
from playwright.async_api import Browser, BrowserContext, Page, expect
from pypdf import PdfReader
from redis.asyncio import Redis

from backend import migrate
from backend.accounts import queries as account_queries
from backend.accounts.demo import DEMO_STAFF
from backend.accounts.schemas import Role
from backend.accounts.second_factor import demo_secret
from backend.accounts.service import hash_password
from backend.accounts.sessions import CSRF_COOKIE, SESSION_COOKIE
from backend.clock import VIETNAM
from backend.ids import new_id
from backend.notifications.clients.push import Push
from backend.results.service import IssuedResult
from backend.seed import seed
from backend.settings import ROOT, Settings
import sandbox
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


async def migrated_and_seeded(settings: Settings) -> None:
    """A scratch database made ready as `just up` makes one: migrations applied, the demo data loaded."""
    conn = await asyncpg.connect(settings.database_url)
    try:
        await migrate.migrate(conn)
        async with conn.transaction():
            await seed(conn, settings)
    finally:
        await conn.close()


def free_port() -> int:
    """A port nothing listens on now, for a server process of the tests."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# The simulators of this test run's outside world (python -m sandbox; started by tests/conftest.py's `gateways`):
# the SMS gateways, VNPay, the bank and VNPost; and the port of the live API that ePacific's receipts, VNPay's IPNs,
# the bank's notices and VNPost's status webhooks are posted to (each is set per account, not per request).
GATEWAY_PORTS = {
    "esms": free_port(), "epacific": free_port(), "vnpay": free_port(), "bank": free_port(), "vnpost": free_port(),
}
LIVE_API_PORT = free_port()


def gateway_url(provider: str) -> str:
    return f"http://127.0.0.1:{GATEWAY_PORTS[provider]}"


def gateway_settings() -> dict[str, str]:
    """The settings (as environment variables) that point the app at this run's simulators, at any hour."""
    return {
        "SMS_PROVIDERS": "esms,epacific",
        "ESMS_URL": gateway_url("esms"), "ESMS_API_KEY": sandbox.API_KEY, "ESMS_SECRET_KEY": sandbox.SECRET,
        "ESMS_BRANDNAME": sandbox.BRANDNAME,
        "EPACIFIC_URL": gateway_url("epacific"), "EPACIFIC_TOKEN": sandbox.SECRET, "EPACIFIC_BRANDNAME": sandbox.BRANDNAME,
        "VNPAY_TMN_CODE": sandbox.TMN_CODE, "VNPAY_HASH_SECRET": sandbox.SECRET,
        "VNPAY_PAY_URL": f"{gateway_url('vnpay')}/paymentv2/vpcpay.html",
        "VNPAY_API_URL": f"{gateway_url('vnpay')}/merchant_webapi/api/transaction",
        "BANK_BIN": "970436", "BANK_ACCOUNT_NO": "1234567890", "BANK_ACCOUNT_NAME": "TRUNG TAM PHUC VU HANH CHINH CONG",
        "BANK_WEBHOOK_SECRET": sandbox.SECRET,
        # The VNPost account, for tests that choose DELIVERY_CARRIER=vnpost (the in-app courier flow is the default).
        "VNPOST_URL": f"{gateway_url('vnpost')}/api/api", "VNPOST_USERNAME": sandbox.VNPOST_USERNAME,
        "VNPOST_PASSWORD": sandbox.SECRET, "VNPOST_WEBHOOK_SECRET": sandbox.SECRET,
        # Short, so that a gateway that is down costs a test seconds, not minutes.
        "PROVIDER_TIMEOUT_S": "2",
        # A run may fall at night: SMS go at any hour (tests/notifications checks the quiet hours themselves).
        "QUIET_HOURS": "off",
    }


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
    """A Vietnamese mobile number nobody else in this run uses, as people type it. It ends in 5: the gateway
    simulators' magic numbers (…990 to …993, sandbox/gateway.py) never come up by chance."""
    return f"091{secrets.randbelow(1_000_000):06d}5"


def e164(phone: str) -> str:
    return "+84" + phone.lstrip("0")


def take_session(http: httpx.AsyncClient, response: httpx.Response) -> SignedIn:
    """Keep the session from a sign-in response and empty the client's cookie jar."""
    session = SignedIn(token=response.cookies[SESSION_COOKIE], csrf=response.cookies[CSRF_COOKIE])
    http.cookies.clear()
    return session


async def sms_code(phone_e164: str) -> str:
    """The last sign-in code sent to a phone, as it arrived at a gateway simulator (the real SMS path)."""
    received = []
    async with httpx.AsyncClient() as http:
        for provider in ("esms", "epacific"):
            answer = await http.get(f"{gateway_url(provider)}/_sandbox/messages", params={"phone": phone_e164})
            assert answer.status_code == 200, answer.text
            received += answer.json()
    assert received, f"no SMS reached {phone_e164}"
    newest = max(received, key=lambda message: message["received_at"])
    code = re.search(r"\b([0-9]{6})\b", newest["text"])
    assert code, newest["text"]
    return code.group(1)


async def recipient_code(phone: str) -> str:
    """The newest recipient's code (sent when a shipment goes out for delivery) that reached the phone, as the SMS
    gateway simulators received it; waits for it, since the live worker sends it from the outbox."""

    async def arrived() -> str | None:
        texts = []
        async with httpx.AsyncClient() as http:
            for provider in ("esms", "epacific"):
                answer = await http.get(f"{gateway_url(provider)}/_sandbox/messages", params={"phone": e164(phone)})
                texts += answer.json()
        texts.sort(key=lambda m: m["received_at"])
        codes = [m for t in texts if (m := re.search(r"Ma nhan: ([0-9]{6})", t["text"]))]
        return codes[-1].group(1) if codes else None

    return await eventually(arrived, f"the recipient's code at {phone}")


async def request_code(http: httpx.AsyncClient, phone: str) -> str:
    """Ask for a sign-in code and read it where the SMS arrived."""
    response = await http.post("/api/auth/citizen/code", json={"phone": phone})
    assert response.status_code == 202, response.text
    return await sms_code(response.json()["phone"])


async def sign_in_citizen(http: httpx.AsyncClient, phone: str | None = None) -> SignedIn:
    """The real sign-in: a code by SMS (through a gateway simulator), then the session cookies."""
    phone = phone or random_phone()
    code = await request_code(http, phone)
    response = await http.post("/api/auth/citizen/session", json={"phone": phone, "code": code})
    assert response.status_code == 200, response.text
    return take_session(http, response)


# Authenticator keys enrolled during this run, by username; the demo accounts' keys derive from the SECRET_KEY the
# test settings leave unset (backend/accounts/demo.py), as `just up` derives them from .data/dev.env's.
AUTHENTICATORS: dict[str, str] = {}
_TEST_SIGNING_KEY = Settings.from_env({"DATABASE_URL": "postgresql://unused", "REDIS_URL": "redis://unused"}).signing_key


# The time step of the last code handed out per username: a code works once (RFC 6238 §5.2), so a second sign-in
# in the same 30 s takes the next step's code (accepted a step early), and a third waits for it, as a person would.
_LAST_STEPS: dict[str, int] = {}


def authenticator_code(username: str) -> str:
    """A code the staff member's authenticator app shows now or next, never one handed out before (the username as
    typed at sign-in)."""
    username = username.strip().lower()
    totp = pyotp.TOTP(AUTHENTICATORS.get(username) or demo_secret(_TEST_SIGNING_KEY, username))
    step = max(int(time.time() // totp.interval), _LAST_STEPS.get(username, -1) + 1)
    while step > int(time.time() // totp.interval) + 1:
        time.sleep(0.2)  # the next code is not shown yet: waiting for the authenticator's clock, as a person does
    _LAST_STEPS[username] = step
    return totp.generate_otp(step)


async def password_step(http: httpx.AsyncClient, username: str, password: str) -> tuple[SignedIn, str]:
    """A staff password accepted: the session awaiting the second factor, and which step it awaits."""
    response = await http.post("/api/auth/staff/session", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return take_session(http, response), response.json()["second_factor"]


async def enrol(http: httpx.AsyncClient, pending: SignedIn, username: str) -> dict:
    """Start enrolment as the first sign-in does; the authenticator app keeps the key."""
    response = await http.post("/api/auth/staff/totp/enrolment", headers=pending.headers())
    assert response.status_code == 201, response.text
    AUTHENTICATORS[username.strip().lower()] = response.json()["secret"]
    _LAST_STEPS.pop(username.strip().lower(), None)  # a new key: no code of it accepted yet
    return response.json()


# The last session each staff member signed in with: an authenticator code works once, so a person signing in again
# within seconds would wait for the next code; `sign_in_staff` hands back their session while it is still alive.
_STAFF_SESSIONS: dict[str, SignedIn] = {}


async def sign_in_staff(http: httpx.AsyncClient, username: str, password: str, *, fresh: bool = False) -> SignedIn:
    """The real staff sign-in: the password, then the authenticator's code (enrolling it the first time). Unless
    `fresh`, the person's session from an earlier sign-in is handed back while it is alive (a code works once)."""
    key = username.strip().lower()
    if not fresh and (known := _STAFF_SESSIONS.get(key)):
        me = await http.get("/api/me", headers=known.headers())
        http.cookies.clear()
        if me.status_code == 200 and me.json().get("username") == key:
            return known
    session = await _sign_in_staff(http, username, password)
    _STAFF_SESSIONS[key] = session
    return session


async def _sign_in_staff(http: httpx.AsyncClient, username: str, password: str) -> SignedIn:
    pending, step = await password_step(http, username, password)
    if step == "enrolment":
        await enrol(http, pending, username)
        path = "/api/auth/staff/totp/confirm"
    else:
        path = "/api/auth/staff/totp"
    response = await http.post(path, json={"code": authenticator_code(username)}, headers=pending.headers())
    assert response.status_code == 200, response.text
    return take_session(http, response)


# The demo accounts, read from the seed data (backend/accounts/demo.py)
DEMO: dict[str, tuple[str, str]] = {
    account.role.value: (account.username, account.password) for account in DEMO_STAFF if not account.label
}
COMMUNE_DESK = next((a.username, a.password) for a in DEMO_STAFF if a.label == "commune desk")


async def sign_in_demo(http: httpx.AsyncClient, role: Role | str) -> SignedIn:
    return await sign_in_staff(http, *DEMO[Role(role).value])


TEST_PASSWORD = "test-password-2026"


async def new_staff(
    client: httpx.AsyncClient, db: asyncpg.Pool, role: str, agency_code: str, name: str = "Cán bộ Thử"
) -> tuple[SignedIn, str]:
    """A staff member of `agency_code`, signed in; returns the session and the staff id."""
    username = f"{role[:4]}{secrets.token_hex(4)}"
    staff_id = new_id()
    await account_queries.upsert_staff(
        db, staff_id, username=username, full_name=name, role=role, agency_code=agency_code, team_code=None,
        password_hash=await hash_password(TEST_PASSWORD),
    )
    return await sign_in_staff(client, username, TEST_PASSWORD), str(staff_id)


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


# Hostile files: a PDF and a web page renamed .jpg, a PNG whose header claims what its data does not hold,
# and a small file that decodes to 64 megapixels.
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HTML_BYTES = b"<!doctype html><html><head><title>anh.jpg</title></head><body><script>alert(1)</script></body></html>"


def png_claiming(width: int, height: int) -> bytes:
    """A valid PNG header for a huge image with (almost) no pixel data behind it."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def small_bomb() -> bytes:
    """8000 x 8000 = 64 MP (over the 60 MP limit) in a file of a few KB."""
    out = io.BytesIO()
    Image.new("1", (8000, 8000), 1).save(out, "PNG")
    return out.getvalue()


async def clear_rate_limits(settings: Settings) -> None:
    redis = Redis.from_url(settings.redis_url)
    try:
        # The in-process app's limits and the live API's (its prefix ends in "-live"): tests sign in from one address.
        keys = [key async for key in redis.scan_iter(match=f"{settings.redis_prefix}*:accounts:*")]
        if keys:
            await redis.delete(*keys)
    finally:
        await redis.aclose()


# Live processes: the API (granian) and a worker on a test run's database (free_port, wait_ready above)


def live_env(settings: Settings, **extra: str) -> dict[str, str]:
    """The environment of API and worker processes running against this test run's database."""
    return {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "REDIS_URL": settings.redis_url,
        # A queue of its own, so the live worker never takes jobs from the in-process test workers.
        "REDIS_PREFIX": f"{settings.redis_prefix}-live",
        "ENVIRONMENT": "test",
        "STORAGE_DIR": settings.storage_dir,
        "MIGRATE_ON_START": "false",
        "LOG_LEVEL": "WARNING",
        **gateway_settings(),
        **extra,
    }


@asynccontextmanager
async def live_api(settings: Settings, port: int, **extra: str) -> AsyncIterator[str]:
    """The API in a process of its own (granian) on `port`, on this run's database with `extra` settings on top,
    until the block ends; yields its URL once it answers /ready."""
    url = f"http://127.0.0.1:{port}"
    api = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "granian", "--interface", "asgi", "--factory", "--host", "127.0.0.1",
        "--port", str(port), "--log-level", "warning", "backend.app:create_app", cwd=ROOT,
        env=live_env(settings, PUBLIC_URL=url, **extra),
    )
    try:
        await wait_ready(url, api)
        yield url
    finally:
        api.terminate()
        await api.wait()


# Filing, as the PWA does it

BIRTH_REGISTRATION = "1.001193"  # Đăng ký khai sinh: commune level, free, three required documents


BIRTH_FORM = {
    "child_full_name": "Nguyễn Minh An",
    "child_birth_date": "2026-11-01",
    "child_sex": "Nam",
    "birth_place": "Bệnh viện Đa khoa tỉnh Khánh Hòa",
    "mother_full_name": "Nguyễn Thị Lan",
}


async def new_draft(http: httpx.AsyncClient | AsyncTestClient, who: SignedIn, procedure: str, **fields: Any) -> dict:
    response = await http.put(f"/api/dossiers/{new_id()}", json={"procedure_code": procedure, **fields}, headers=who.headers())
    assert response.status_code == 200, response.text
    return response.json()


async def upload(
    http: httpx.AsyncClient | AsyncTestClient, who: SignedIn, dossier_id: str, document: str, data: bytes,
    *, position: int = 0, page_id: str | None = None,
) -> httpx.Response:
    return await http.put(
        f"/api/dossiers/{dossier_id}/documents/{document}/pages/{page_id or new_id()}?position={position}",
        content=data,
        headers=who.headers(**{"Content-Type": "application/octet-stream"}),
    )


async def photograph_required_documents(
    http: httpx.AsyncClient | AsyncTestClient, who: SignedIn, dossier: dict, *, small: bool = False
) -> None:
    photo = document_photo(480, 640) if small else document_photo()
    for slot in dossier["documents"]:
        if slot["required"]:
            response = await upload(http, who, dossier["id"], slot["code"], photo)
            assert response.status_code == 200, response.text


async def detail(http: httpx.AsyncClient | AsyncTestClient, who: SignedIn, dossier_id: str) -> dict:
    response = await http.get(f"/api/dossiers/{dossier_id}", headers=who.headers())
    assert response.status_code == 200, response.text
    return response.json()


async def submit(
    http: httpx.AsyncClient | AsyncTestClient, who: SignedIn, dossier_id: str, key: str, body: bytes = b"{}"
) -> httpx.Response:
    return await http.post(
        f"/api/dossiers/{dossier_id}/submit",
        content=body,
        headers=who.headers(**{"Idempotency-Key": key, "Content-Type": "application/json"}),
    )


async def ready_to_submit(client: AsyncTestClient, settings: Settings, who: SignedIn, procedure: str, form: dict, **fields: Any) -> dict:
    dossier = await new_draft(client, who, procedure, form=form, **fields)
    await photograph_required_documents(client, who, dossier, small=True)
    await run_worker_until_idle(settings)
    return await detail(client, who, dossier["id"])


# The back office, as the console does it

CRIMINAL_RECORD = "2.000488"  # Phiếu lý lịch tư pháp: province level, Sở Tư pháp (06), 10 working days
CRIMINAL_RECORD_FORM = {"slip_type": "Phiếu số 1", "purpose": "Bổ sung hồ sơ xin việc", "copies": 1}
CERTIFIED_COPY = "2.000815"  # Chứng thực bản sao: commune level, same day (cut-off 15:00)
CERTIFIED_COPY_FORM = {"document_title": "Bằng tốt nghiệp", "pages": 2, "copies": 1}
POST_DELIVERY = {"method": "post", "recipient_name": "Nguyễn Thị Lan", "phone": "0912345678", "street": "12 Trần Phú"}

async def submitted_dossiers(
    client: AsyncTestClient, settings: Settings, who: SignedIn, procedure: str, form: dict, count: int, **fields: Any
) -> list[dict]:
    """`count` submitted dossiers of one citizen (photos uploaded, then normalised by one worker run)."""
    drafts = [await new_draft(client, who, procedure, form=form, **fields) for _ in range(count)]
    for draft in drafts:
        await photograph_required_documents(client, who, draft, small=True)
    await run_worker_until_idle(settings)
    submitted = []
    for draft in drafts:
        response = await submit(client, who, draft["id"], str(new_id()))
        assert response.status_code == 200, response.text
        submitted.append(await paid_at_the_desk(client, who, response.json()))
    return submitted


async def paid_at_the_desk(client: AsyncTestClient | httpx.AsyncClient, who: SignedIn, dossier: dict) -> dict:
    """A dossier waiting for its fee, paid in cash at the desk that receives it; any other dossier as it is.
    Returns the citizen's view afterwards."""
    if dossier["state"] not in ("awaiting_payment", "result_awaiting_payment"):
        return dossier
    desk = await sign_in_staff(client, *(COMMUNE_DESK if dossier["procedure_level"] == "commune" else DEMO["reception_officer"]))
    paid = await client.post(
        f"/api/office/dossiers/{dossier['id']}/payments/cash", headers=desk.headers(),
        json={"amount": dossier["fee"]["total"], "cash_receipt_number": f"BL-{secrets.randbelow(10**6):06d}"},
    )
    assert paid.status_code == 200, paid.text
    return await detail(client, who, dossier["id"])


async def resolved_at_the_desk(client: AsyncTestClient | httpx.AsyncClient, citizen: SignedIn, desk: SignedIn, dossier_id: str) -> dict:
    """A submitted commune-level dossier received and resolved on the spot by its desk, with a result issued, any fee
    (the postage too) paid there: result_ready. Returns the citizen's view."""
    for step in ("receive", "resolve_on_the_spot"):
        seen = await office(client, desk, dossier_id)
        if step == "resolve_on_the_spot":
            assert (await issue_result(client, desk, dossier_id, seen["lock_version"])).status_code == 200
            seen = await office(client, desk, dossier_id)
        moved = await act(client, desk, dossier_id, step, seen["lock_version"])
        assert moved.status_code == 200, moved.text
    return await paid_at_the_desk(client, citizen, await detail(client, citizen, dossier_id))


async def resubmit(client: AsyncTestClient | httpx.AsyncClient, who: SignedIn, dossier_id: str) -> dict:
    response = await client.post(
        f"/api/dossiers/{dossier_id}/resubmit", content=b"{}",
        headers=who.headers(**{"Idempotency-Key": str(new_id()), "Content-Type": "application/json"}),
    )
    assert response.status_code == 200, response.text
    return response.json()


async def office(client: AsyncTestClient | httpx.AsyncClient, who: SignedIn, dossier_id: str) -> dict:
    response = await client.get(f"/api/office/dossiers/{dossier_id}", headers=who.headers())
    assert response.status_code == 200, response.text
    return response.json()


async def act(
    client: AsyncTestClient | httpx.AsyncClient, who: SignedIn, dossier_id: str, action: str, version: int, **body: Any
) -> httpx.Response:
    return await client.post(
        f"/api/office/dossiers/{dossier_id}/actions/{action}", json={"lock_version": version, **body}, headers=who.headers()
    )


async def issue_result(client: AsyncTestClient | httpx.AsyncClient, who: SignedIn, dossier_id: str, version: int) -> httpx.Response:
    return await client.post(
        f"/api/office/dossiers/{dossier_id}/result",
        json={"lock_version": version, "title": "Phiếu lý lịch tư pháp số 1", "body": ["Không có án tích.", "Cấp cho: Nguyễn Thị Lan"]},
        headers=who.headers(),
    )


async def returned_dossiers(
    client: AsyncTestClient, settings: Settings, citizen: SignedIn, commune_code: str, count: int,
) -> list[dict]:
    """`count` same-day dossiers filed for `commune_code`, received, resolved on the spot, paid and handed over at
    the demo commune desk (which receives for every commune of the province)."""
    desk = await sign_in_staff(client, *COMMUNE_DESK)
    dossiers = await submitted_dossiers(
        client, settings, citizen, CERTIFIED_COPY, CERTIFIED_COPY_FORM, count, commune_code=commune_code,
    )
    returned = []
    for dossier in dossiers:
        d = dossier["id"]
        assert (await act(client, desk, d, "receive", (await office(client, desk, d))["lock_version"])).status_code == 200
        assert (await issue_result(client, desk, d, (await office(client, desk, d))["lock_version"])).status_code == 200
        resolved = await act(client, desk, d, "resolve_on_the_spot", (await office(client, desk, d))["lock_version"])
        assert resolved.status_code == 200, resolved.text
        await paid_at_the_desk(client, citizen, await detail(client, citizen, d))
        handed = await act(
            client, desk, d, "return_result", (await office(client, desk, d))["lock_version"], recipient_name="Nguyễn Thị Lan",
        )
        assert handed.status_code == 200, handed.text
        returned.append(await detail(client, citizen, d))
    assert all(d["state"] == "returned" for d in returned)
    return returned


async def gather(*coroutines: Any) -> list[Any]:
    return list(await asyncio.gather(*coroutines))


# E-results


@dataclass(frozen=True)
class Issued:
    """A dossier with a signed e-result (the `issued` fixture)."""

    dossier_id: UUID
    dossier_code: str
    result: IssuedResult
    pdf: bytes


def flip_a_content_byte(pdf: bytes) -> bytes:
    """Change one byte inside the page's content stream (covered by the signature, still a readable PDF)."""
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    number = page.raw_get("/Contents").idnum
    start = pdf.index(b"stream", pdf.index(f"\n{number} 0 obj".encode())) + len(b"stream\n") + 40
    altered = bytearray(pdf)
    altered[start] ^= 0x01
    return bytes(altered)


# Browsers

# A phone's viewport (the browser tests' default), and a desk's.
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


async def eventually(check: Callable[[], Awaitable[Any]], what: str, deadline_s: float = 30) -> Any:
    """`check()`'s first truthy answer, polled until the deadline (another process gets there: a live worker, a
    simulator's callback); fails naming `what` when none comes."""
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if answer := await check():
            return answer
        await asyncio.sleep(0.1)  # polling for a state another process reaches, not timing a behaviour
    pytest.fail(f"not within {deadline_s} s: {what}")


async def pages_ready(http: httpx.AsyncClient, who: SignedIn, dossier_id: str) -> None:
    """Wait until a live worker has normalised every page of the dossier (uploads are processed in the background)."""

    async def ready() -> bool:
        slots = (await detail(http, who, dossier_id))["documents"]
        pages = [p for slot in slots for p in slot["pages"]]
        return bool(pages) and all(p["status"] == "ready" for p in pages)

    await eventually(ready, "the live worker normalising the pages")


async def citizen_on_a_phone(browser: Browser, live_url: str, citizen: SignedIn) -> BrowserContext:
    """A phone's browser, signed in with the session the API sign-in gave the citizen."""
    context = await browser.new_context(viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True)
    await context.add_cookies([
        {"name": SESSION_COOKIE, "value": citizen.token, "url": live_url},
        {"name": CSRF_COOKIE, "value": citizen.csrf, "url": live_url},
    ])
    return context


async def enter_authenticator_code(page: Page, username: str) -> None:
    """The staff sign-in screen's second step: the code the person's authenticator app shows now."""
    await page.get_by_label("Mã xác thực", exact=True).fill(authenticator_code(username))
    await page.get_by_role("button", name="Xác nhận", exact=True).click()


async def officer_at_a_desk(browser: Browser, live_url: str, role: str, account: tuple[str, str] | None = None) -> Page:
    """A demo officer signed in through the staff sign-in screen, on a desk-sized page, at the queue; `account`
    names another demo account of the role (the commune desk)."""
    username, password = account or DEMO[role]
    context = await browser.new_context(viewport=DESKTOP, locale="vi-VN")
    page = await context.new_page()
    await page.goto(f"{live_url}/#/can-bo")
    await page.get_by_role("link", name="Đăng nhập cán bộ").click()
    await page.get_by_label("Tên đăng nhập").fill(username)
    await page.get_by_label("Mật khẩu").fill(password)
    await page.get_by_role("button", name="Đăng nhập", exact=True).click()
    await enter_authenticator_code(page, username)
    await expect(page.get_by_role("heading", name="Hồ sơ của cơ quan")).to_be_visible()
    return page


async def wait_until_true(page: Page, script: str, arg: object = None, *, timeout_s: float = 15) -> None:
    """Poll an async page function until it resolves truthy. (`wait_for_function` takes a returned
    promise itself as truthy, so it cannot wait on async checks such as Cache Storage lookups.)"""
    deadline = asyncio.get_running_loop().time() + timeout_s
    while not await page.evaluate(script, arg):
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"still false after {timeout_s} s: {script}")
        await asyncio.sleep(0.1)  # polling for a state, not timing a behaviour


# Simulators of the outside world (sandbox/: SMS gateways, a push service), each in a process of its own


@asynccontextmanager
async def start_sandbox(provider: str, port: int, **options: str) -> AsyncIterator[str]:
    """`python -m sandbox <provider>` on `port` until the block ends; yields its base URL. Options are
    its flags: receipts_to="http://…" → --receipts-to http://…"""
    flags = [part for name, value in options.items() for part in (f"--{name.replace('_', '-')}", value)]
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "sandbox", provider, "--port", str(port), *flags,
        cwd=ROOT, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient() as http:
            for _ in range(200):
                if process.returncode is not None:
                    raise RuntimeError(f"the {provider} simulator exited during start-up")
                try:
                    if (await http.get(f"{url}/_sandbox/stats", timeout=1)).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.05)  # polling for start-up, not timing a behaviour
            else:
                raise RuntimeError(f"the {provider} simulator never answered")
        yield url
    finally:
        if process.returncode is None:
            process.terminate()
            await process.wait()


# Web push as a browser does it: a subscription's keys, decrypting what arrives, checking the VAPID token


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class PushSubscriber:
    """What a browser keeps for one push subscription: its P-256 key pair and 16-byte auth secret."""

    key: ec.EllipticCurvePrivateKey = field(default_factory=lambda: ec.generate_private_key(ec.SECP256R1()))
    auth_secret: bytes = field(default_factory=lambda: os.urandom(16))
    endpoint: str = ""

    @property
    def public_point(self) -> bytes:
        return self.key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)

    async def subscribe(self, http: httpx.AsyncClient, service: str, server_key: str) -> PushSubscriber:
        response = await http.post(f"{service}/_sandbox/subscribe", json={"application_server_key": server_key})
        assert response.status_code == 201, response.text
        self.endpoint = response.json()["endpoint"]
        return self

    @property
    def p256dh(self) -> str:
        return b64url(self.public_point)

    @property
    def auth(self) -> str:
        return b64url(self.auth_secret)

    @property
    def token(self) -> str:
        """The endpoint's last part: what the local push service files arrivals under."""
        return self.endpoint.rsplit("/", 1)[-1]

    def subscription(self) -> dict:
        """`PushSubscription.toJSON()`, as the PWA posts it to /api/me/push-subscriptions."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}

    def push(self, payload: bytes, *, ttl_s: int = 86400, urgency: str = "normal", topic: str = "hs") -> Push:
        return Push(self.endpoint, b64url(self.public_point), b64url(self.auth_secret), payload, ttl_s, urgency, topic)  # type: ignore[arg-type]

    def decrypt(self, body: bytes) -> bytes:
        """RFC 8291 §3.4 and RFC 8188: the header (salt, record size, sender's key), then one record."""
        salt, record_size, key_length = body[:16], int.from_bytes(body[16:20], "big"), body[20]
        sender_point, ciphertext = body[21 : 21 + key_length], body[21 + key_length :]
        assert len(ciphertext) <= record_size, "one record"
        sender = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), sender_point)
        shared = self.key.exchange(ec.ECDH(), sender)
        ikm = HKDF(hashes.SHA256(), 32, self.auth_secret, b"WebPush: info\x00" + self.public_point + sender_point).derive(shared)
        cek = HKDF(hashes.SHA256(), 16, salt, b"Content-Encoding: aes128gcm\x00").derive(ikm)
        nonce = HKDF(hashes.SHA256(), 12, salt, b"Content-Encoding: nonce\x00").derive(ikm)
        padded = AESGCM(cek).decrypt(nonce, ciphertext, None)
        unpadded = padded.rstrip(b"\x00")
        assert unpadded.endswith(b"\x02"), "the last record ends with the 0x02 delimiter"
        return unpadded[:-1]


def verify_vapid(authorization: str, public_pem: bytes) -> dict:
    """The token's claims once its ES256 signature verifies with our public key, which k= must also be."""
    scheme, _, parameters = authorization.partition(" ")
    assert scheme == "vapid"
    values = dict(p.strip().split("=", 1) for p in parameters.split(","))
    public_key = serialization.load_pem_public_key(public_pem)
    assert isinstance(public_key, ec.EllipticCurvePublicKey)
    assert unb64url(values["k"]) == public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    header, claims, signature = values["t"].split(".")
    assert json.loads(unb64url(header))["alg"] == "ES256"
    raw = unb64url(signature)
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    public_key.verify(der, f"{header}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))
    return json.loads(unb64url(claims))


# The dashboard's hand-made data set (tests/stats/test_dashboard.py counts its figures by hand; the browser test
# shows them): agencies of our own, in 2019 where no other test writes.

AGENCY_A, AGENCY_B, AGENCY_C = "TEST.DASH.A", "TEST.DASH.B", "TEST.DASH.C"


def vn(day: str, hour: int = 10, minute: int = 0) -> datetime:
    """An instant in Vietnam's time (stored as UTC): 31/03 23:30 there is still 31/03, at 16:30 UTC."""
    return datetime.combine(date.fromisoformat(day), datetime.min.time(), VIETNAM).replace(hour=hour, minute=minute)


# Each dossier: agency, received at, channel, its required papers ("pages" ready, "failed" page, "wallet", "none"),
# resolved at, statutory due date; then its payments: (channel, state, paid at).
DASHBOARD_DOSSIERS: dict[str, dict[str, Any]] = {
    # March: received online, digitised, resolved early (5 < 6), paid by VNPay.
    "A1": dict(agency=AGENCY_A, received=vn("2019-03-04"), channel="online", papers="pages",
               resolved=vn("2019-03-05"), due="2019-03-06", paid=[("vnpay", "paid", vn("2019-03-04"))]),
    # March: entered at the counter, no photos, resolved on its due date, paid in cash.
    "A2": dict(agency=AGENCY_A, received=vn("2019-03-05"), channel="counter", papers="none",
               resolved=vn("2019-03-11"), due="2019-03-11", paid=[("cash", "paid", vn("2019-03-05"))]),
    # March's last evening; one paper only failed to process (not digitised); ready after midnight in Vietnam
    # (still 31/03 in UTC): resolved late in April, not in March.
    "A3": dict(agency=AGENCY_A, received=vn("2019-03-31", 23, 30), channel="online", papers="failed",
               resolved=vn("2019-04-01", 0, 30), due="2019-03-29", paid=[]),
    # Received in February, resolved late in March (20 > 18); paid by bank transfer, refunded since: still paid.
    "A4": dict(agency=AGENCY_A, received=vn("2019-02-27"), channel="online", papers="pages",
               resolved=vn("2019-03-20"), due="2019-03-18", paid=[("vietqr", "refunded", vn("2019-02-27"))]),
    # March's first minutes in Vietnam (still 28/02 in UTC); papers from the wallet; not resolved; fee unpaid.
    "A5": dict(agency=AGENCY_A, received=vn("2019-03-01", 0, 10), channel="online", papers="wallet",
               resolved=None, due="2019-03-20", paid=[("vnpay", "pending", None)]),
    # Submitted, never received (refused at reception): counts nowhere.
    "A6": dict(agency=AGENCY_A, received=None, channel="online", papers="pages", resolved=None, due=None, paid=[]),
    # Agency B, March: filed by a volunteer (online), digitised, on time; a failed VNPay try, then paid in cash.
    "B1": dict(agency=AGENCY_B, received=vn("2019-03-15"), channel="assisted", papers="pages",
               resolved=vn("2019-03-18"), due="2019-03-18",
               paid=[("vnpay", "failed", None), ("cash", "paid", vn("2019-03-18"))]),
}

# Ratings: agency, day given, the nine criteria's points, the overall 1–5; (how many alike).
DASHBOARD_RATINGS: list[tuple[str, str, list[int], int, int]] = [
    # A in March: six, enough to be averaged.
    (AGENCY_A, "2019-03-05", [2] * 9, 5, 1),  # 18 points
    (AGENCY_A, "2019-03-05", [1] * 9, 4, 1),  # 9
    (AGENCY_A, "2019-03-12", [2, 2, 2, 2, 2, 2, 2, 2, 1], 5, 1),  # 17
    (AGENCY_A, "2019-03-20", [0] * 9, 1, 1),  # 0
    (AGENCY_A, "2019-03-31", [1, 1, 1, 1, 1, 1, 1, 1, 2], 3, 1),  # 10
    (AGENCY_A, "2019-03-31", [2, 1, 2, 1, 2, 1, 2, 1, 2], 4, 1),  # 14
    # A in February and April; B in March: two, never averaged.
    (AGENCY_A, "2019-02-27", [2] * 9, 5, 1),
    (AGENCY_A, "2019-04-01", [1] * 9, 3, 1),
    (AGENCY_B, "2019-03-18", [2] * 9, 5, 1),
    (AGENCY_B, "2019-03-18", [1] * 9, 2, 1),
    # June: A five, B three and C two: B and C are not shown, but five together, so the total counts them.
    (AGENCY_A, "2019-06-10", [2] * 9, 5, 5),
    (AGENCY_B, "2019-06-11", [1] * 9, 3, 3),
    (AGENCY_C, "2019-06-12", [0] * 9, 1, 2),
]
async def insert_dashboard_data_set(conn: asyncpg.Connection) -> None:
    if await conn.fetchval("select exists (select 1 from agencies where code = $1)", AGENCY_A):
        return
    unit = await conn.fetchval("select code from admin_units where level = 'province' order by code limit 1")
    for code, name in ((AGENCY_A, "Cơ quan thử A"), (AGENCY_B, "Cơ quan thử B"), (AGENCY_C, "Cơ quan thử C")):
        await conn.execute(
            "insert into agencies (id, code, name, name_en, level, admin_unit_code, search_text) "
            "values ($1, $2, $3, $4, 'province', $5, $3)",
            new_id(), code, name, name.replace("Cơ quan thử", "Test agency"), unit,
        )
    version = await conn.fetchrow(
        "select v.id, v.documents from procedures p join procedure_versions v on v.id = p.current_version_id "
        "where p.code = $1", BIRTH_REGISTRATION,
    )
    papers = [d["code"] for d in version["documents"] if d.get("required", True)]
    assert len(papers) >= 2
    citizen = new_id()
    await conn.execute("insert into citizens (id, phone) values ($1, '+84900000415')", citizen)
    for number, (name, d) in enumerate(DASHBOARD_DOSSIERS.items(), start=1):
        dossier = new_id()
        state = "result_ready" if d["resolved"] else ("processing" if d["received"] else "rejected")
        await conn.execute(
            """
            insert into dossiers (id, code, procedure_version_id, procedure_code, agency_code, citizen_id, state, channel,
                                  submitted_at, received_at, statutory_due_date, resolved_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8, coalesce($9, now()), $9, $10, $11)
            """,
            dossier, f"{d['agency']}-190301-{number:04d}", version["id"], BIRTH_REGISTRATION, d["agency"], citizen,
            state, d["channel"], d["received"], date.fromisoformat(d["due"]) if d["due"] else None, d["resolved"],
        )
        for position, paper in enumerate(papers):
            if d["papers"] == "wallet":
                wallet = new_id()
                await conn.execute(
                    "insert into wallet_documents (id, citizen_id, document_type, title) values ($1, $2, $3, $3)",
                    wallet, citizen, f"{name}-{paper}",
                )
                await conn.execute(
                    "insert into dossier_wallet_reuses (dossier_id, document_code, wallet_document_id) values ($1, $2, $3)",
                    dossier, paper, wallet,
                )
            elif d["papers"] in ("pages", "failed"):
                status = "failed" if d["papers"] == "failed" and position == 0 else "ready"
                await conn.execute(
                    "insert into pages (id, dossier_id, document_code, position, status, original_key, original_bytes) "
                    "values ($1, $2, $3, 0, $4, 'k', 1)",
                    new_id(), dossier, paper, status,
                )
        for stage, (channel, pay_state, paid_at) in zip(("submission", "result"), d["paid"], strict=False):
            await conn.execute(
                "insert into payments (id, dossier_id, stage, reference, amount, items, state, channel, paid_at) "
                "values ($1, $2, $3, $4, 8000, '[]', $5, $6, $7)",
                new_id(), dossier, stage, f"DASH-{name}-{stage}", pay_state, channel, paid_at,
            )
    for agency, day, scores, overall, alike in DASHBOARD_RATINGS:
        for _ in range(alike):
            await conn.execute(
                "insert into ratings (agency_code, rated_on, scores, overall) values ($1, $2, $3, $4)",
                agency, date.fromisoformat(day), scores, overall,
            )


# ---- A province's procedure list (issue 17) --------------------------------------------------------------------
# A province's procedure list at the scale provinces publish (1,400–2,000 procedures), in the bulk import's own
# formats, for the tests and the benches alike. Deterministic: the same `count` gives the same file, byte for byte,
# so importing it twice is a re-import. Names, documents and form fields are Vietnamese with their diacritics, spread
# over the catalogue's twelve fields, both levels, every fee kind and online mode, as the seeded catalogue
# (backend/catalog/data/procedures.json) varies. Codes are "3.1xxxxx", apart from the seeded codes.

# (Vietnamese, English) pairs.
_Pair = tuple[str, str]

_PROVINCE_ACTIONS: list[_Pair] = [
    ("Cấp", "Issuance of"), ("Cấp lại", "Re-issuance of"), ("Cấp đổi", "Replacement of"),
    ("Điều chỉnh", "Amendment of"), ("Gia hạn", "Extension of"), ("Thu hồi", "Withdrawal of"),
    ("Đăng ký", "Registration of"), ("Xác nhận", "Certification of"), ("Công nhận", "Recognition of"),
    ("Thẩm định", "Appraisal of"), ("Chấp thuận", "Approval of"), ("Đăng ký thay đổi", "Registration of changes to"),
]
# Per field: the level it is mostly handled at, and what its procedures are about.
_PROVINCE_SUBJECTS: dict[str, tuple[str, list[_Pair]]] = {
    "ho_tich": ("commune", [
        ("khai sinh có yếu tố nước ngoài", "birth with a foreign element"), ("giám hộ", "guardianship"),
        ("thay đổi, cải chính hộ tịch", "change and correction of civil status"), ("nuôi con nuôi", "adoption"),
        ("khai tử lưu động", "mobile death registration"), ("xác định lại dân tộc", "re-determination of ethnicity"),
        ("chấm dứt giám hộ", "end of guardianship"), ("ghi vào sổ hộ tịch việc ly hôn", "recording a divorce"),
    ]),
    "chung_thuc": ("commune", [
        ("chữ ký người dịch", "the translator's signature"), ("hợp đồng mua bán nhà ở", "a house sale contract"),
        ("văn bản thỏa thuận phân chia di sản", "an estate division agreement"), ("di chúc", "a will"),
        ("văn bản khai nhận di sản", "a declaration of inheritance"), ("hợp đồng ủy quyền", "a power of attorney"),
        ("việc sửa đổi hợp đồng", "an amendment to a contract"), ("bản sao từ sổ gốc", "copies from the master register"),
    ]),
    "ly_lich_tu_phap": ("province", [
        ("Phiếu lý lịch tư pháp số 1", "criminal record certificate no. 1"),
        ("Phiếu lý lịch tư pháp số 2", "criminal record certificate no. 2"),
        ("Phiếu lý lịch tư pháp cho người nước ngoài", "criminal record certificate for foreigners"),
        ("Phiếu lý lịch tư pháp cho cơ quan, tổ chức", "criminal record certificate for organisations"),
    ]),
    "cu_tru": ("commune", [
        ("thường trú tại chỗ ở hợp pháp do thuê, mượn", "permanent residence in a rented home"),
        ("tạm trú cho người chưa thành niên", "temporary residence of a minor"), ("lưu trú", "short stay"),
        ("thông tin cư trú", "residence information"), ("xóa đăng ký thường trú", "removal of permanent residence"),
        ("xóa đăng ký tạm trú", "removal of temporary residence"), ("chủ hộ", "head of household"),
    ]),
    "giay_phep_lai_xe": ("province", [
        ("giấy phép lái xe hạng A1", "class A1 driving licence"), ("giấy phép lái xe hạng B", "class B driving licence"),
        ("giấy phép lái xe quốc tế", "international driving permit"), ("giấy phép lái xe hạng C1", "class C1 driving licence"),
        ("giấy phép lái xe do nước ngoài cấp", "a foreign driving licence"),
        ("giấy phép xe tập lái", "learner vehicle permit"),
    ]),
    "xuat_nhap_canh": ("province", [
        ("hộ chiếu phổ thông cho trẻ em dưới 14 tuổi", "ordinary passport for a child under 14"),
        ("thị thực cho người nước ngoài", "visa for a foreigner"), ("thẻ tạm trú cho người nước ngoài", "temporary residence card for a foreigner"),
        ("giấy thông hành biên giới", "border pass"), ("thẻ thường trú", "permanent residence card"),
        ("hộ chiếu gắn chíp điện tử", "electronic chip passport"),
    ]),
    "ho_kinh_doanh": ("commune", [
        ("hộ kinh doanh ăn uống", "a food business household"), ("tạm ngừng kinh doanh", "a business suspension"),
        ("chấm dứt hoạt động hộ kinh doanh", "the closure of a household business"),
        ("địa điểm kinh doanh của hộ kinh doanh", "a household business's premises"),
        ("giấy chứng nhận đủ điều kiện an toàn thực phẩm", "a food safety certificate"),
        ("giấy phép bán lẻ rượu", "a retail licence for alcohol"), ("giấy phép bán lẻ thuốc lá", "a retail licence for tobacco"),
    ]),
    "doanh_nghiep": ("province", [
        ("công ty trách nhiệm hữu hạn một thành viên", "a single-member limited company"),
        ("công ty cổ phần", "a joint-stock company"), ("chi nhánh, văn phòng đại diện", "a branch or representative office"),
        ("người đại diện theo pháp luật", "the legal representative"), ("vốn điều lệ", "the charter capital"),
        ("ngành, nghề kinh doanh", "business lines"), ("giải thể doanh nghiệp", "the dissolution of an enterprise"),
        ("hợp tác xã", "a cooperative"),
    ]),
    "xay_dung": ("commune", [
        ("giấy phép xây dựng công trình tín ngưỡng", "a building permit for a place of worship"),
        ("giấy phép sửa chữa, cải tạo công trình", "a permit to repair or renovate a building"),
        ("giấy phép di dời công trình", "a permit to relocate a building"),
        ("giấy phép xây dựng có thời hạn", "a temporary building permit"),
        ("chứng chỉ hành nghề hoạt động xây dựng", "a construction practising certificate"),
        ("thông báo khởi công", "a notice of works starting"),
    ]),
    "dat_dai": ("province", [
        ("Giấy chứng nhận quyền sử dụng đất lần đầu", "a first land use right certificate"),
        ("biến động đất đai do chuyển nhượng", "a land change by transfer"), ("chuyển mục đích sử dụng đất", "a change of land use"),
        ("giao đất, cho thuê đất", "land allocation and lease"), ("thế chấp quyền sử dụng đất", "a mortgage of land use rights"),
        ("xóa đăng ký thế chấp", "the release of a mortgage"), ("gia hạn sử dụng đất", "an extension of land use"),
        ("đính chính Giấy chứng nhận", "a correction to a certificate"),
    ]),
    "bao_hiem": ("province", [
        ("thẻ bảo hiểm y tế hộ gia đình", "household health insurance card"),
        ("sổ bảo hiểm xã hội", "social insurance book"), ("trợ cấp thai sản", "maternity allowance"),
        ("bảo hiểm xã hội tự nguyện", "voluntary social insurance"), ("trợ cấp ốm đau", "sickness allowance"),
        ("chế độ hưu trí", "retirement pension"),
    ]),
    "bao_tro_xa_hoi": ("commune", [
        ("trợ cấp xã hội hằng tháng", "monthly social allowance"), ("hỗ trợ chi phí mai táng", "funeral cost support"),
        ("hộ nghèo, hộ cận nghèo", "poor and near-poor households"), ("người cao tuổi", "elderly persons"),
        ("trẻ em có hoàn cảnh đặc biệt", "children in special circumstances"),
        ("hỗ trợ khẩn cấp do thiên tai", "emergency support after a disaster"), ("nhận chăm sóc thay thế", "alternative care"),
    ]),
}
# What makes two otherwise alike procedures differ, as the national database words it.
_PROVINCE_QUALIFIERS: list[_Pair] = [
    ("", ""), (" trên môi trường điện tử", " online"), (" cho người nước ngoài", " for foreigners"),
    (" cho người Việt Nam định cư ở nước ngoài", " for overseas Vietnamese"), (" tại khu công nghiệp", " in industrial zones"),
    (" trong trường hợp bị mất, hỏng", " when lost or damaged"), (" do hết hạn sử dụng", " on expiry"),
    (" đối với tổ chức", " for organisations"), (" cho hộ gia đình, cá nhân", " for households and individuals"),
    (" tại khu vực biên giới", " in border areas"), (" theo thủ tục rút gọn", " by the short procedure"),
    (" lần đầu", " for the first time"), (" liên thông với cơ quan thuế", " jointly with the tax office"),
    (" tại đơn vị hành chính đặc biệt", " in special administrative units"),
]
_PROVINCE_DOCUMENTS: list[tuple[str, str, str, str | None]] = [
    # (code, Vietnamese, English, the wallet document it can be reused from)
    ("to_khai", "Tờ khai theo mẫu", "Form as prescribed", None),
    ("don_de_nghi", "Đơn đề nghị (theo mẫu)", "Application (on the prescribed form)", None),
    ("can_cuoc", "Căn cước / CCCD của người nộp hồ sơ", "Applicant's identity card", "can_cuoc"),
    ("anh_4x6", "02 ảnh 4×6 cm, phông nền trắng", "Two 4×6 cm photos on a white background", None),
    ("giay_uy_quyen", "Văn bản ủy quyền (nếu nộp thay)", "Power of attorney (if filing for someone else)", None),
    ("giay_to_nha_dat", "Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở", "Land use and house ownership certificate", "so_do"),
    ("ban_ve", "Bản vẽ thiết kế, sơ đồ vị trí", "Design drawings and site plan", None),
    ("giay_kham_suc_khoe", "Giấy khám sức khỏe do cơ sở y tế cấp", "Health certificate from a medical facility", None),
    ("giay_ket_hon", "Giấy chứng nhận kết hôn", "Marriage certificate", "giay_chung_nhan_ket_hon"),
    ("dieu_le", "Điều lệ doanh nghiệp", "Articles of association", None),
    ("danh_sach_thanh_vien", "Danh sách thành viên, cổ đông sáng lập", "List of members or founding shareholders", None),
    ("hop_dong_thue", "Hợp đồng thuê, mượn chỗ ở hợp pháp", "Lawful rental or loan agreement for the home", None),
    ("xac_nhan_cu_tru", "Giấy xác nhận thông tin về cư trú", "Confirmation of residence information", None),
    ("ban_dich", "Bản dịch có chứng thực sang tiếng Việt", "Certified Vietnamese translation", None),
    ("giay_phep_cu", "Giấy phép đã được cấp (bản chính)", "The permit already issued (original)", None),
]
_PROVINCE_FORM_FIELDS: list[dict[str, Any]] = [
    {"name": "full_name", "label": "Họ, chữ đệm và tên", "label_en": "Family, middle and given names", "type": "text"},
    {"name": "birth_date", "label": "Ngày sinh", "label_en": "Date of birth", "type": "date"},
    {"name": "address", "label": "Địa chỉ liên hệ", "label_en": "Contact address", "type": "address"},
    {"name": "copies", "label": "Số bản cần cấp", "label_en": "Number of copies needed", "type": "integer", "min": 1, "max": 10},
    {"name": "purpose", "label": "Mục đích sử dụng", "label_en": "Purpose", "type": "choice",
     "choices": ["Cá nhân", "Công việc", "Học tập", "Khác"], "choices_en": ["Personal", "Work", "Study", "Other"]},
    {"name": "area_m2", "label": "Diện tích (m²)", "label_en": "Area (m²)", "type": "integer", "min": 1, "max": 100000},
    {"name": "reason", "label": "Lý do đề nghị", "label_en": "Reason for the request", "type": "text"},
    {"name": "receive_by", "label": "Hình thức nhận kết quả", "label_en": "How to receive the result", "type": "choice",
     "choices": ["Tại quầy", "Qua bưu điện"], "choices_en": ["At the counter", "By post"]},
]
_PROVINCE_KEYWORDS: dict[str, list[str]] = {
    "ho_tich": ["hộ tịch", "trích lục"], "chung_thuc": ["công chứng", "sao y"], "ly_lich_tu_phap": ["LLTP", "lý lịch"],
    "cu_tru": ["hộ khẩu", "KT3"], "giay_phep_lai_xe": ["GPLX", "bằng lái"], "xuat_nhap_canh": ["passport", "visa"],
    "ho_kinh_doanh": ["giấy phép kinh doanh", "đăng ký kinh doanh"], "doanh_nghiep": ["mở công ty", "ĐKKD"],
    "xay_dung": ["xin phép xây nhà", "GPXD"], "dat_dai": ["sổ đỏ", "sổ hồng"], "bao_hiem": ["BHYT", "BHXH"],
    "bao_tro_xa_hoi": ["trợ cấp", "chính sách"],
}
_PROVINCE_EXEMPT_GROUPS = ["nguoi_co_cong", "ho_ngheo", "nguoi_khuyet_tat", "tre_em_duoi_6_tuoi"]
# The demo province's agencies that handle each field (backend/catalog/data/procedures.json demo_departments).
_PROVINCE_PROVINCE_AGENCIES = {"ly_lich_tu_phap": "06", "doanh_nghiep": "07", "xay_dung": "08", "dat_dai": "09", "bao_hiem": "12"}

PROVINCE_CSV_COLUMNS = [
    "code", "name", "name_en", "field", "level", "agency_code", "working_days", "same_day_cutoff", "fee", "fee_stage",
    "online", "result_by_post", "documents", "form", "keywords", "note", "note_en",
]


def _province_fee(rng: random.Random) -> dict[str, Any]:
    kind = rng.choices(["free", "flat", "per_copy", "per_page", "by_channel"], weights=[30, 40, 10, 5, 15])[0]
    thousand = lambda low, high: rng.randrange(low, high) * 1000  # noqa: E731
    if kind == "flat":
        fee: dict[str, Any] = {"kind": "flat", "amount": thousand(5, 500)}
        if rng.random() < 0.15:
            fee["reduced"] = {"amount": fee["amount"] // 2, "for": rng.sample(_PROVINCE_EXEMPT_GROUPS, 2)}
        if rng.random() < 0.1:
            fee["variants"] = {"lost_or_damaged": fee["amount"] * 2}
    elif kind == "per_copy":
        fee = {"kind": "per_copy", "amount": thousand(2, 30)}
    elif kind == "per_page":
        fee = {"kind": "per_page", "tiers": [{"from_page": 1, "to_page": 2, "amount": 2000}, {"from_page": 3, "amount": 1000}],
               "cap_per_copy": 200000}
    elif kind == "by_channel":
        counter = thousand(10, 200)
        fee = {"kind": "by_channel", "counter": counter, "online": counter // 2}
    else:
        fee = {"kind": "free"}
    if kind != "free" and rng.random() < 0.2:
        fee["exemptions"] = rng.sample(_PROVINCE_EXEMPT_GROUPS, rng.randint(1, 3))
    if rng.random() < 0.3:
        fee["verified"] = False
    return fee


def province_procedures(count: int = 2000, *, seed: int = 17) -> list[dict[str, Any]]:
    """`count` procedures (at most a few thousand), each as the admin API's create body, distinct in code and name."""
    rng = random.Random(seed)
    names: list[tuple[str, str, str, str]] = []  # field, level, name, English name
    for qualifier in _PROVINCE_QUALIFIERS:
        for action in _PROVINCE_ACTIONS:
            for field_code, (level, subjects) in _PROVINCE_SUBJECTS.items():
                for subject in subjects:
                    names.append((field_code, level, f"{action[0]} {subject[0]}{qualifier[0]}", f"{action[1]} {subject[1]}{qualifier[1]}"))
    if count > len(names):
        raise ValueError(f"at most {len(names)} distinct procedures")
    rng.shuffle(names)
    procedures = []
    for n, (field_code, level, name, name_en) in enumerate(names[:count], start=1):
        if rng.random() < 0.2:
            level = "province" if level == "commune" else "commune"
        days = rng.choice([0, 0, 1, 3, 5, 7, 10, 15, 20, 30])
        documents = []
        for code, doc_name, doc_en, wallet in rng.sample(_PROVINCE_DOCUMENTS, rng.randint(1, 5)):
            document: dict[str, Any] = {"code": code, "name": doc_name, "name_en": doc_en, "required": rng.random() < 0.8}
            if rng.random() < 0.3:
                document["original_needed_at_counter"] = True
            if wallet:
                document["reusable_from_wallet"] = wallet
            documents.append(document)
        form = [
            {**field_, "required": rng.random() < 0.7}
            for field_ in rng.sample(_PROVINCE_FORM_FIELDS, rng.choice([0, 0, 1, 2, 3, 4]))
        ]
        procedure: dict[str, Any] = {
            "code": f"3.{100000 + n:06d}", "name": name, "name_en": name_en, "field": field_code, "level": level,
            "processing": {"working_days": days, **({"same_day_cutoff": "15:00"} if days == 0 and rng.random() < 0.5 else {})},
            "fee": _province_fee(rng), "online": rng.choice(["full", "partial", "partial", "none"]),
            "result_by_post": rng.random() < 0.6, "documents": documents, "form": form,
            "keywords": rng.sample(_PROVINCE_KEYWORDS[field_code], rng.randint(0, 2)),
        }
        if procedure["fee"]["kind"] == "per_page":
            procedure["fee_stage"] = "result"
        if level == "province" and field_code in _PROVINCE_PROVINCE_AGENCIES and rng.random() < 0.5:
            procedure["agency_code"] = f"000.00.{_PROVINCE_PROVINCE_AGENCIES[field_code]}.H56"
        if rng.random() < 0.25:
            procedure["note"] = f"Thời hạn giải quyết tính từ ngày nhận đủ hồ sơ hợp lệ; {name.lower()} được trả tại nơi nộp."
            procedure["note_en"] = "The time counts from the day a complete, valid dossier is received."
        procedures.append(procedure)
    return procedures


def province_csv(procedures: list[dict[str, Any]]) -> bytes:
    """The procedures as a "CSV UTF-8" export from a spreadsheet (BOM, header on line 1, one line per procedure:
    procedure i is on line i + 1)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(PROVINCE_CSV_COLUMNS)
    for p in procedures:
        cells = {
            **p, "working_days": p["processing"]["working_days"], "same_day_cutoff": p["processing"].get("same_day_cutoff"),
            "fee": json.dumps(p["fee"], ensure_ascii=False), "online": p["online"],
            "result_by_post": "có" if p["result_by_post"] else "không",
            "documents": json.dumps(p["documents"], ensure_ascii=False), "form": json.dumps(p["form"], ensure_ascii=False),
            "keywords": "; ".join(p["keywords"]),
        }
        writer.writerow(["" if cells.get(c) is None else cells[c] for c in PROVINCE_CSV_COLUMNS])
    return ("\ufeff" + out.getvalue()).encode()


def province_json(procedures: list[dict[str, Any]]) -> bytes:
    return json.dumps({"procedures": procedures}, ensure_ascii=False).encode()


async def load_province(settings: Settings, count: int = 2000) -> dict[str, int]:
    """The province's `count` procedures imported into `settings`' database by the bulk import itself (as the demo
    administrator, recorded in the audit log), for the benches; a second load changes nothing. The import's counts."""
    from backend.accounts.audit import Origin
    from backend.accounts.guards import Principal
    from backend.catalog import service
    from backend.db import create_pool

    pool = await create_pool(settings)
    try:
        admin = await pool.fetchrow(
            "select id, username, full_name, agency_code from staff_users where role = 'admin' order by username limit 1"
        )
        principal = Principal(
            kind="staff", id=admin["id"], role=Role.ADMIN, label=admin["username"], display_name=admin["full_name"],
            agency_code=admin["agency_code"],
        )
        result = await service.import_procedures(
            pool, settings, principal, Origin(ip="127.0.0.1", user_agent="bench: province catalogue"),
            province_csv(province_procedures(count)), "text/csv",
        )
    finally:
        await pool.close()
    return {"created": result.created, "changed": result.changed, "unchanged": result.unchanged}


# A leader's view of their agency (issue 17): an agency of its own per call, with dossiers placed around today (the
# figures are "now"), and one more agency whose dossiers its leader must never count.


def month_first_day(day: date, months_back: int) -> date:
    index = day.year * 12 + day.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


@dataclass
class HealthDataSet:
    agency: str
    other_agency: str
    today: date
    due_to: date
    # name → dossier id (the own agency's; "other_*" are the other agency's)
    ids: dict[str, str]
    # name → (state, received_at, current due date, statutory due date, resolved_at)
    dossiers: dict[str, tuple[str, datetime | None, date | None, date | None, datetime | None]]


async def insert_agency_health_data_set(conn: asyncpg.Connection, today: date, due_to: date) -> HealthDataSet:
    """Two fresh agencies: the leader's ("own") with a dossier of each kind the figures tell apart, and another with
    the same kinds, never counted for the first. `due_to` is the last day "due this week" covers."""
    unit = await conn.fetchval("select code from admin_units where level = 'province' order by code limit 1")
    suffix = secrets.token_hex(3).upper()
    own, other = f"TEST.HEALTH.{suffix}", f"TEST.OTHER.{suffix}"
    for code, name in ((own, f"Sở Thử nghiệm {suffix}"), (other, f"Sở Khác {suffix}")):
        await conn.execute(
            "insert into agencies (id, code, name, name_en, level, admin_unit_code, search_text) "
            "values ($1, $2, $3, $4, 'province', $5, $3)",
            new_id(), code, name, f"Test department {suffix}", unit,
        )
    version = await conn.fetchval(
        "select current_version_id from procedures where code = $1", BIRTH_REGISTRATION,
    )
    citizen = new_id()
    await conn.execute("insert into citizens (id, phone) values ($1, $2)", citizen, e164(random_phone()))

    def ago(days: int) -> date:
        return today - timedelta(days=days)

    last_month, two_back, old = (month_first_day(today, n) for n in (1, 2, 13))
    dossiers: dict[str, tuple[str, datetime | None, date | None, date | None, datetime | None]] = {
        # Received in today's first minute, due on the week's last working day.
        "today": ("processing", vn(str(today), 0, 1), due_to, due_to, None),
        "yesterday": ("received", vn(str(ago(1))), ago(-30), ago(-30), None),
        # Due yesterday: overdue today.
        "late": ("processing", vn(str(ago(8))), ago(1), ago(1), None),
        "long_late": ("pending_approval", vn(str(ago(40))), ago(20), ago(20), None),
        # Late by the statutory date, but an apology letter moved its due date into this week.
        "apology": ("processing", vn(str(ago(30))), due_to, ago(5), None),
        # Waiting for the applicant's papers: the clock is stopped; not in progress, not overdue.
        "supplement": ("supplement_requested", vn(str(ago(10))), ago(2), ago(2), None),
        "submitted": ("submitted", None, None, None, None),
        "draft": ("draft", None, None, None, None),
        # Resolved in today's first minutes, two days early.
        "early_now": ("result_ready", vn(str(ago(5))), ago(-2), ago(-2), vn(str(today), 0, 2)),
        "on_time_last_month": ("returned", vn(str(last_month)), last_month + timedelta(days=9),
                               last_month + timedelta(days=9), vn(str(last_month + timedelta(days=9)), 16)),
        "late_two_months_ago": ("returned", vn(str(two_back)), two_back + timedelta(days=9),
                                two_back + timedelta(days=9), vn(str(two_back + timedelta(days=14)))),
        "early_two_months_ago": ("returned", vn(str(two_back)), two_back + timedelta(days=9),
                                 two_back + timedelta(days=9), vn(str(two_back + timedelta(days=3)))),
        # Thirteen months ago: out of the twelve months.
        "old": ("returned", vn(str(old)), old + timedelta(days=9), old + timedelta(days=9), vn(str(old + timedelta(days=20)))),
    }
    dossiers |= {f"other_{name}": dossiers[name] for name in ("today", "late", "early_now")}
    ids = {}
    for number, (name, (state, received, due, statutory, resolved)) in enumerate(dossiers.items(), start=1):
        agency = other if name.startswith("other_") else own
        dossier = new_id()
        ids[name] = str(dossier)
        await conn.execute(
            """
            insert into dossiers (id, code, procedure_version_id, procedure_code, agency_code, citizen_id, state,
                                  applicant, submitted_at, received_at, due_date, statutory_due_date, resolved_at)
            values ($1, $2, $3, $4, $5, $6, $7, jsonb_build_object('full_name', $8::text),
                    case when $7 = 'draft' then null else coalesce($9, now()) end, $9, $10, $11, $12)
            """,
            dossier, None if state == "draft" else f"{agency}-{today:%y%m%d}-{number:04d}", version, BIRTH_REGISTRATION,
            agency, citizen, state, f"Người thử {name}", received, due, statutory, resolved,
        )
    return HealthDataSet(agency=own, other_agency=other, today=today, due_to=due_to, ids=ids, dossiers=dossiers)
