"""Waiting out PostgreSQL and Redis outages: exponential backoff, for jobs and for connections.

arq re-runs a job only when it is killed or raises `Retry`; any other exception fails it for good.
A job that failed because a server was briefly away (see backend/outages.py) is therefore turned
into `Retry(defer=…)`, so it runs again once the server is likely back instead of waiting for the
sweeper. Jobs are idempotent, so running one again is always safe.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import random
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from arq import Retry

from backend.outages import is_outage

log = logging.getLogger("workers")

T = TypeVar("T")
Job = Callable[..., Awaitable[Any]]

_FIRST_DELAY_S = 0.5
_LONGEST_DELAY_S = 8.0


def backoff_s(attempt: int) -> float:
    """Delay before retry number `attempt` (0-based): 0.5, 1, 2, 4, 8, 8… seconds, less up to a quarter
    at random so that many waiting workers do not all come back at the same instant."""
    delay = min(_LONGEST_DELAY_S, _FIRST_DELAY_S * 2**attempt)
    return delay * random.uniform(0.75, 1.0)


def retried_after_outages(job: Job) -> Job:
    """The job, raising `Retry` with backoff when PostgreSQL or Redis was unreachable."""

    @functools.wraps(job)
    async def run(ctx: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return await job(ctx, *args, **kwargs)
        except Exception as exc:
            if not is_outage(exc):
                raise
            delay = backoff_s(ctx["job_try"])
            log.warning("%s: a server is unreachable (%r); trying again in %.1f s", job.__name__, exc, delay)
            raise Retry(defer=delay) from exc

    return run


async def until_reachable(what: str, connect: Callable[[], Awaitable[T]]) -> T:
    """`connect()` once the server answers, however long that takes; each failure is logged."""
    attempt = 0
    while True:
        try:
            return await connect()
        except Exception as exc:
            if not is_outage(exc):
                raise
            delay = backoff_s(attempt)
            log.warning("%s is unreachable (%r); connecting again in %.1f s", what, exc, delay)
            await asyncio.sleep(delay)
            attempt += 1
