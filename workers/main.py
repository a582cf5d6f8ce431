"""The arq worker's wiring; `arq workers.settings.WorkerSettings` runs it.

Jobs are plain functions that call backend services; arq delivers at least once, so every
job is idempotent, and timeouts stay small because a killed job is re-run only after
its timeout + 10 s.
"""

from __future__ import annotations

import logging
import os
import socket
from typing import Any

from arq import cron, func
from arq.connections import RedisSettings

from backend.db import create_pool
from backend.documents.service import sweep_seconds
from backend.observability import configure_logging
from backend.settings import Settings
from backend.storage import storage_for
from workers import tasks

log = logging.getLogger("workers")


async def startup(ctx: dict[str, Any]) -> None:
    settings: Settings = ctx["settings"]
    configure_logging(settings.log_level)
    ctx["db"] = await create_pool(settings)
    ctx["storage"] = storage_for(settings.storage_dir)
    ctx["worker_name"] = f"{socket.gethostname()}:{os.getpid()}"
    log.info("worker started on queue %s", settings.queue_name)


async def shutdown(ctx: dict[str, Any]) -> None:
    await ctx["db"].close()


def worker_options(settings: Settings) -> dict[str, Any]:
    """Everything arq needs; shared by the CLI entry point and the tests."""

    async def on_startup(ctx: dict[str, Any]) -> None:
        ctx["settings"] = settings
        await startup(ctx)

    return {
        "functions": [
            func(tasks.heartbeat, name="heartbeat", timeout=10, max_tries=5),
            # A 12-MP photo takes well under a second; a killed job is re-run after its timeout + 10 s.
            func(tasks.normalise_page, name="normalise_page", timeout=settings.page_job_timeout_s, max_tries=3),
        ],
        "cron_jobs": [
            # About once per page-job timeout, the time a stuck page may wait (see documents.service).
            cron(
                tasks.sweep_stuck_pages, name="sweep_stuck_pages",
                second=sweep_seconds(settings.page_job_timeout_s), timeout=settings.page_job_timeout_s,
            ),
            cron(tasks.forget_expired_idempotency_keys, name="forget_idempotency_keys", minute=17, second=0, timeout=10),
            # Dossiers past their due date get the overdue flag (idempotent); every 10 minutes is plenty.
            cron(tasks.flag_overdue_dossiers, name="flag_overdue_dossiers", minute=set(range(3, 60, 10)), second=30, timeout=30),
        ],
        "on_startup": on_startup,
        "on_shutdown": shutdown,
        "queue_name": settings.queue_name,
        "redis_settings": RedisSettings.from_dsn(settings.redis_url),
        "job_timeout": 10,
        "keep_result": 3600,
        "health_check_key": f"{settings.queue_name}:health-check",
    }
