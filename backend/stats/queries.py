"""SQL for statistics: counts per agency and per procedure over dossiers, read-only."""

from __future__ import annotations

from datetime import date, datetime

import asyncpg

from backend.clock import VIETNAM

Conn = asyncpg.Connection | asyncpg.Pool


async def statistics(conn: Conn, start: date, end: date, today: date, agency_code: str | None) -> list[asyncpg.Record]:
    """Per agency for [start, end): received, resolved early / on time / late (against the statutory due
    date, apology letters notwithstanding), pending now, and overdue now."""
    return await conn.fetch(
        """
        with d as (
            select d.*, (d.resolved_at at time zone $5)::date as resolved_on,
                   (d.received_at at time zone $5)::date as received_on
            from dossiers d where d.state <> 'draft' and ($4::text is null or d.agency_code = $4)
        )
        select a.code as agency_code, a.name as agency_name,
            count(*) filter (where received_on >= $1 and received_on < $2) as received,
            count(*) filter (where resolved_on >= $1 and resolved_on < $2 and resolved_on < statutory_due_date) as resolved_early,
            count(*) filter (where resolved_on >= $1 and resolved_on < $2 and resolved_on = statutory_due_date) as resolved_on_time,
            count(*) filter (where resolved_on >= $1 and resolved_on < $2 and resolved_on > statutory_due_date) as resolved_late,
            count(*) filter (where state in ('received', 'processing', 'pending_approval', 'supplement_requested')) as pending,
            count(*) filter (where state in ('received', 'processing', 'pending_approval') and statutory_due_date < $3) as overdue
        from d join agencies a on a.code = d.agency_code
        group by a.code, a.name order by a.code
        """,
        start, end, today, agency_code, VIETNAM.key,
    )


async def popular_procedures(conn: Conn, since: datetime, until: datetime, limit: int) -> list[asyncpg.Record]:
    """Published procedures by dossiers submitted in [since, until), most first; ties (and procedures nobody
    filed) in the catalogue's order: the field's position, then the name."""
    return await conn.fetch(
        """
        select p.code, v.name, v.name_en, coalesce(c.n, 0) as submitted
        from procedures p
        join procedure_versions v on v.id = p.current_version_id
        join fields f on f.code = v.field_code
        left join (
            select procedure_code, count(*) as n from dossiers
            where submitted_at >= $1 and submitted_at < $2 and state <> 'draft' group by procedure_code
        ) c on c.procedure_code = p.code
        order by submitted desc, f.position, v.search_name, p.code
        limit $3
        """,
        since, until, limit,
    )
