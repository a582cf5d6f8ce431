"""SQL for photographed pages and the wallet."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg

Conn = asyncpg.Connection | asyncpg.Pool


async def page(conn: Conn, page_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow("select * from pages where id = $1", page_id)


async def pages_of(conn: Conn, dossier_id: UUID) -> list[asyncpg.Record]:
    return await conn.fetch(
        "select * from pages where dossier_id = $1 order by document_code, position, created_at", dossier_id
    )


async def insert_page(conn: Conn, values: dict[str, Any]) -> asyncpg.Record | None:
    """None when a page with this id already exists (a retried upload)."""
    return await conn.fetchrow(
        """
        insert into pages (id, dossier_id, document_code, position, status, original_key, original_bytes)
        values ($1, $2, $3, $4, 'processing', $5, $6)
        on conflict (id) do nothing returning *
        """,
        values["id"], values["dossier_id"], values["document_code"], values["position"],
        values["original_key"], values["original_bytes"],
    )


async def mark_ready(conn: Conn, page_id: UUID, values: dict[str, Any]) -> None:
    await conn.execute(
        """
        update pages set status = 'ready', image_key = $2, thumbnail_key = $3, media_type = $4, width = $5,
                         height = $6, image_bytes = $7, failure = null, processed_at = now()
        where id = $1
        """,
        page_id, values["image_key"], values["thumbnail_key"], values["media_type"], values["width"],
        values["height"], values["image_bytes"],
    )


async def mark_failed(conn: Conn, page_id: UUID, failure: str) -> None:
    await conn.execute(
        "update pages set status = 'failed', failure = $2, processed_at = now() where id = $1", page_id, failure
    )


async def delete_page(conn: Conn, page_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow("delete from pages where id = $1 returning *", page_id)


async def reorder(conn: asyncpg.Connection, dossier_id: UUID, document_code: str, page_ids: list[UUID]) -> int:
    status = await conn.execute(
        """
        update pages p set position = o.position - 1
        from unnest($3::uuid[]) with ordinality as o(id, position)
        where p.id = o.id and p.dossier_id = $1 and p.document_code = $2
        """,
        dossier_id, document_code, page_ids,
    )
    return int(status.split()[-1])


async def claim_stuck(conn: Conn, older_than_s: int, limit: int) -> list[UUID]:
    """Pages still processing long after their job was queued: queue them again."""
    rows = await conn.fetch(
        """
        update pages set enqueued_at = now()
        where id in (
            select id from pages where status = 'processing' and enqueued_at < now() - make_interval(secs => $1)
            order by enqueued_at limit $2 for update skip locked
        )
        returning id
        """,
        older_than_s, limit,
    )
    return [row["id"] for row in rows]


async def wallet_documents(conn: Conn, citizen_id: UUID) -> list[asyncpg.Record]:
    return await conn.fetch(
        """
        select w.id, w.document_type, w.title, w.page_ids, w.created_at, d.code as source_dossier_code
        from wallet_documents w left join dossiers d on d.id = w.source_dossier_id
        where w.citizen_id = $1 order by w.created_at desc, w.id desc
        """,
        citizen_id,
    )


async def wallet_document(conn: Conn, wallet_document_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow("select * from wallet_documents where id = $1", wallet_document_id)


async def wallet_reuses(conn: Conn, dossier_id: UUID) -> list[asyncpg.Record]:
    return await conn.fetch(
        "select document_code, wallet_document_id from dossier_wallet_reuses where dossier_id = $1", dossier_id
    )


async def set_reuse(conn: Conn, dossier_id: UUID, document_code: str, wallet_document_id: UUID) -> None:
    await conn.execute(
        """
        insert into dossier_wallet_reuses (dossier_id, document_code, wallet_document_id) values ($1, $2, $3)
        on conflict (dossier_id, document_code) do update set wallet_document_id = excluded.wallet_document_id
        """,
        dossier_id, document_code, wallet_document_id,
    )


async def clear_reuse(conn: Conn, dossier_id: UUID, document_code: str) -> None:
    await conn.execute(
        "delete from dossier_wallet_reuses where dossier_id = $1 and document_code = $2", dossier_id, document_code
    )


async def record_wallet_documents(
    conn: Conn, citizen_id: UUID, dossier_id: UUID, entries: list[tuple[UUID, str, str, list[UUID]]]
) -> None:
    await conn.executemany(
        """
        insert into wallet_documents (id, citizen_id, document_type, title, source_dossier_id, page_ids)
        values ($1, $2, $3, $4, $5, $6)
        on conflict (citizen_id, document_type, source_dossier_id) do update set page_ids = excluded.page_ids
        """,
        [(entry_id, citizen_id, kind, title, dossier_id, page_ids) for entry_id, kind, title, page_ids in entries],
    )


async def put_result_in_wallet(
    conn: Conn, wallet_id: UUID, citizen_id: UUID, document_type: str, title: str, dossier_id: UUID
) -> None:
    await conn.execute(
        """
        insert into wallet_documents (id, citizen_id, document_type, title, source_dossier_id)
        values ($1, $2, $3, $4, $5)
        on conflict (citizen_id, document_type, source_dossier_id) do nothing
        """,
        wallet_id, citizen_id, document_type, title, dossier_id,
    )
