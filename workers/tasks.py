"""Job functions. Each one calls a backend service; rules never live here."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from arq import Retry

from backend import idempotency
from backend.documents import service as documents
from backend.documents.decoder import DecoderBusy
from backend.ops import service as ops_service
from backend.processing import moves


async def heartbeat(ctx: dict[str, Any], heartbeat_id: UUID) -> None:
    await ops_service.record_heartbeat(ctx["db"], heartbeat_id, ctx["worker_name"])


async def normalise_page(ctx: dict[str, Any], page_id: UUID) -> str:
    timeout_s = ctx["settings"].page_job_timeout_s
    try:
        return await documents.normalise_page(ctx["db"], ctx["storage"], page_id, timeout_s)
    except DecoderBusy:
        # This worker's decode slots are taken by other pages: back to the queue, for it or another.
        raise Retry(defer=timeout_s / 10) from None


async def sweep_stuck_pages(ctx: dict[str, Any]) -> int:
    return await documents.requeue_stuck_pages(ctx["db"], ctx["redis"], ctx["settings"].page_job_timeout_s)


async def forget_expired_idempotency_keys(ctx: dict[str, Any]) -> int:
    return await idempotency.forget_expired(ctx["db"])


async def flag_overdue_dossiers(ctx: dict[str, Any]) -> int:
    return await moves.flag_overdue(ctx["db"])
