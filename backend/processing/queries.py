"""SQL for the back office: agency-scoped queues, handovers, apology letters, the working calendar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

import asyncpg

from backend.clock import VIETNAM
from backend.folding import folded

Conn = asyncpg.Connection | asyncpg.Pool

ACTIVE_STATES = ("received", "processing", "pending_approval")




# The agencies whose dossiers a desk sees: its own, and those it receives for (reception_desks).
_SCOPE = """
    (d.agency_code = $1 or ($2 and d.agency_code in (select agency_code from reception_desks where desk_agency_code = $1)))
"""

_QUEUE_ROW = """
    select d.id, d.code, d.procedure_code, v.name as procedure_name, v.name_en as procedure_name_en, d.agency_code,
           a.name as agency_name, a.name_en as agency_name_en, d.state, d.submitted_at, d.received_at, d.due_date, d.overdue_since, d.assigned_to,
           d.applicant->>'full_name' as applicant_name, coalesce(d.applicant->>'phone', c.phone) as applicant_phone,
           v.working_days
    from dossiers d
    join procedure_versions v on v.id = d.procedure_version_id
    join agencies a on a.code = d.agency_code
    join citizens c on c.id = d.citizen_id
"""


def _filters(first: int) -> str:
    """Filters with parameters $first.. : state, overdue only, search text (code / phone digits / folded name)."""
    s, o, q, digits = (f"${first + i}" for i in range(4))
    return f"""
        and d.state <> 'draft'
        and ({s}::text is null or d.state = {s})
        and (not {o}::boolean or d.overdue_since is not null)
        and ({q}::text is null
             or d.code ilike '%' || {q} || '%'
             or ({digits}::text <> '' and regexp_replace(coalesce(d.applicant->>'phone', c.phone), '\\D', '', 'g') like '%' || {digits} || '%')
             or {folded("coalesce(d.applicant->>'full_name', '')")} like '%' || {q} || '%')
    """


# The figures a leader follows (stats' agency health) open the queue with these; each is one condition, so the
# queue lists exactly the dossiers a figure counted. Days are Vietnam days: a day's first instant is
# `$day::date::timestamp at time zone 'Asia/Ho_Chi_Minh'`. Early / on time / late: the Vietnam day the result was ready
# against the statutory due date, as the statistics count them.
_MORE_FILTERS = """
    and (not $10::boolean or d.state in ('received', 'processing', 'pending_approval'))
    and ($11::date is null or d.due_date >= $11)
    and ($12::date is null or d.due_date <= $12)
    and ($13::date is null or d.received_at >= $13::date::timestamp at time zone $17)
    and ($14::date is null or d.resolved_at >= $14::date::timestamp at time zone $17)
    and ($15::date is null or d.resolved_at < $15::date::timestamp at time zone $17)
    and ($16::text is null
         or ($16 = 'early' and (d.resolved_at at time zone $17)::date < d.statutory_due_date)
         or ($16 = 'on_time' and (d.resolved_at at time zone $17)::date = d.statutory_due_date)
         or ($16 = 'late' and (d.resolved_at at time zone $17)::date > d.statutory_due_date))
"""


@dataclass(frozen=True)
class QueueFilters:
    """The queue's filters beyond state, overdue flag and search: working on (received, processing, waiting for
    approval), due date within [due_from, due_to], received from a day on, resolved within [resolved_from,
    resolved_before) and early / on time / late."""

    in_progress: bool = False
    due_from: date | None = None
    due_to: date | None = None
    received_from: date | None = None
    resolved_from: date | None = None
    resolved_before: date | None = None
    timeliness: str | None = None


async def queue(
    conn: Conn, agency_code: str, desk: bool, *, state: str | None, overdue: bool, q: str | None, digits: str,
    after: tuple[datetime, UUID] | None, limit: int, more: QueueFilters | None = None,
) -> list[asyncpg.Record]:
    """Oldest first by submission time, keyset-paginated on (submitted_at, id)."""
    more = more or QueueFilters()
    return await conn.fetch(
        _QUEUE_ROW + "where " + _SCOPE + _filters(3) + _MORE_FILTERS + """
        and ($7::timestamptz is null or (d.submitted_at, d.id) > ($7, $8))
        order by d.submitted_at, d.id limit $9
        """,
        agency_code, desk, state, overdue, q, digits, after[0] if after else None, after[1] if after else None, limit,
        more.in_progress, more.due_from, more.due_to, more.received_from, more.resolved_from, more.resolved_before,
        more.timeliness, VIETNAM.key,
    )


async def queue_counts(conn: Conn, agency_code: str, desk: bool) -> dict[str, int]:
    rows = await conn.fetch(
        "select d.state, count(*) as n from dossiers d where " + _SCOPE + " and d.state <> 'draft' group by d.state",
        agency_code, desk,
    )
    return {r["state"]: r["n"] for r in rows}


async def overdue_count(conn: Conn, agency_code: str, desk: bool) -> int:
    return await conn.fetchval(
        "select count(*) from dossiers d where " + _SCOPE + " and d.overdue_since is not null "
        "and d.state in ('received', 'processing', 'pending_approval')",
        agency_code, desk,
    )


async def desk_covers(conn: Conn, desk_agency_code: str, agency_code: str) -> bool:
    if desk_agency_code == agency_code:
        return True
    return bool(
        await conn.fetchval(
            "select true from reception_desks where desk_agency_code = $1 and agency_code = $2", desk_agency_code, agency_code
        )
    )


async def seed_service_centre(conn: Conn, centre_code: str, province_unit: str) -> None:
    """The province's service centre receives for every province-level agency of the province."""
    await conn.execute(
        """
        insert into reception_desks (desk_agency_code, agency_code)
        select $1, code from agencies where level = 'province' and admin_unit_code = $2 and code <> $1
        on conflict do nothing
        """,
        centre_code, province_unit,
    )


