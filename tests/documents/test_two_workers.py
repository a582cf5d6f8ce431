"""Two workers on one Redis: every page job runs once, and a cron tick is queued once whoever schedules it.

Two real arq workers (the wiring `python -m workers` runs, in burst mode) share one queue in this event loop;
arq claims a job for one worker with a Redis transaction, and the page job is idempotent on top of that."""

from __future__ import annotations

import asyncio
import io
from datetime import timedelta

import asyncpg
import msgspec
from arq.connections import ArqRedis, RedisSettings, create_pool
from arq.jobs import Job
from litestar.testing import AsyncTestClient
from PIL import Image

from backend import clock
from backend.documents import service as documents
from backend.ids import new_id
from backend.settings import Settings
from backend.storage import storage_for
from tests.support import BIRTH_REGISTRATION, SignedIn, new_draft
from workers.main import worker_options
from workers.worker import OutlastingWorker

PAGES = 1000


def _small_page() -> bytes:
    out = io.BytesIO()
    Image.effect_noise((300, 400), 30).convert("RGB").save(out, "WEBP", quality=60)
    return out.getvalue()


def _workers(settings: Settings, redis: ArqRedis, *, crons: bool = True) -> list[OutlastingWorker]:
    options = worker_options(settings) | {"burst": True, "poll_delay": 0.05, "redis_pool": redis}
    if not crons:  # so that every job a worker completes is a page's
        options["cron_jobs"] = []
    return [OutlastingWorker(**options) for _ in range(2)]


async def _run(workers: list[OutlastingWorker]) -> None:
    try:
        await asyncio.gather(*(worker.async_run() for worker in workers))
    finally:
        for worker in workers:
            await worker.close()


async def test_two_workers_normalise_each_of_1000_pages_exactly_once(
    client: AsyncTestClient, citizen: SignedIn, settings: Settings, db: asyncpg.Pool
) -> None:
    own = msgspec.structs.replace(settings, redis_prefix=f"{settings.redis_prefix}-two-workers")
    redis = await create_pool(RedisSettings.from_dsn(own.redis_url), default_queue_name=own.queue_name)
    storage = storage_for(own)
    dossier = await new_draft(client, citizen, BIRTH_REGISTRATION)
    photo = _small_page()
    page_ids = [new_id() for _ in range(PAGES)]
    for position, page_id in enumerate(page_ids):
        await documents.accept_page(
            db, redis, storage, dossier_id=dossier["id"], page_id=page_id, document_code="giay_chung_sinh",
            position=position, data=photo,
        )
        # The live worker other tests start shares this database: its sweeper takes pages left processing past a
        # job timeout (uploading 1,000 takes longer) and runs them on its own queue. Out of its sight, these are ours.
        await db.execute("update pages set enqueued_at = now() + interval '1 hour' where id = $1", page_id)
    # A retried upload or the sweeper asks again for every page: nothing is queued beside the first run.
    assert not any([await documents.queue_normalisation(redis, page_id) for page_id in page_ids])

    workers = _workers(own, redis, crons=False)
    await _run(workers)

    outcomes = [await Job(documents.page_job_id(p), redis, _queue_name=own.queue_name).result_info() for p in page_ids]
    await redis.aclose()
    assert all(w.jobs_complete > 0 for w in workers)  # both took jobs
    assert sum(w.jobs_complete for w in workers) == PAGES
    assert sum(w.jobs_failed + w.jobs_retried for w in workers) == 0
    assert [o.result for o in outcomes] == ["ready"] * PAGES  # none found its page already judged: each ran once
    assert {o.job_try for o in outcomes} == {1}
    statuses = await db.fetch("select status, count(*) from pages where id = any($1::uuid[]) group by status", page_ids)
    assert [(r["status"], r["count"]) for r in statuses] == [("ready", PAGES)]


async def test_a_cron_tick_scheduled_by_both_workers_runs_once(settings: Settings, db: asyncpg.Pool) -> None:
    own = msgspec.structs.replace(settings, redis_prefix=f"{settings.redis_prefix}-two-crons")
    redis = await create_pool(RedisSettings.from_dsn(own.redis_url), default_queue_name=own.queue_name)
    workers = _workers(own, redis)
    # A tick just past, so its job is due at once (a future tick would be deferred to its second).
    tick = clock.now().replace(microsecond=0) - timedelta(seconds=1)
    for worker in workers:
        for cron_job in worker.cron_jobs:
            # Only the overdue flagging falls due in this window; every other cron's next run is later.
            cron_job.next_run = tick if cron_job.name == "flag_overdue_dossiers" else tick + timedelta(hours=1)
        await worker.run_cron(tick, delay=1)
    queued = [job_id.decode() for job_id in await redis.zrange(own.queue_name, 0, -1)]
    assert queued == [f"flag_overdue_dossiers:{int(tick.timestamp() * 1000)}"]

    await _run(workers)
    await redis.aclose()
    assert sum(w.jobs_complete for w in workers) == 1
    assert sum(w.jobs_failed for w in workers) == 0
