"""Photographed pages: accept one page per request, keep the original, normalise it in the worker.

The upload is checked at once (the type is decided by decoding the bytes), so a person learns
straight away that a file is not a photo. The heavy work — orientation, metadata stripping,
resizing, compact encoding, thumbnail — runs in an arq job that is safe to run twice.
"""

from __future__ import annotations

import asyncio
import logging
import time
from uuid import UUID

import asyncpg
from arq.connections import ArqRedis

from backend.documents import imaging, queries
from backend.documents.schemas import WalletDocument, WalletPage
from backend.errors import Problem
from backend.i18n import Text, catalogue_text
from backend.ids import new_id
from backend.storage import ObjectStorage

log = logging.getLogger(__name__)

# A page still processing this long after its job was queued is queued again by the sweeper.
STUCK_AFTER_S = 120


def _keys(dossier_id: UUID, page_id: UUID) -> dict[str, str]:
    base = f"pages/{dossier_id}/{page_id}"
    return {"original": f"{base}/original", "image": f"{base}/page", "thumbnail": f"{base}/thumbnail"}


def page_job_id(page_id: UUID, attempt: str = "") -> str:
    return f"normalise-page:{page_id}{attempt}"


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
    """Store the original and queue its normalisation. A retried upload returns the first page."""
    existing = await queries.page(db, page_id)
    if existing is not None:
        if existing["dossier_id"] != dossier_id:
            raise Problem(
                409, "page_id_taken", Text("Mã ảnh đã được dùng", "Page id already used"),
                Text("Ứng dụng cần tạo mã mới cho trang ảnh này.", "The app needs to make a new id for this page."),
            )
        return existing
    if len(data) > imaging.MAX_UPLOAD_BYTES:
        raise imaging.upload_too_large()
    await asyncio.to_thread(imaging.inspect_upload, data)
    keys = _keys(dossier_id, page_id)
    await storage.put(keys["original"], data)
    row = await queries.insert_page(
        db,
        {
            "id": page_id, "dossier_id": dossier_id, "document_code": document_code, "position": position,
            "original_key": keys["original"], "original_bytes": len(data),
        },
    )
    if row is None:  # a concurrent retry won the insert
        return await queries.page(db, page_id)
    await redis.enqueue_job("normalise_page", page_id, _job_id=page_job_id(page_id))
    return row


async def normalise_page(db: asyncpg.Pool, storage: ObjectStorage, page_id: UUID) -> str:
    """The worker's job. Idempotent: a page already ready (or gone) is left alone."""
    page = await queries.page(db, page_id)
    if page is None or page["status"] == "ready":
        return "skipped"
    original = await storage.get(page["original_key"])
    try:
        result = await asyncio.to_thread(imaging.normalise_page, original)
    except Problem as problem:
        # Bad bytes are a verdict, not a crash: the person sees why and retakes the photo.
        await queries.mark_failed(db, page_id, problem.detail.vi)
        return "failed"
    keys = _keys(page["dossier_id"], page_id)
    await storage.put(keys["image"], result.image)
    await storage.put(keys["thumbnail"], result.thumbnail)
    await queries.mark_ready(
        db,
        page_id,
        {
            "image_key": keys["image"], "thumbnail_key": keys["thumbnail"], "media_type": result.media_type,
            "width": result.width, "height": result.height, "image_bytes": len(result.image),
        },
    )
    return "ready"


async def requeue_stuck_pages(db: asyncpg.Pool, redis: ArqRedis, limit: int = 100) -> int:
    """The sweeper: arq re-runs a killed job only after its timeout; this also catches lost enqueues."""
    page_ids = await queries.claim_stuck(db, STUCK_AFTER_S, limit)
    for page_id in page_ids:
        await redis.enqueue_job("normalise_page", page_id, _job_id=page_job_id(page_id, f":{int(time.time())}"))
    if page_ids:
        log.warning("re-queued %d page(s) stuck in processing", len(page_ids))
    return len(page_ids)


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
    for key in (page["original_key"], page["image_key"], page["thumbnail_key"]):
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


async def keep_result_in_wallet(
    conn: asyncpg.Connection, citizen_id: UUID, procedure_code: str, procedure_name: str, dossier_id: UUID
) -> None:
    """A resolved dossier's result goes to the person's wallet as 'ket_qua:<procedure code>'."""
    await queries.put_result_in_wallet(
        conn, new_id(), citizen_id, f"ket_qua:{procedure_code}", f"Kết quả: {procedure_name}", dossier_id
    )
