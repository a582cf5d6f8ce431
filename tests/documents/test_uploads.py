"""Uploads through the API: refused from the headers while the person is there, decoded only by the
worker, one decode at a time, and never left without a job."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator

import asyncpg
import pillow_heif
import psutil
import pytest
from arq.connections import ArqRedis, RedisSettings, create_pool
from arq.constants import job_key_prefix
from litestar.testing import AsyncTestClient
from PIL import Image, ImageDraw

from backend.documents import decoder, imaging
from backend.documents.service import page_job_id, queue_normalisation
from backend.ids import new_id
from backend.settings import Settings
from tests.support import (
    BIRTH_REGISTRATION, HTML_BYTES, PDF_BYTES, SignedIn, detail, document_photo, new_draft, png_claiming,
    run_worker_until_idle, small_bomb, upload,
)

DOCUMENT = "giay_chung_sinh"


def _png(size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("L", size, 255).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
async def redis(settings: Settings) -> AsyncIterator[ArqRedis]:
    pool = await create_pool(RedisSettings.from_dsn(settings.redis_url), default_queue_name=settings.queue_name)
    try:
        yield pool
    finally:
        await pool.aclose()


async def _pages(client: AsyncTestClient, citizen: SignedIn, dossier_id: str) -> list[dict]:
    slot = next(d for d in (await detail(client, citizen, dossier_id))["documents"] if d["code"] == DOCUMENT)
    return slot["pages"]


HEADER_REFUSALS = {
    "empty": (b"", "image_empty"),
    "pdf": (PDF_BYTES, "image_unsupported"),
    "html": (HTML_BYTES, "image_unsupported"),
    "png header claiming 10 gigapixels": (png_claiming(100_000, 100_000), "image_too_many_pixels"),
    "small file decoding to 64 MP": (small_bomb(), "image_too_many_pixels"),
    "10 x 50000 px": (_png((10, 50_000)), "image_bad_shape"),
    "thumbnail-sized": (_png((150, 120)), "image_too_small"),
}


@pytest.mark.parametrize("case", list(HEADER_REFUSALS))
async def test_header_level_problems_are_refused_at_upload(client: AsyncTestClient, citizen: SignedIn, case: str) -> None:
    data, code = HEADER_REFUSALS[case]
    dossier = await new_draft(client, citizen, BIRTH_REGISTRATION)
    response = await upload(client, citizen, dossier["id"], DOCUMENT, data)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == code and body["title"] and body["detail"]
    assert await _pages(client, citizen, dossier["id"]) == []  # nothing stored


async def test_a_damaged_photo_is_stored_and_its_page_ends_failed_with_the_reason(
    client: AsyncTestClient, citizen: SignedIn, settings: Settings
) -> None:
    photo = document_photo(800, 1000)
    dossier = await new_draft(client, citizen, BIRTH_REGISTRATION)
    # Headers whole, pixels cut off: only a decode can tell, and the request decodes nothing.
    response = await upload(client, citizen, dossier["id"], DOCUMENT, photo[: len(photo) // 2])
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "processing"

    await run_worker_until_idle(settings)
    [page] = await _pages(client, citizen, dossier["id"])
    assert page["status"] == "failed"
    assert page["failure"] == imaging.corrupt().detail.vi
    assert "chưa tải lên hết" in page["failure"]
    assert page["image_url"] is None and page["thumbnail_url"] is None


@pytest.mark.parametrize("lost", ["queue entry", "whole job"])
async def test_a_retried_upload_of_a_page_whose_job_was_lost_gets_a_job(
    client: AsyncTestClient, citizen: SignedIn, settings: Settings, redis: ArqRedis, lost: str
) -> None:
    dossier = await new_draft(client, citizen, BIRTH_REGISTRATION)
    page_id, photo = str(new_id()), document_photo(600, 800)
    first = await upload(client, citizen, dossier["id"], DOCUMENT, photo, page_id=page_id)
    assert first.status_code == 200 and first.json()["status"] == "processing"
    job_id = page_job_id(page_id)
    # As if Redis had lost it (flushed, failed over): gone from the queue, or forgotten altogether.
    assert await redis.zrem(settings.queue_name, job_id) == 1
    if lost == "whole job":
        assert await redis.delete(job_key_prefix + job_id) == 1

    retry = await upload(client, citizen, dossier["id"], DOCUMENT, photo, page_id=page_id)
    assert retry.status_code == 200 and retry.json()["id"] == page_id
    assert await redis.zscore(settings.queue_name, job_id) is not None
    await run_worker_until_idle(settings)
    [page] = await _pages(client, citizen, dossier["id"])
    assert page["id"] == page_id and page["status"] == "ready" and page["width"] == 600


async def test_a_page_whose_run_is_waiting_gets_no_second_one(
    client: AsyncTestClient, citizen: SignedIn, settings: Settings, redis: ArqRedis
) -> None:
    dossier = await new_draft(client, citizen, BIRTH_REGISTRATION)
    page = (await upload(client, citizen, dossier["id"], DOCUMENT, document_photo(600, 800))).json()
    assert await queue_normalisation(redis, page["id"]) is False
    retry = await upload(client, citizen, dossier["id"], DOCUMENT, b"", page_id=page["id"])
    assert retry.status_code == 200 and retry.json()["id"] == page["id"]
    queued = [job.decode() for job in await redis.zrange(settings.queue_name, 0, -1)]
    assert [job for job in queued if page["id"] in job] == [page_job_id(page["id"])]
    await run_worker_until_idle(settings)


def _large_heif() -> bytes:
    """24 MP, as a good phone camera writes it (encoded with x265's fastest preset to keep the test short)."""
    pillow_heif.register_heif_opener()
    im = Image.new("RGB", (6000, 4000), (246, 244, 236))
    draw = ImageDraw.Draw(im)
    for y in range(100, 4000, 200):
        draw.line((300, y, 5700, y), fill=(20, 20, 30), width=8)
    out = io.BytesIO()
    im.save(out, "HEIF", quality=40, enc_params={"preset": "ultrafast"})
    return out.getvalue()


def _decoders_alive() -> int:
    """Page decoders now running: the children of this process's fork server."""
    servers = [p for p in psutil.Process().children() if "multiprocessing.forkserver" in " ".join(p.cmdline())]
    return sum(len(server.children()) for server in servers)


async def test_large_heif_photos_are_decoded_by_the_worker_within_the_cap(
    client: AsyncTestClient, citizen: SignedIn, settings: Settings, db: asyncpg.Pool
) -> None:
    photo = await asyncio.to_thread(_large_heif)
    dossier = await new_draft(client, citizen, BIRTH_REGISTRATION)
    for position in range(3):
        response = await upload(client, citizen, dossier["id"], DOCUMENT, photo, position=position)
        assert response.status_code == 200, response.text

    seen: list[int] = []

    async def watch() -> None:
        while True:  # sampling while the worker runs; cancelled when it is idle
            seen.append(await asyncio.to_thread(_decoders_alive))

    watcher = asyncio.create_task(watch())
    try:
        await run_worker_until_idle(settings)
    finally:
        watcher.cancel()
    pages = await _pages(client, citizen, dossier["id"])
    assert [(p["status"], p["width"], p["height"]) for p in pages] == [("ready", 1600, 1067)] * 3
    assert 1 <= max(seen) <= decoder.DECODES_AT_ONCE
