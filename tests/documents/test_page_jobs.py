"""The page job survives a killed worker, and the sweeper re-queues pages left behind."""

from __future__ import annotations

import asyncio
import signal
import sys

import asyncpg
import msgspec
from arq.connections import RedisSettings, create_pool
from arq.constants import job_key_prefix
from litestar.testing import AsyncTestClient

from backend.documents.service import page_job_id, sweep_seconds
from backend.settings import ROOT, Settings
from tests.support import (
    BIRTH_REGISTRATION, SignedIn, document_photo, live_env, new_draft, run_worker_until_idle, upload,
)
from workers import tasks

_WAIT_S = 30


_BLOCKED_JOB = """
    select pid from pg_stat_activity
    where wait_event_type = 'Lock' and query like '%update pages set status = ''ready''%' and pid <> pg_backend_pid()
"""


async def _wait_for_blocked_update(db: asyncpg.Pool) -> None:
    """Until a backend waits on our row lock, trying to mark the page ready (i.e. mid-job)."""
    for _ in range(_WAIT_S * 20):
        if await db.fetch(_BLOCKED_JOB):
            return
        await asyncio.sleep(0.05)  # polling for a state, not timing a behaviour
    raise AssertionError("the worker never reached the page update")


async def test_a_worker_killed_mid_job_leaves_the_page_ready_after_the_retry(
    client: AsyncTestClient, citizen: SignedIn, settings: Settings, db: asyncpg.Pool
) -> None:
    # A queue of its own and a 10-second job timeout (room for the decoder's fork server to start on a
    # busy machine): arq re-runs a killed job after timeout + 10 s.
    fast = msgspec.structs.replace(settings, redis_prefix=f"{settings.redis_prefix}-kill", page_job_timeout_s=10)
    dossier = await new_draft(client, citizen, BIRTH_REGISTRATION)
    page = (await upload(client, citizen, dossier["id"], "giay_chung_sinh", document_photo(900, 1200))).json()
    # The page's job moves to that queue (where the fast worker's sweeper sees it queued or under way).
    job_id = page_job_id(page["id"])
    main = await create_pool(RedisSettings.from_dsn(settings.redis_url), default_queue_name=settings.queue_name)
    assert await main.zrem(settings.queue_name, job_id) == 1 and await main.delete(job_key_prefix + job_id) == 1
    await main.aclose()
    redis = await create_pool(RedisSettings.from_dsn(fast.redis_url), default_queue_name=fast.queue_name)
    job = await redis.enqueue_job("normalise_page", page["id"], _job_id=job_id)

    async with db.acquire() as blocker:
        lock = blocker.transaction()
        await lock.start()
        await blocker.execute("select 1 from pages where id = $1 for update", page["id"])
        worker = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "arq", "workers.settings.WorkerSettings", cwd=ROOT,
            env=live_env(fast, REDIS_PREFIX=fast.redis_prefix, PAGE_JOB_TIMEOUT_S="10"),
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )
        try:
            await _wait_for_blocked_update(db)
        finally:
            worker.send_signal(signal.SIGKILL)
            await worker.wait()
            # A killed machine takes its database connection with it; here PostgreSQL must be told.
            await db.execute(f"select pg_terminate_backend(pid) from ({_BLOCKED_JOB}) blocked")
            await lock.rollback()

    assert await db.fetchval("select status from pages where id = $1", page["id"]) == "processing"
    await run_worker_until_idle(fast)
    outcome = await job.result_info()
    await redis.aclose()
    assert outcome.success and outcome.result == "ready"
    assert outcome.job_try == 2  # the killed run was the first try
    row = await db.fetchrow("select status, image_key, width from pages where id = $1", page["id"])
    assert row["status"] == "ready" and row["image_key"] and row["width"] == 900


async def test_the_sweeper_requeues_pages_stuck_in_processing(
    client: AsyncTestClient, citizen: SignedIn, settings: Settings, db: asyncpg.Pool
) -> None:
    dossier = await new_draft(client, citizen, BIRTH_REGISTRATION)
    page = (await upload(client, citizen, dossier["id"], "giay_chung_sinh", document_photo(600, 800))).json()
    # As if its job had been lost (Redis flushed, enqueue failed): nothing is queued for it any more.
    redis = await create_pool(RedisSettings.from_dsn(settings.redis_url), default_queue_name=settings.queue_name)
    try:
        await redis.delete(settings.queue_name)
        await db.execute("update pages set enqueued_at = now() - interval '10 minutes' where id = $1", page["id"])
        assert await tasks.sweep_stuck_pages({"db": db, "redis": redis, "settings": settings}) >= 1
        # Seen again a moment later, it has its run waiting: the sweeper queues no second one.
        await db.execute("update pages set enqueued_at = now() - interval '10 minutes' where id = $1", page["id"])
        assert await tasks.sweep_stuck_pages({"db": db, "redis": redis, "settings": settings}) == 0
    finally:
        await redis.aclose()
    await run_worker_until_idle(settings)
    assert await db.fetchval("select status from pages where id = $1", page["id"]) == "ready"


def test_the_sweeper_runs_about_once_per_job_timeout() -> None:
    assert sweep_seconds(20) == {0, 20, 40}
    assert sweep_seconds(2) == set(range(0, 60, 2))
    assert sweep_seconds(7) == set(range(0, 60, 6))
    assert sweep_seconds(300) == {0}
