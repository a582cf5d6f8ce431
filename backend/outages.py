"""PostgreSQL, Redis or the object store briefly away: a restart, a failover, a dropped connection.

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

from backend.storage import StorageUnavailable

# What a 503 tells the client to wait, in seconds: a PostgreSQL or Redis restart takes a few.
RETRY_AFTER_S = 5

_OUTAGES = (
    asyncpg.PostgresConnectionError,  # SQLSTATE class 08: the connection failed or was dropped mid-query
    asyncpg.CannotConnectNowError,  # 57P03: the server is starting up or shutting down
    asyncpg.AdminShutdownError,  # 57P01: a restart ended our session
    asyncpg.CrashShutdownError,  # 57P02
    asyncpg.TooManyConnectionsError,  # 53300
    # asyncpg's state when a restart's "terminating connection" arrives on a pooled connection just as it is
    # used ("cannot switch to state …; another operation is in progress"): that connection is gone.
    asyncpg.InternalClientError,
    RedisConnectionError,  # also BusyLoadingError: Redis reloading its data after a restart
    RedisTimeoutError,
    # What redis-py raises when the connection dies inside a WATCHed transaction (arq's enqueue and job
    # claim); arq handles the WatchErrors of real conflicts itself, so one that escapes is an outage.
    WatchError,
    ConnectionError,  # refused, reset, aborted, broken pipe
    TimeoutError,  # connect and pool-acquire timeouts (asyncio.TimeoutError is this class)
    socket.gaierror,  # the server's name does not resolve right now
    StorageUnavailable,  # the object store, after its client's own retries (backend/storage.py)
)
_CHAIN_DEPTH = 5  # links of __cause__ / __context__ followed


def is_outage(exc: BaseException) -> bool:
    """True for an outage, or for an error raised while handling one (asyncpg, closing a transaction on a
    connection that a restart dropped, raises "the underlying connection is closed" from the drop)."""
    seen: BaseException | None = exc
    for _ in range(_CHAIN_DEPTH):
        if seen is None:
            return False
        # asyncio reports failed attempts on several addresses (localhost: ::1, 127.0.0.1) as a bare OSError.
        if isinstance(seen, _OUTAGES) or type(seen) is OSError:
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def redis_settings(url: str) -> RedisSettings:
    """Redis connection settings for API and worker: a command that meets a connection Redis dropped
    (it restarted since the connection was pooled) is sent again once on a fresh connection."""
    return dataclasses.replace(RedisSettings.from_dsn(url), retry_on_error=[RedisConnectionError])
