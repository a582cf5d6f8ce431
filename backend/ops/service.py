"""Liveness, readiness and the heartbeat round trip."""

from __future__ import annotations

import asyncio
import logging
from uuid import UUID

import asyncpg
from arq.connections import ArqRedis
from redis.exceptions import RedisError

from backend import migrate
from backend.errors import Problem
from backend.i18n import Text
from backend.ids import new_id
from backend.ops import queries
from backend.ops.schemas import Heartbeat, Readiness

log = logging.getLogger(__name__)

_CHECK_TIMEOUT_S = 2.0


async def readiness(db: asyncpg.Pool, redis: ArqRedis) -> Readiness:
    database, pending = False, ["?"]
    try:
        async with asyncio.timeout(_CHECK_TIMEOUT_S), db.acquire() as conn:
            pending = await migrate.pending(conn)
            database = True
    except (OSError, asyncpg.PostgresError, TimeoutError, migrate.MigrationError) as exc:
        log.warning("readiness: database check failed: %s", exc)
    try:
        async with asyncio.timeout(_CHECK_TIMEOUT_S):
            redis_ok = bool(await redis.ping())
    except (OSError, TimeoutError, RedisError) as exc:
        log.warning("readiness: redis check failed: %s", exc)
        redis_ok = False
    migrations_ok = database and not pending
    return Readiness(
        status="ready" if database and redis_ok and migrations_ok else "not_ready",
        database=database,
        redis=redis_ok,
        migrations=migrations_ok,
        pending_migrations=pending if database else [],
    )


async def request_heartbeat(db: asyncpg.Pool, redis: ArqRedis, queue_name: str) -> Heartbeat:
    row = await queries.insert_heartbeat(db, new_id())
    await redis.enqueue_job("heartbeat", row["id"], _job_id=f"heartbeat:{row['id']}", _queue_name=queue_name)
    return Heartbeat(**dict(row))


async def record_heartbeat(db: asyncpg.Pool, heartbeat_id: UUID, worker: str) -> None:
    await queries.mark_heartbeat_processed(db, heartbeat_id, worker)


async def get_heartbeat(db: asyncpg.Pool, heartbeat_id: UUID) -> Heartbeat:
    row = await queries.get_heartbeat(db, heartbeat_id)
    if row is None:
        raise Problem(
            404, "heartbeat_not_found", Text("Không tìm thấy", "Not found"),
            Text("Không có nhịp kiểm tra nào với mã này.", "No heartbeat has this id."),
        )
    return Heartbeat(**dict(row))
