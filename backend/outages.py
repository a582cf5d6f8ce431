"""PostgreSQL or Redis briefly away: a restart, a failover, a dropped connection.

One definition for the API (which answers 503 with Retry-After, see backend/errors.py) and the
worker (which retries the job later and keeps polling, see workers/retry.py), so both agree on
what "try again shortly" means.
"""

from __future__ import annotations

import dataclasses
import socket

import asyncpg
from arq.connections import RedisSettings
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.exceptions import WatchError

# What a 503 tells the client to wait, in seconds: a PostgreSQL or Redis restart takes a few.
RETRY_AFTER_S = 5

_OUTAGES = (
    asyncpg.PostgresConnectionError,  # SQLSTATE class 08: the connection failed or was dropped mid-query
    asyncpg.CannotConnectNowError,  # 57P03: the server is starting up or shutting down
    asyncpg.AdminShutdownError,  # 57P01: a restart ended our session
    asyncpg.CrashShutdownError,  # 57P02
    asyncpg.TooManyConnectionsError,  # 53300
    RedisConnectionError,  # also BusyLoadingError: Redis reloading its data after a restart
    RedisTimeoutError,
    # What redis-py raises when the connection dies inside a WATCHed transaction (arq's enqueue and job
    # claim); arq handles the WatchErrors of real conflicts itself, so one that escapes is an outage.
    WatchError,
    ConnectionError,  # refused, reset, aborted, broken pipe
    TimeoutError,  # connect and pool-acquire timeouts (asyncio.TimeoutError is this class)
    socket.gaierror,  # the server's name does not resolve right now
)


def is_outage(exc: BaseException) -> bool:
    # asyncio reports failed attempts on several addresses (localhost: ::1, then 127.0.0.1) as a bare OSError.
    return isinstance(exc, _OUTAGES) or type(exc) is OSError


def redis_settings(url: str) -> RedisSettings:
    """Redis connection settings for API and worker: a command that meets a connection Redis dropped
    (it restarted since the connection was pooled) is sent again once on a fresh connection."""
    return dataclasses.replace(RedisSettings.from_dsn(url), retry_on_error=[RedisConnectionError])
