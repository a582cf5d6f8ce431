from uuid import UUID

import asyncpg


async def insert_heartbeat(conn: asyncpg.Connection | asyncpg.Pool, heartbeat_id: UUID) -> asyncpg.Record:
    return await conn.fetchrow(
        "insert into heartbeats (id) values ($1) returning id, requested_at, processed_at, processed_by",
        heartbeat_id,
    )


async def mark_heartbeat_processed(
    conn: asyncpg.Connection | asyncpg.Pool, heartbeat_id: UUID, worker: str
) -> None:
    # Idempotent: a redelivered job keeps the first processing time.
    await conn.execute(
        "update heartbeats set processed_at = now(), processed_by = $2 where id = $1 and processed_at is null",
        heartbeat_id,
        worker,
    )


async def get_heartbeat(conn: asyncpg.Connection | asyncpg.Pool, heartbeat_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(
        "select id, requested_at, processed_at, processed_by from heartbeats where id = $1", heartbeat_id
    )
