"""Job functions. Each one calls a backend service; rules never live here."""

from __future__ import annotations

import asyncio
from typing import Any
from uuid import UUID

from arq import Retry

from backend import idempotency
from backend.delivery import service as delivery
from backend.documents import service as documents
from backend.documents.decoder import DecoderBusy
from backend.notifications import service as notifications
from backend.ops import service as ops_service
from backend.payments import service as payments
from backend.processing import moves
from backend.stats import service as stats


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


async def fan_out(ctx: dict[str, Any], outbox_id: UUID) -> int:
    """An outbox row's messages, made and handed off at once; a failed hand-off gets its own retrying job."""
    message_ids = await notifications.fan_out(ctx["db"], ctx["settings"], outbox_id)
    waits = await asyncio.gather(*(_deliver(ctx, message_id) for message_id in message_ids))
    for message_id, wait in zip(message_ids, waits, strict=True):
        if wait is not None:
            await notifications.schedule_send(ctx["redis"], message_id, wait)
    return len(message_ids)


async def send_message(ctx: dict[str, Any], message_id: UUID) -> None:
    wait = await _deliver(ctx, message_id)
    if wait is not None:
        raise Retry(defer=wait)


async def _deliver(ctx: dict[str, Any], message_id: UUID) -> float | None:
    return await notifications.deliver(ctx["db"], ctx["carriers"], ctx["settings"], message_id)


async def sweep_notifications(ctx: dict[str, Any]) -> int:
    return await notifications.sweep(ctx["db"], ctx["redis"])


async def open_refunds(ctx: dict[str, Any]) -> int:
    return await payments.open_refunds(ctx["db"])


async def reconcile_payments(ctx: dict[str, Any]) -> int:
    return await payments.reconcile(ctx["db"], ctx["gateways"])


async def close_delivery_batches(ctx: dict[str, Any]) -> int:
    return await delivery.close_batches(ctx["db"], ctx["settings"])


async def refresh_dashboard(ctx: dict[str, Any]) -> None:
    await stats.refresh_recent_days(ctx["db"])


async def register_carrier_orders(ctx: dict[str, Any]) -> int:
    carrier = ctx["postal"].carrier
    return await delivery.register_carrier_orders(ctx["db"], ctx["settings"], carrier) if carrier else 0
