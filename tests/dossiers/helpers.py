"""Steps of filing, as the PWA takes them, for the dossier tests."""

from __future__ import annotations

from typing import Any

import httpx
from litestar.testing import AsyncTestClient

from backend.ids import new_id
from backend.settings import Settings
from tests.support import SignedIn, document_photo, run_worker_until_idle

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
