"""The asyncpg pool: one per process, opened and closed with the app or worker."""

from __future__ import annotations

import asyncpg
import msgspec

from backend.settings import Settings


async def _init_connection(conn: asyncpg.Connection) -> None:
    # jsonb columns come back as Python objects and accept them on the way in.
    await conn.set_type_codec(
        "jsonb",
        schema="pg_catalog",
        encoder=lambda value: msgspec.json.encode(value).decode(),
        decoder=msgspec.json.decode,
        format="text",
    )


async def create_pool(settings: Settings) -> asyncpg.Pool:
    return await asyncpg.create_pool(
        settings.database_url,
        min_size=settings.db_pool_min,
        max_size=settings.db_pool_max,
        init=_init_connection,
        server_settings={"application_name": "motcua", "timezone": "UTC"},
    )
