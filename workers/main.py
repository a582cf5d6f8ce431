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

from arq import func
from arq.connections import RedisSettings

from backend.db import create_pool
from backend.observability import configure_logging
from backend.settings import Settings
from workers import tasks

log = logging.getLogger("workers")


async def startup(ctx: dict[str, Any]) -> None:
    settings: Settings = ctx["settings"]
    configure_logging(settings.log_level)
    ctx["db"] = await create_pool(settings)
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
        "functions": [func(tasks.heartbeat, name="heartbeat", timeout=10, max_tries=5)],
        "on_startup": on_startup,
        "on_shutdown": shutdown,
        "queue_name": settings.queue_name,
        "redis_settings": RedisSettings.from_dsn(settings.redis_url),
        "job_timeout": 30,
        "keep_result": 3600,
        "health_check_key": f"{settings.queue_name}:health-check",
    }
