"""arq's Worker, made to outlast Redis and PostgreSQL restarts.

arq 0.28 exits on the first Redis error of its polling loop (`Worker.main` → `_poll_iteration`
lets `redis.exceptions.ConnectionError` through), gives up connecting at start after
`conn_retries`, and leaks a job slot when Redis fails while it claims a job (`start_jobs` counts
the job before asking Redis and gives the slot back only on the paths it expects; after `max_jobs`
such failures it would never take a job again). This subclass waits out each of those with backoff
and carries on; everything else is arq's.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging

from arq.connections import ArqRedis, create_pool
from arq.constants import in_progress_key_prefix
from arq.utils import timestamp_ms
from arq.worker import Worker
from redis.exceptions import ResponseError, WatchError

from backend.outages import is_outage
from workers.retry import backoff_s, until_reachable

log = logging.getLogger("workers")


class OutlastingWorker(Worker):
    _failed_polls = 0

    async def main(self) -> None:
        if self._pool is None:
            self._pool = await until_reachable("Redis", self._connect)
        await super().main()

    async def _connect(self) -> ArqRedis:
        return await create_pool(
            dataclasses.replace(self.redis_settings, conn_retries=0),  # until_reachable does the retrying
            job_deserializer=self.job_deserializer,
            job_serializer=self.job_serializer,
            default_queue_name=self.queue_name,
            expires_extra_ms=self.expires_extra_ms,
        )

    async def _poll_iteration(self) -> None:
        try:
            await super()._poll_iteration()
        except Exception as exc:
            if not is_outage(exc):
                raise
            delay = backoff_s(self._failed_polls)
            log.warning("Redis is unreachable (%r); polling again in %.1f s", exc, delay)
            self._failed_polls += 1
            await asyncio.sleep(delay)
            return
        if self._failed_polls:
            log.warning("Redis is reachable again after %d failed polls", self._failed_polls)
            self._failed_polls = 0

    async def start_jobs(self, job_ids: list[bytes]) -> None:
        """arq's own, except that the slot taken for a job is given back whatever happens while claiming it."""
        for job_id in job_ids:
            await self.sem.acquire()
            if self.job_counter >= self.max_jobs:
                self.sem.release()
                return
            self.job_counter += 1
            started = False
            try:
                started = await self._claim_and_start(job_id.decode())
            finally:
                if not started:
                    self._release_sem_dec_counter_on_complete()

    async def _claim_and_start(self, job_id: str) -> bool:
        """Mark the job in progress unless another worker has it or it is not due yet, then run it."""
        in_progress_key = in_progress_key_prefix + job_id
        async with self.pool.pipeline(transaction=True) as pipe:
            await pipe.watch(in_progress_key)
            ongoing = await pipe.exists(in_progress_key)
            score = await pipe.zscore(self.queue_name, job_id)
            if ongoing or not score or score > timestamp_ms():
                return False
            pipe.multi()
            pipe.psetex(in_progress_key, int(self.in_progress_timeout_s * 1000), b"1")
            try:
                await pipe.execute()
            except (ResponseError, WatchError):  # another worker claimed it in between
                return False
        task = self.loop.create_task(self.run_job(job_id, int(score)))
        task.add_done_callback(lambda _: self._release_sem_dec_counter_on_complete())
        self.tasks[job_id] = task
        return True
