"""SQL for dossiers, their events and codes: the only place these tables are written."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import asyncpg

Conn = asyncpg.Connection | asyncpg.Pool

# A commune-level draft has no agency until its commune is chosen, hence the left join.
_DOSSIER = """
    select d.*, v.name as procedure_name, v.name_en as procedure_name_en, v.documents as procedure_documents,
           v.form as procedure_form, v.fee as procedure_fee, v.fee_stage, v.working_days, v.same_day_cutoff,
           v.level as procedure_level, a.name as agency_name, a.name_en as agency_name_en, case when a.level = 'commune' then a.admin_unit_code end as commune_code,
           coalesce(au.province_code, au.code) as agency_province_code
    from dossiers d
    join procedure_versions v on v.id = d.procedure_version_id
    left join agencies a on a.code = d.agency_code
    left join admin_units au on au.code = a.admin_unit_code
"""


async def dossier(conn: Conn, dossier_id: UUID, *, for_update: bool = False) -> asyncpg.Record | None:
    lock = " for update of d" if for_update else ""
    return await conn.fetchrow(_DOSSIER + "where d.id = $1" + lock, dossier_id)


async def dossier_and_phone_by_code(conn: Conn, code: str) -> asyncpg.Record | None:
    return await conn.fetchrow(
        _DOSSIER.replace("from dossiers d", "from dossiers d join citizens c on c.id = d.citizen_id", 1).replace(
            "select d.*,", "select d.*, coalesce(c.phone, d.applicant->>'phone') as citizen_phone,", 1,
        ) + "where d.code = $1",
        code,
    )


async def insert_draft(conn: Conn, values: dict[str, Any]) -> None:
    await conn.execute(
        """
        insert into dossiers (id, procedure_version_id, procedure_code, agency_code, citizen_id,
                              applicant, form, delivery, channel, filed_by_staff_id, acting_grant_id)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
        """,
        values["id"], values["procedure_version_id"], values["procedure_code"], values["agency_code"],
        values["citizen_id"], values["applicant"], values["form"], values["delivery"], values["channel"],
        values["filed_by_staff_id"], values["acting_grant_id"],
    )


async def save_draft(conn: Conn, dossier_id: UUID, agency_code: str | None, applicant: Any, form: Any, delivery: Any) -> None:
    await conn.execute(
        "update dossiers set agency_code = $2, applicant = $3, form = $4, delivery = $5, updated_at = now() where id = $1",
        dossier_id, agency_code, applicant, form, delivery,
    )


async def delete_draft(conn: Conn, dossier_id: UUID) -> bool:
    status = await conn.execute("delete from dossiers where id = $1 and state = 'draft'", dossier_id)
    return status == "DELETE 1"


async def citizen_dossiers(
    conn: Conn, citizen_id: UUID, after: tuple[Any, UUID] | None, limit: int, *, grant_id: UUID | None = None
) -> list[asyncpg.Record]:
    """The citizen's dossiers; with `grant_id`, only the drafts a staff member acting for them started under it."""
    return await conn.fetch(
        _DOSSIER + """
        where d.citizen_id = $1 and ($2::timestamptz is null or (d.created_at, d.id) < ($2, $3))
            and ($5::uuid is null or (d.acting_grant_id = $5 and d.state = 'draft'))
        order by d.created_at desc, d.id desc limit $4
        """,
        citizen_id, after[0] if after else None, after[1] if after else None, limit, grant_id,
    )


async def commune_agency(conn: Conn, commune_code: str) -> str | None:
    return await conn.fetchval(
        "select code from agencies where admin_unit_code = $1 and level = 'commune' order by code limit 1",
        commune_code,
    )


async def citizen_profile(conn: Conn, citizen_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(
        "select phone, full_name, cccd, date_of_birth, province_code, commune_code, street from citizens where id = $1",
        citizen_id,
    )


async def apply_transition(
    conn: asyncpg.Connection, dossier_id: UUID, expected_version: int, state: str, changes: dict[str, Any]
) -> asyncpg.Record | None:
    """Move the dossier if nobody moved it since `expected_version`; None when someone did."""
    columns = list(changes)
    assignments = "".join(f", {column} = ${index}" for index, column in enumerate(columns, start=4))
    return await conn.fetchrow(
        f"""
        update dossiers set state = $3, lock_version = lock_version + 1, updated_at = now(){assignments}
        where id = $1 and lock_version = $2
        returning id
        """,
        dossier_id, expected_version, state, *(changes[c] for c in columns),
    )


async def apply_changes(
    conn: asyncpg.Connection, dossier_id: UUID, expected_version: int, changes: dict[str, Any]
) -> asyncpg.Record | None:
    """Change columns without a change of state, under the same optimistic lock; None when someone moved it."""
    columns = list(changes)
    assignments = "".join(f", {column} = ${index}" for index, column in enumerate(columns, start=3))
    return await conn.fetchrow(
        f"update dossiers set lock_version = lock_version + 1, updated_at = now(){assignments} "
        "where id = $1 and lock_version = $2 returning id",
        dossier_id, expected_version, *(changes[c] for c in columns),
    )


async def flag_overdue(conn: asyncpg.Connection, today: date) -> list[asyncpg.Record]:
    """Flag active dossiers whose due date has passed; a flagged dossier is never flagged twice."""
    return await conn.fetch(
        """
        update dossiers set overdue_since = now()
        where state in ('received', 'processing', 'pending_approval') and overdue_since is null and due_date < $1
        returning id, state, due_date, agency_code
        """,
        today,
    )


async def insert_event(conn: Conn, values: dict[str, Any]) -> None:
    await conn.execute(
        """
        insert into dossier_events (id, dossier_id, actor_kind, actor_id, actor_role, action, from_state,
                                    to_state, note, visibility, detail)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
        """,
        values["id"], values["dossier_id"], values["actor_kind"], values["actor_id"], values["actor_role"],
        values["action"], values["from_state"], values["to_state"], values["note"], values["visibility"],
        values["detail"],
    )


async def events(conn: Conn, dossier_id: UUID, *, citizen_view: bool) -> list[asyncpg.Record]:
    return await conn.fetch(
        """
        select at, action, from_state, to_state, note, actor_role, detail from dossier_events
        where dossier_id = $1 and (not $2 or visibility = 'citizen') order by at, id
        """,
        dossier_id, citizen_view,
    )


async def next_code_number(conn: asyncpg.Connection, agency_code: str, day: date) -> int:
    """The day's next number for the agency; the row lock makes it gap-free under concurrency."""
    return await conn.fetchval(
        """
        insert into dossier_code_counters (agency_code, day, last_value) values ($1, $2, 1)
        on conflict (agency_code, day) do update set last_value = dossier_code_counters.last_value + 1
        returning last_value
        """,
        agency_code, day,
    )
