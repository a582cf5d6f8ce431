"""SQL for issued e-results (the results table): written once when signed, read to verify."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg

Conn = asyncpg.Connection | asyncpg.Pool

_RESULT = """
    select r.*, d.code as dossier_code, d.citizen_id, v.name as procedure_name, v.name_en as procedure_name_en,
           a.name as agency_name, a.name_en as agency_name_en
    from results r
    join dossiers d on d.id = r.dossier_id
    join procedure_versions v on v.id = d.procedure_version_id
    join agencies a on a.code = d.agency_code
"""


async def insert_result(conn: Conn, values: tuple[Any, ...]) -> None:
    await conn.execute(
        """
        insert into results (id, dossier_id, verification_code, title, storage_key, sha256, signed_at,
                             signer_subject, issued_by_staff_id)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        """,
        *values,
    )


async def latest_result(conn: Conn, dossier_id: UUID) -> asyncpg.Record | None:
    """The latest result issued for the dossier, with dossier code, procedure and agency names."""
    return await conn.fetchrow(_RESULT + "where r.dossier_id = $1 order by r.created_at desc, r.id desc limit 1", dossier_id)


async def result_by_code(conn: Conn, verification_code: str) -> asyncpg.Record | None:
    return await conn.fetchrow(_RESULT + "where r.verification_code = $1", verification_code)


async def result_code_by_sha256(conn: Conn, sha256: str) -> str | None:
    return await conn.fetchval("select verification_code from results where sha256 = $1 limit 1", sha256)
