"""Photos in SeaweedFS through the API: a storage outage refuses the upload cleanly and the page job waits it out,
and a page stored through one API process is served by another."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import asyncpg
import httpx
import pytest
from arq.constants import retry_key_prefix
from litestar.testing import AsyncTestClient
from redis.asyncio import Redis

from backend.app import create_app
from backend.documents.service import page_job_id
from backend.ids import new_id
from backend.settings import Settings
from backend.storage import storage_for
from scripts.devservices import EmbeddedSeaweed
from tests.support import (
    BIRTH_REGISTRATION, SignedIn, document_photo, eventually, free_port, live_api, new_draft, run_worker_until_idle, upload,
)


@pytest.fixture
async def s3_client(s3_settings: Settings) -> AsyncIterator[AsyncTestClient]:
    """The app with its photos in SeaweedFS (same database and sessions as the run's own app)."""
    async with AsyncTestClient(create_app(s3_settings)) as client:
        yield client


async def _tries_at_least(settings: Settings, page_id: str, tries: int) -> bool:
    """Whether arq has started the page's job `tries` times."""
    redis = Redis.from_url(settings.redis_url)
    try:
        return int(await redis.get(retry_key_prefix + page_job_id(page_id)) or 0) >= tries
    finally:
        await redis.aclose()


async def test_an_upload_during_a_storage_outage_is_refused_whole_and_succeeds_once_storage_is_back(
    s3_client: AsyncTestClient, s3_settings: Settings, seaweed: EmbeddedSeaweed, citizen: SignedIn, db: asyncpg.Pool
) -> None:
    dossier = await new_draft(s3_client, citizen, BIRTH_REGISTRATION)
    page_id, photo = str(new_id()), document_photo(900, 1200)
    await asyncio.to_thread(seaweed.kill)
    try:
        refused = await upload(s3_client, citizen, dossier["id"], "giay_chung_sinh", photo, page_id=page_id)
        assert refused.status_code == 503, refused.text
        assert refused.headers["retry-after"] and refused.headers["content-type"].startswith("application/problem+json")
        problem = refused.json()
        assert problem["code"] == "storage_unavailable"
        assert problem["detail"].startswith("Kho lưu trữ tạm thời gián đoạn, hãy thử lại sau ít phút")
        assert await db.fetchval("select count(*) from pages where id = $1", page_id) == 0
    finally:
        await asyncio.to_thread(seaweed.start)

    # The phone sends the same page again (same page id): stored, recorded once, its job queued.
    accepted = await upload(s3_client, citizen, dossier["id"], "giay_chung_sinh", photo, page_id=page_id)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "processing"
    assert await db.fetchval("select count(*) from pages where id = $1", page_id) == 1
    original = await storage_for(s3_settings).head(f"pages/{dossier['id']}/{page_id}/original")
    assert original is not None and (original.size, original.content_type) == (len(photo), "image/jpeg")

    # Storage fails again before the worker reads the original: the job is retried with backoff until it is back.
    await asyncio.to_thread(seaweed.kill)
    worker = asyncio.create_task(run_worker_until_idle(s3_settings))
    try:
        await eventually(lambda: _tries_at_least(s3_settings, page_id, 2), "the page job retried after the outage")
    finally:
        await asyncio.to_thread(seaweed.start)
    await worker
    page = await db.fetchrow("select status, image_key, media_type from pages where id = $1", page_id)
    assert (page["status"], page["media_type"]) == ("ready", "image/webp")
    image = await s3_client.get(f"/api/dossiers/{dossier['id']}/pages/{page_id}/image", headers=citizen.headers())
    assert image.status_code == 200 and image.content.startswith(b"RIFF") and image.content[8:12] == b"WEBP"


async def test_a_page_uploaded_through_one_api_process_is_served_by_another(
    s3_settings: Settings, seaweed: EmbeddedSeaweed, citizen: SignedIn, db: asyncpg.Pool
) -> None:
    shared = {**seaweed.environment, "REDIS_PREFIX": s3_settings.redis_prefix}
    async with (
        live_api(s3_settings, free_port(), **shared) as first,
        live_api(s3_settings, free_port(), **shared) as second,
        httpx.AsyncClient(base_url=first, timeout=30) as to_first,
        httpx.AsyncClient(base_url=second, timeout=30) as to_second,
    ):
        dossier = await new_draft(to_first, citizen, BIRTH_REGISTRATION)
        uploaded = await upload(to_first, citizen, dossier["id"], "giay_chung_sinh", document_photo(900, 1200))
        assert uploaded.status_code == 200, uploaded.text
        page_id = uploaded.json()["id"]
        await run_worker_until_idle(s3_settings)
        assert await db.fetchval("select status from pages where id = $1", page_id) == "ready"

        served = await to_second.get(f"/api/dossiers/{dossier['id']}/pages/{page_id}/image", headers=citizen.headers())
        assert served.status_code == 200, served.text
        assert served.headers["content-type"] == "image/webp"
        assert served.content == await storage_for(s3_settings).get(f"pages/{dossier['id']}/{page_id}/page")
