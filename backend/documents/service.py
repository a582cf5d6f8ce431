"""Photographed pages: accept one page per request, keep the original, normalise it in the worker.

The upload is checked at once from the image's headers (type, pixel count, shape), so a person
learns straight away that a file is not a usable photo; no pixel is decoded in the request. The
heavy work — decoding, orientation, metadata stripping, resizing, compact encoding, thumbnail — runs
in an arq job that is safe to run twice, which marks the page ready, or failed with the reason
(a damaged file, say) that the person sees next to it.

A page still `processing` is owed a job. The row is the record of that debt and Redis holds the
runs, so whoever sees the debt (a retried upload, the sweeper) makes sure a run is waiting or under
way (`queue_normalisation`), and never queues a second one beside it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from uuid import UUID

import asyncpg
from arq.connections import ArqRedis
from arq.constants import job_key_prefix, result_key_prefix, retry_key_prefix
from arq.jobs import Job, JobStatus

from backend.documents import decoder, imaging, queries
from backend.documents.schemas import WalletDocument, WalletPage
from backend.errors import Problem
from backend.i18n import Text, catalogue_text
from backend.ids import new_id
from backend.storage import ObjectStorage

log = logging.getLogger(__name__)

# The sweeper claims pages in batches of this many, for at most half a job timeout a run.
SWEEP_BATCH = 100
_UNDER_WAY = (JobStatus.queued, JobStatus.deferred, JobStatus.in_progress)
# Page judgements under way; kept here because asyncio only holds weak references to tasks.
_judging: set[asyncio.Task] = set()


def _keys(dossier_id: UUID, page_id: UUID) -> dict[str, str]:
    base = f"pages/{dossier_id}/{page_id}"
    return {"original": f"{base}/original", "image": f"{base}/page", "thumbnail": f"{base}/thumbnail"}


def page_job_id(page_id: UUID) -> str:
    return f"normalise-page:{page_id}"


async def queue_normalisation(redis: ArqRedis, page_id: UUID) -> bool:
    """Make sure a run of the page's job is waiting or under way; True when one was queued now."""
    job_id = page_job_id(page_id)
    if await redis.enqueue_job("normalise_page", page_id, _job_id=job_id) is not None:
        return True
    if await Job(job_id, redis, _queue_name=redis.default_queue_name).status() in _UNDER_WAY:
        return False
    # Its last run ended without a verdict (timed out; its worker lost on the last try), or its
    # queue entry is gone (Redis flushed): arq refuses an id it still remembers, so forget it first.
    await redis.delete(*(prefix + job_id for prefix in (job_key_prefix, result_key_prefix, retry_key_prefix)))
    return await redis.enqueue_job("normalise_page", page_id, _job_id=job_id) is not None


async def accept_page(
    db: asyncpg.Pool,
    redis: ArqRedis,
    storage: ObjectStorage,
    *,
    dossier_id: UUID,
    page_id: UUID,
    document_code: str,
    position: int,
    data: bytes,
) -> asyncpg.Record:
    """Store the original and queue its normalisation. A retried upload returns the first page, and
    queues its job again if that was lost (the first attempt may have stored the page and then
    failed to reach Redis)."""
    existing = await queries.page(db, page_id)
    if existing is not None:
        if existing["dossier_id"] != dossier_id:
            raise Problem(
                409, "page_id_taken", Text("Mã ảnh đã được dùng", "Page id already used"),
                Text("Ứng dụng cần tạo mã mới cho trang ảnh này.", "The app needs to make a new id for this page."),
            )
        if existing["status"] == "processing":
            await queue_normalisation(redis, page_id)
        return existing
    if len(data) > imaging.MAX_UPLOAD_BYTES:
        raise imaging.upload_too_large()
    # Headers only (a few ms, no pixels): the request never holds more than the upload itself.
    upload = await asyncio.to_thread(imaging.inspect_upload, data)
    keys = _keys(dossier_id, page_id)
    # The object before the row: when storage is down nothing is recorded (503 storage_unavailable), and
    # the retry, with the same page id, writes the same key.
    await storage.put(keys["original"], data, content_type=upload.media_type)
    row = await queries.insert_page(
        db,
        {
            "id": page_id, "dossier_id": dossier_id, "document_code": document_code, "position": position,
            "original_key": keys["original"], "original_bytes": len(data),
        },
    )
    if row is None:  # a concurrent retry won the insert
        return await queries.page(db, page_id)
    await queue_normalisation(redis, page_id)
    return row


async def normalise_page(db: asyncpg.Pool, storage: ObjectStorage, page_id: UUID, job_timeout_s: int) -> str:
    """The worker's job. Idempotent: a page already judged (or gone) is left alone.

    The judgement carries on when arq's timeout cancels the job, and records its verdict: a busy
    machine stretches a decode's clock (its CPU limit bounds the work), and a retry would only time
    out the same way. A later run finds the page judged and skips it."""
    page = await queries.page(db, page_id)
    if page is None or page["status"] != "processing":
        return "skipped"
    judging = asyncio.ensure_future(_judge(db, storage, page, job_timeout_s))
    _judging.add(judging)
    judging.add_done_callback(_judging.discard)
    try:
        return await asyncio.shield(judging)
    except asyncio.CancelledError:
        judging.add_done_callback(_log_late_failure)
        raise


