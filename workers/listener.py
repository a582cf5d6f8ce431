"""Wakes the workers when an outbox row commits (LISTEN motcua_outbox, see migrations/011), so a message
reaches its provider within a fraction of a second of the change instead of at the next sweep.

Every worker process listens; the fan-out job's id is the row's, so arq queues it once however many
processes heard. A listener that loses its connection reconnects with backoff; the sweeper covers the gap.
"""

from __future__ import annotations

import asyncio
import logging

import asyncpg
from arq.connections import ArqRedis

from backend.notifications.service import schedule_fan_out
from backend.outages import is_outage
from backend.settings import Settings

log = logging.getLogger("workers.listener")

CHANNEL = "motcua_outbox"


class OutboxListener:
    def __init__(self, settings: Settings, redis: ArqRedis) -> None:
        self.settings, self.redis = settings, redis
        self.pending: set[asyncio.Task] = set()
        self.lost = asyncio.Event()
        self.task: asyncio.Task | None = None

    @classmethod
    async def start(cls, settings: Settings, redis: ArqRedis) -> OutboxListener:
        listener = cls(settings, redis)
        listener.task = asyncio.create_task(listener._listen_forever())
        return listener

    async def stop(self) -> None:
        if self.task:
            self.task.cancel()
            await asyncio.gather(self.task, return_exceptions=True)
        await asyncio.gather(*self.pending, return_exceptions=True)

    async def _listen_forever(self) -> None:
        delay = 1.0
        while True:
            try:
                await self._listen_once()
                delay = 1.0
            except Exception as error:
                if not is_outage(error):
                    raise
                log.warning("outbox listener lost PostgreSQL (%s); listening again in %.0f s", error, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 30.0)

    async def _listen_once(self) -> None:
        conn = await asyncpg.connect(self.settings.database_url)
        self.lost.clear()
        try:
            conn.add_termination_listener(lambda _conn: self.lost.set())
            await conn.add_listener(CHANNEL, self._heard)
            await self.lost.wait()
        finally:
            if not conn.is_closed():
                await conn.close()

    def _heard(self, _conn: object, _pid: int, _channel: str, outbox_id: str) -> None:
        task = asyncio.create_task(self._queue(outbox_id))
        self.pending.add(task)
        task.add_done_callback(self.pending.discard)

    async def _queue(self, outbox_id: str) -> None:
        try:
            await schedule_fan_out(self.redis, outbox_id)
        except Exception as error:
            if not is_outage(error):
                raise
            log.warning("could not queue the fan-out of %s (%s); the sweeper will", outbox_id, error)
