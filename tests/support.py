"""The one set of helpers the test suites share (fixtures live in conftest.py): databases, workers and
live processes, sign-in, demo accounts, photos, the steps of filing and of the back office, browsers.
Suites import from here only, never from each other."""

from __future__ import annotations

import asyncio
import base64
import io
import json
import os
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
from datetime import date, datetime
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
    """The settings (as environment variables) that point the app at this run's simulators."""
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