async def _judge(db: asyncpg.Pool, storage: ObjectStorage, page: asyncpg.Record, job_timeout_s: int) -> str:
    """Decode and record. A decode may burn half the job's timeout in CPU seconds (a photo at the
    pixel limits needs 3–7); a decode slot is awaited for 40 % of it (then `decoder.DecoderBusy`)."""
    original = await storage.get(page["original_key"])
    async with decoder.slot(wait_s=job_timeout_s * 0.4):
        current = await queries.page(db, page["id"])
        if current is None or current["status"] != "processing":
            return "skipped"  # judged by an earlier run while this one waited
        try:
            result = await decoder.normalise_page(original, cpu_limit_s=max(1, job_timeout_s // 2))
        except Problem as problem:
            # Bad bytes are a verdict, not a crash: the person sees why and retakes the photo.
            await queries.mark_failed(db, page["id"], problem.detail.vi)
            return "failed"
    keys = _keys(page["dossier_id"], page["id"])
    # A page kept as sent is the stored original itself: not written twice.
    image_key = page["original_key"] if result.kept else keys["image"]
    if not result.kept:
        await storage.put(image_key, result.image, content_type=result.media_type)
    await storage.put(keys["thumbnail"], result.thumbnail, content_type=result.thumbnail_media_type)
    await queries.mark_ready(
        db,
        page["id"],
        {
            "image_key": image_key, "thumbnail_key": keys["thumbnail"], "media_type": result.media_type,
            "width": result.width, "height": result.height, "image_bytes": len(result.image),
        },
    )
    return "ready"


def _log_late_failure(task: asyncio.Task) -> None:
    """A judgement that outlived its job has nobody else to report a failure to."""
    if not task.cancelled() and task.exception() is not None:
        log.warning("a page judgement that outlived its job failed: %r", task.exception())


def sweep_seconds(job_timeout_s: int) -> set[int]:
    """When the sweeper runs (seconds of each minute): about once per page-job timeout."""
    step = max(d for d in (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60) if d <= max(1, job_timeout_s))
    return set(range(0, 60, step))


async def requeue_stuck_pages(db: asyncpg.Pool, redis: ArqRedis, job_timeout_s: int) -> int:
    """The sweeper: pages still processing a job timeout after their job was (re)queued get a run
    again unless one is waiting or under way. It catches lost enqueues, jobs lost with Redis and runs
    that timed out; every stuck page is seen, batch after batch, within half a job timeout."""
    until = time.monotonic() + job_timeout_s / 2
    queued = 0
    while time.monotonic() < until:
        page_ids = await queries.claim_stuck(db, job_timeout_s, SWEEP_BATCH)
        for page_id in page_ids:
            queued += await queue_normalisation(redis, page_id)
        if len(page_ids) < SWEEP_BATCH:
            break
    if queued:
        log.warning("re-queued %d page(s) stuck in processing", queued)
    return queued


async def page_of(db: asyncpg.Pool | asyncpg.Connection, dossier_id: UUID, page_id: UUID) -> asyncpg.Record:
    """A page of this dossier (whose access the caller has checked), or 404."""
    page = await queries.page(db, page_id)
    if page is None or page["dossier_id"] != dossier_id:
        raise Problem(
            404, "page_not_found", Text("Không tìm thấy trang ảnh", "Page not found"),
            Text("Trang ảnh này không còn trong hồ sơ.", "This page is no longer in the dossier."),
        )
    return page


async def remove_page(db: asyncpg.Pool, storage: ObjectStorage, page: asyncpg.Record) -> None:
    if await queries.delete_page(db, page["id"]) is None:
        return
    # dict.fromkeys: a page kept as sent has one key for its original and its image.
    for key in dict.fromkeys((page["original_key"], page["image_key"], page["thumbnail_key"])):
        if key:
            await storage.delete(key)


async def reorder_pages(db: asyncpg.Pool, dossier_id: UUID, document_code: str, page_ids: list[UUID]) -> None:
    current = {p["id"] for p in await queries.pages_of(db, dossier_id) if p["document_code"] == document_code}
    if set(page_ids) != current or len(page_ids) != len(current):
        raise Problem(
            422,
            "page_order_mismatch",
            Text("Thứ tự trang chưa khớp", "The page order does not match"),
            Text(
                "Danh sách trang gửi lên không khớp với các trang của giấy tờ này. Hãy tải lại rồi sắp xếp lại.",
                "The pages sent do not match this paper's pages. Reload, then put them in order again.",
            ),
        )
    async with db.acquire() as conn, conn.transaction():
        await queries.reorder(conn, dossier_id, document_code, page_ids)


async def page_bytes(storage: ObjectStorage, page: asyncpg.Record, variant: str) -> tuple[bytes, str]:
    if variant not in ("image", "thumbnail"):
        raise Problem(
            404, "page_not_found", Text("Không tìm thấy trang ảnh", "Page not found"),
            Text("Chỉ có ảnh trang (image) và ảnh thu nhỏ (thumbnail).", "There is only the page (image) and its thumbnail."),
        )
    key = page["thumbnail_key"] if variant == "thumbnail" else page["image_key"]
    if page["status"] != "ready" or not key:
        raise Problem(
            409, "page_not_ready", Text("Ảnh đang được xử lý", "The photo is being processed"),
            Text("Ảnh này đang được xử lý. Hãy thử lại sau ít giây.", "This photo is being processed. Try again in a few seconds."),
        )
    return await storage.get(key), page["media_type"] or imaging.PAGE_MEDIA_TYPE


async def wallet(db: asyncpg.Pool, citizen_id: UUID) -> WalletPage:
    rows = await queries.wallet_documents(db, citizen_id)
    return WalletPage(
        items=[
            WalletDocument(
                id=row["id"], document_type=row["document_type"], title=row["title"],
                source_dossier_code=row["source_dossier_code"], pages=len(row["page_ids"]),
                created_at=row["created_at"],
            )
            for row in rows
        ]
    )


async def reuse_from_wallet(
    db: asyncpg.Pool, citizen_id: UUID, dossier: asyncpg.Record, document: dict, wallet_document_id: UUID
) -> None:
    entry = await queries.wallet_document(db, wallet_document_id)
    if entry is None or entry["citizen_id"] != citizen_id:
        raise Problem(
            404, "wallet_document_not_found", Text("Không tìm thấy giấy tờ", "Paper not found"),
            Text("Giấy tờ này không có trong kho của bạn.", "This paper is not among your saved papers."),
        )
    if entry["document_type"] != document.get("reusable_from_wallet"):
        wanted, kept = catalogue_text(document["name"], document.get("name_en")), catalogue_text(entry["title"], None)
        raise Problem(
            422, "wallet_document_mismatch", Text("Giấy tờ không phù hợp", "The paper does not fit"),
            Text(
                f"Giấy tờ “{entry['title']}” không dùng được cho “{wanted.vi}”. Hãy chụp ảnh giấy tờ đúng loại.",
                f"The paper “{kept.en}” cannot be used for “{wanted.en}”. Photograph a paper of the right kind.",
            ),
        )
    await queries.set_reuse(db, dossier["id"], document["code"], wallet_document_id)


async def stop_reuse(db: asyncpg.Pool, dossier_id: UUID, document_code: str) -> None:
    await queries.clear_reuse(db, dossier_id, document_code)


async def keep_in_wallet(
    conn: asyncpg.Connection, citizen_id: UUID, dossier_id: UUID, documents: list[dict], pages: list[asyncpg.Record]
) -> None:
    """On submission, reusable documents with ready pages go to the person's wallet."""
    entries = []
    for document in documents:
        kind = document.get("reusable_from_wallet")
        page_ids = [p["id"] for p in pages if p["document_code"] == document["code"] and p["status"] == "ready"]
        if kind and page_ids:
            entries.append((new_id(), kind, document["name"], page_ids))
    if entries:
        await queries.record_wallet_documents(conn, citizen_id, dossier_id, entries)


async def pages_of(conn: asyncpg.Connection | asyncpg.Pool, dossier_id: UUID) -> list[asyncpg.Record]:
    """Every page of a dossier, by document and position."""
    return await queries.pages_of(conn, dossier_id)


async def wallet_reuses(conn: asyncpg.Connection | asyncpg.Pool, dossier_id: UUID) -> dict[str, UUID]:
    """Which wallet document answers which required document of the dossier."""
    return {r["document_code"]: r["wallet_document_id"] for r in await queries.wallet_reuses(conn, dossier_id)}


async def keep_receipt_in_wallet(conn: asyncpg.Connection, citizen_id: UUID, dossier_id: UUID, receipt_number: str) -> None:
    """A paid fee's e-receipt goes to the person's wallet as 'bien_lai' (one per dossier and receipt)."""
    await queries.put_result_in_wallet(
        conn, new_id(), citizen_id, f"bien_lai:{receipt_number}", f"Biên lai thu phí, lệ phí số {receipt_number}", dossier_id
    )


async def keep_result_in_wallet(
    conn: asyncpg.Connection, citizen_id: UUID, procedure_code: str, procedure_name: str, dossier_id: UUID
) -> None:
    """A resolved dossier's result goes to the person's wallet as 'ket_qua:<procedure code>'."""
    await queries.put_result_in_wallet(
        conn, new_id(), citizen_id, f"ket_qua:{procedure_code}", f"Kết quả: {procedure_name}", dossier_id
    )
