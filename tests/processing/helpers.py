"""Steps of the back office, as the console takes them, for the processing tests."""

from __future__ import annotations

import asyncio
import secrets
from typing import Any

import asyncpg
import httpx
from litestar.testing import AsyncTestClient

from backend.accounts import queries as account_queries
from backend.accounts.service import _passwords
from backend.ids import new_id
from backend.settings import Settings
from tests.dossiers.helpers import new_draft, photograph_required_documents, submit
from tests.support import SignedIn, run_worker_until_idle, sign_in_staff

CRIMINAL_RECORD = "2.000488"  # Phiếu lý lịch tư pháp: province level, Sở Tư pháp (06), 10 working days
CRIMINAL_RECORD_FORM = {"slip_type": "Phiếu số 1", "purpose": "Bổ sung hồ sơ xin việc", "copies": 1}
CERTIFIED_COPY = "2.000815"  # Chứng thực bản sao: commune level, same day (cut-off 15:00)
CERTIFIED_COPY_FORM = {"document_title": "Bằng tốt nghiệp", "pages": 2, "copies": 1}
POST_DELIVERY = {"method": "post", "recipient_name": "Nguyễn Thị Lan", "phone": "0912345678", "street": "12 Trần Phú"}

DEMO = {
    "reception_officer": ("tiepnhan", "demo-tiepnhan-2026"),
    "specialist": ("chuyenvien", "demo-chuyenvien-2026"),
    "leader": ("lanhdao", "demo-lanhdao-2026"),
}
_HASH = _passwords.hash("test-password-2026")


async def new_staff(client: AsyncTestClient | httpx.AsyncClient, db: asyncpg.Pool, role: str, agency_code: str, name: str = "Cán bộ Thử") -> tuple[SignedIn, str]:
    """A staff member of `agency_code`, signed in; returns the session and the staff id."""
    username = f"{role[:4]}{secrets.token_hex(4)}"
    staff_id = new_id()
    await account_queries.upsert_staff(
        db, staff_id, username=username, full_name=name, role=role, agency_code=agency_code, team_code=None,
        password_hash=_HASH,
    )
    return await sign_in_staff(client, username, "test-password-2026"), str(staff_id)


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
        submitted.append(response.json())
    return submitted


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


async def gather(*coroutines: Any) -> list[Any]:
    return list(await asyncio.gather(*coroutines))
