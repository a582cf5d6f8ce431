"""SQL for assisted sessions (the only place they are written) and the reads of assisted dossiers."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import asyncpg

Conn = asyncpg.Connection | asyncpg.Pool


async def insert_session(
    conn: Conn, session_id: UUID, staff_id: UUID, channel: str, phone: str | None, full_name: str,
    contact_phone: str | None,
) -> None:
    await conn.execute(
        """
        insert into assisted_sessions (id, staff_id, channel, phone, full_name, contact_phone)
        values ($1, $2, $3, $4, $5, $6)
        """,
        session_id, staff_id, channel, phone, full_name, contact_phone,
    )


async def session_for_update(conn: asyncpg.Connection, session_id: UUID, staff_id: UUID) -> asyncpg.Record | None:
    """The staff member's own session, locked (another's is as good as absent)."""
    return await conn.fetchrow(
        "select * from assisted_sessions where id = $1 and staff_id = $2 for update", session_id, staff_id
    )


async def record_consent(
    conn: asyncpg.Connection, session_id: UUID, citizen_id: UUID, method: str, grant_id: UUID
) -> asyncpg.Record:
    return await conn.fetchrow(
        """
        update assisted_sessions set citizen_id = $2, consent_method = $3, consented_at = now(), grant_id = $4
        where id = $1 returning *
        """,
        session_id, citizen_id, method, grant_id,
    )


# Dossiers filed for others, read only: whose (one helper, or the helpers of an agency, or everyone) and when.
_ASSISTED = """
    from dossiers d
    join staff_users u on u.id = d.filed_by_staff_id
    left join teams t on t.code = u.team_code
    left join assisted_sessions s on s.grant_id = d.acting_grant_id
    join procedure_versions v on v.id = d.procedure_version_id
    where d.submitted_at is not null and d.channel in ('assisted', 'counter')
        and ($1::uuid is null or d.filed_by_staff_id = $1)
        and ($2::text is null or coalesce(u.agency_code, t.agency_code) = $2)
"""
_DAY = "(d.submitted_at at time zone 'Asia/Ho_Chi_Minh')::date"


async def submitted_on(conn: Conn, staff_id: UUID | None, agency_code: str | None, day: date) -> list[asyncpg.Record]:
    return await conn.fetch(
        f"""
        select d.code, coalesce(s.full_name, d.applicant->>'full_name', '') as person_name, v.name as procedure_name,
               v.name_en as procedure_name_en, d.state, d.submitted_at, d.channel, u.full_name as filed_by
        {_ASSISTED} and {_DAY} = $3::date
        order by d.submitted_at desc, d.id desc
        """,
        staff_id, agency_code, day,
    )


async def counts_per_helper(conn: Conn, staff_id: UUID | None, agency_code: str | None, today: date) -> list[asyncpg.Record]:
    return await conn.fetch(
        f"""
        select u.id as staff_id, u.full_name, count(*) filter (where {_DAY} = $3::date) as today, count(*) as last_14_days
        {_ASSISTED} and {_DAY} between $3::date - 13 and $3::date
        group by u.id, u.full_name
        order by last_14_days desc, u.full_name
        """,
        staff_id, agency_code, today,
    )


async def counts_per_day(conn: Conn, staff_id: UUID | None, agency_code: str | None, today: date) -> list[asyncpg.Record]:
    return await conn.fetch(
        f"""
        with filed as (select {_DAY} as day {_ASSISTED} and {_DAY} between $3::date - 13 and $3::date)
        select days.day::date as day, count(filed.day) as count
        from generate_series($3::date - 13, $3::date, interval '1 day') as days (day)
        left join filed on filed.day = days.day::date
        group by days.day order by days.day
        """,
        staff_id, agency_code, today,
    )
