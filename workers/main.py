"""The arq worker's wiring; `python -m workers` runs it.

Jobs are plain functions that call backend services; arq delivers at least once, so every
job is idempotent. A job whose worker died is re-run only after the longest job timeout here
+ 10 s (arq holds each job's in-progress mark that long), so timeouts stay small: with the
defaults the longest is the page job's 20 s, and a killed job runs again after 30 s.
"""

from __future__ import annotations

import logging
import os
import socket
from typing import Any

from arq import cron, func

from backend.db import create_pool
from backend.delivery.postal import open_postal
from backend.documents.service import sweep_seconds
from backend.notifications.carriers import open_carriers
from backend.payments.gateways import open_gateways
from backend.observability import configure_logging
from backend.outages import redis_settings
from backend.settings import Settings
from backend.storage import storage_for
from workers import tasks
from workers.listener import OutboxListener
from workers.retry import retried_after_outages, until_reachable
from workers.worker import OutlastingWorker

log = logging.getLogger("workers")

# Every other job gets at most 20 s: the longest timeout of all sets how long any killed job waits, and it
# should be the page job's (30 s with the defaults, as documented).
_SHORT_JOB_TIMEOUT_S = 10
_SWEEP_TIMEOUT_S = 20


async def startup(ctx: dict[str, Any]) -> None:
    settings: Settings = ctx["settings"]
    configure_logging(settings.log_level)
    ctx["db"] = await until_reachable("PostgreSQL", lambda: create_pool(settings))
    ctx["storage"] = storage_for(settings)
    ctx["carriers"] = open_carriers(settings)
    ctx["gateways"] = open_gateways(settings)
    ctx["postal"] = open_postal(settings)
    ctx["outbox_listener"] = await OutboxListener.start(settings, ctx["redis"])
    ctx["worker_name"] = f"{socket.gethostname()}:{os.getpid()}"
    log.info("worker started on queue %s", settings.queue_name)


async def shutdown(ctx: dict[str, Any]) -> None:
    await ctx["outbox_listener"].stop()
    await ctx["carriers"].aclose()
    await ctx["gateways"].aclose()
    await ctx["postal"].aclose()
    await ctx["db"].close()


def worker_options(settings: Settings) -> dict[str, Any]:
    """Everything arq needs; shared by `python -m workers` and the tests."""

    async def on_startup(ctx: dict[str, Any]) -> None:
        ctx["settings"] = settings
        await startup(ctx)

    return {
        "functions": [
            func(retried_after_outages(tasks.heartbeat), name="heartbeat", timeout=_SHORT_JOB_TIMEOUT_S, max_tries=5),
            # A 12-MP photo takes well under a second. Five tries: outage retries wait 1, 2, 4 and 8 s, which
            # outlasts a PostgreSQL restart; longer outages are left to the sweeper.
            func(
                retried_after_outages(tasks.normalise_page), name="normalise_page",
                timeout=settings.page_job_timeout_s, max_tries=5,
            ),
            # Hand-offs wait 1, 2, 4 … 60 s between tries: twelve tries cover about seven minutes of a
            # provider's outage; after that the sweeper starts a fresh job.
            func(retried_after_outages(tasks.fan_out), name="fan_out", timeout=_SHORT_JOB_TIMEOUT_S, max_tries=5),
            func(
                retried_after_outages(tasks.send_message), name="send_message", timeout=_SHORT_JOB_TIMEOUT_S,
                max_tries=12,
            ),
        ],
        "cron_jobs": [
            # About once per page-job timeout, the time a stuck page may wait (see documents.service).
            cron(
                retried_after_outages(tasks.sweep_stuck_pages), name="sweep_stuck_pages",
                second=sweep_seconds(settings.page_job_timeout_s), timeout=settings.page_job_timeout_s,
            ),
            cron(
                retried_after_outages(tasks.forget_expired_idempotency_keys), name="forget_idempotency_keys",
                minute=17, second=0, timeout=_SHORT_JOB_TIMEOUT_S,
            ),
            # Outbox rows that missed their wake-up, messages whose job was lost, and what quiet hours held.
            cron(
                retried_after_outages(tasks.sweep_notifications), name="sweep_notifications",
                second=set(range(5, 60, 10)), timeout=_SWEEP_TIMEOUT_S,
            ),
            # VNPay payments it has not told us of: asked about after 15 minutes, expired after 90.
            cron(
                retried_after_outages(tasks.reconcile_payments), name="reconcile_payments", second=15,
                timeout=_SWEEP_TIMEOUT_S,
            ),
            # Paid dossiers that ended without a result are owed their money back.
            cron(
                retried_after_outages(tasks.open_refunds), name="open_refunds", second=45, timeout=_SHORT_JOB_TIMEOUT_S,
            ),
            # At each DELIVERY_BATCH_TIMES slot, one hand-over batch per desk (idempotent per desk and slot; a minute
            # late at worst).
            cron(
                retried_after_outages(tasks.close_delivery_batches), name="close_delivery_batches", second=50,
                timeout=_SWEEP_TIMEOUT_S,
            ),
            # Orders with the postal operator for shipments it has none for (nothing to do for the in-app couriers). A run
            # cut short by its timeout is safe: VNPost answers an order code sent again with the order already made.
            cron(
                retried_after_outages(tasks.register_carrier_orders), name="register_carrier_orders", second=25,
                timeout=_SWEEP_TIMEOUT_S,
            ),
            # Dossiers past their due date get the overdue flag (idempotent); every 10 minutes is plenty.
            cron(
                retried_after_outages(tasks.flag_overdue_dossiers), name="flag_overdue_dossiers",
                minute=set(range(3, 60, 10)), second=30, timeout=_SWEEP_TIMEOUT_S,
            ),
            # The public dashboard's summary: its recent days recounted (stats.service), every 10 minutes; the
            # dashboard's answers are cached 5 minutes.
            cron(
                retried_after_outages(tasks.refresh_dashboard), name="refresh_dashboard",
                minute=set(range(7, 60, 10)), second=0, timeout=_SWEEP_TIMEOUT_S,
            ),
        ],
        "on_startup": on_startup,
        "on_shutdown": shutdown,
        "queue_name": settings.queue_name,
        "redis_settings": redis_settings(settings.redis_url),
        "job_timeout": _SHORT_JOB_TIMEOUT_S,
        "keep_result": 3600,
        # arq starts at most max_jobs jobs per poll and then sleeps until the next one, so with its default
        # 0.5 s a worker ran 20 short jobs a second whatever its CPU could do, and a job queued just after a
        # poll waited half a second (bench/notifications.py). An idle poll is one ZRANGEBYSCORE.
        "poll_delay": 0.05,
        # `arq --check workers.settings.WorkerSettings` (a liveness probe) passes while a worker wrote this key
        # within the last minute.
        "health_check_key": f"{settings.queue_name}:health-check",
        "health_check_interval": 60,
    }


def run() -> None:
    settings = Settings.from_env()
    configure_logging(settings.log_level)
    worker = OutlastingWorker(**worker_options(settings))
    log.info("a killed job is re-run after %d s", worker.in_progress_timeout_s)
    worker.run()