async def seed_commune_desk(conn: Conn, desk_code: str, province_unit: str) -> None:
    """One commune People's Committee's desk receives for every commune of the province (demo data)."""
    await conn.execute(
        """
        insert into reception_desks (desk_agency_code, agency_code)
        select $1, a.code from agencies a join admin_units u on u.code = a.admin_unit_code
        where a.level = 'commune' and u.province_code = $2 and a.code <> $1
        on conflict do nothing
        """,
        desk_code, province_unit,
    )


async def staff_member(conn: Conn, staff_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow("select id, full_name, role, agency_code, active from staff_users where id = $1", staff_id)


async def specialists(conn: Conn, agency_code: str) -> list[asyncpg.Record]:
    return await conn.fetch(
        "select id, full_name, role from staff_users where agency_code = $1 and role = 'specialist' and active order by full_name",
        agency_code,
    )


async def agency(conn: Conn, agency_code: str) -> asyncpg.Record | None:
    return await conn.fetchrow("select code, name, name_en, level from agencies where code = $1", agency_code)


async def insert_handover(conn: Conn, values: dict[str, Any]) -> None:
    await conn.execute(
        """
        insert into dossier_handovers (id, dossier_id, from_agency_code, to_agency_code, handed_by, note)
        values ($1, $2, $3, $4, $5, $6)
        """,
        values["id"], values["dossier_id"], values["from_agency_code"], values["to_agency_code"],
        values["handed_by"], values["note"],
    )


async def take_handover(conn: Conn, dossier_id: UUID, agency_code: str, staff_id: UUID) -> None:
    """The receiving agency's first move on a handed-over dossier marks it taken (control slip)."""
    await conn.execute(
        """
        update dossier_handovers set taken_by = $3, taken_at = now()
        where dossier_id = $1 and to_agency_code = $2 and taken_at is null
        """,
        dossier_id, agency_code, staff_id,
    )


async def handovers(conn: Conn, dossier_id: UUID) -> list[asyncpg.Record]:
    return await conn.fetch(
        """
        select h.*, fa.name as from_agency_name, fa.name_en as from_agency_name_en, ta.name as to_agency_name,
               ta.name_en as to_agency_name_en,
               hs.full_name as handed_by_name, ts.full_name as taken_by_name
        from dossier_handovers h
        join agencies fa on fa.code = h.from_agency_code
        join agencies ta on ta.code = h.to_agency_code
        join staff_users hs on hs.id = h.handed_by
        left join staff_users ts on ts.id = h.taken_by
        where h.dossier_id = $1 order by h.handed_at, h.id
        """,
        dossier_id,
    )


async def insert_apology(conn: Conn, values: dict[str, Any]) -> None:
    await conn.execute(
        """
        insert into apology_letters (id, dossier_id, issued_by, reason, previous_due_date, new_due_date)
        values ($1, $2, $3, $4, $5, $6)
        """,
        values["id"], values["dossier_id"], values["issued_by"], values["reason"], values["previous_due_date"],
        values["new_due_date"],
    )


async def apologies(conn: Conn, dossier_id: UUID) -> list[asyncpg.Record]:
    return await conn.fetch(
        "select issued_at, reason, previous_due_date, new_due_date from apology_letters where dossier_id = $1 order by issued_at",
        dossier_id,
    )


async def staff_events(conn: Conn, dossier_id: UUID) -> list[asyncpg.Record]:
    return await conn.fetch(
        """
        select e.at, e.action, e.from_state, e.to_state, e.note, e.actor_role, e.visibility, e.detail,
               s.full_name as actor_name
        from dossier_events e left join staff_users s on s.id = e.actor_id and e.actor_kind = 'staff'
        where e.dossier_id = $1 order by e.at, e.id
        """,
        dossier_id,
    )


# The working calendar


async def calendar_adjustments(conn: Conn, year: int | None = None) -> list[asyncpg.Record]:
    return await conn.fetch(
        "select day, kind, note from calendar_adjustments where $1::int is null or extract(year from day) = $1 order by day",
        year,
    )


async def put_adjustment(conn: Conn, day: date, kind: str, note: str, staff_id: UUID) -> None:
    await conn.execute(
        """
        insert into calendar_adjustments (day, kind, note, created_by) values ($1, $2, $3, $4)
        on conflict (day) do update set kind = excluded.kind, note = excluded.note, created_by = excluded.created_by,
            created_at = now()
        """,
        day, kind, note, staff_id,
    )


async def delete_adjustment(conn: Conn, day: date) -> bool:
    return await conn.execute("delete from calendar_adjustments where day = $1", day) == "DELETE 1"
