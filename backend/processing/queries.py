"""SQL for the back office: agency-scoped queues, handovers, apology letters, the calendar, statistics."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from typing import Any
from uuid import UUID

import asyncpg

Conn = asyncpg.Connection | asyncpg.Pool

ACTIVE_STATES = ("received", "processing", "pending_approval")


def _fold_table() -> tuple[str, str]:
    """translate() arguments folding Vietnamese letters like backend.catalog.search.fold, in SQL."""
    source, target = [], []
    for code in range(0xC0, 0x1EFF + 1):
        ch = chr(code)
        base = unicodedata.normalize("NFD", ch)[0]
        if ch in "đĐ":
            base = "d"
        if base.isascii() and base.isalpha() and base.lower() != ch:
            source.append(ch)
            target.append(base.lower())
    return "".join(source), "".join(target)


_FOLD_FROM, _FOLD_TO = _fold_table()


def _folded(expression: str) -> str:
    return f"translate(lower({expression}), '{_FOLD_FROM}', '{_FOLD_TO}')"


# The agencies whose dossiers a desk sees: its own, and those it receives for (reception_desks).
_SCOPE = """
    (d.agency_code = $1 or ($2 and d.agency_code in (select agency_code from reception_desks where desk_agency_code = $1)))
"""

_QUEUE_ROW = """
    select d.id, d.code, d.procedure_code, v.name as procedure_name, d.agency_code, a.name as agency_name,
           d.state, d.submitted_at, d.received_at, d.due_date, d.overdue_since, d.assigned_to,
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
             or {_folded("coalesce(d.applicant->>'full_name', '')")} like '%' || {q} || '%')
    """


async def queue(
    conn: Conn, agency_code: str, desk: bool, *, state: str | None, overdue: bool, q: str | None, digits: str,
    after: tuple[datetime, UUID] | None, limit: int,
) -> list[asyncpg.Record]:
    """Oldest first by submission time, keyset-paginated on (submitted_at, id)."""
    return await conn.fetch(
        _QUEUE_ROW + "where " + _SCOPE + _filters(3) + """
        and ($7::timestamptz is null or (d.submitted_at, d.id) > ($7, $8))
        order by d.submitted_at, d.id limit $9
        """,
        agency_code, desk, state, overdue, q, digits, after[0] if after else None, after[1] if after else None, limit,
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


async def staff_member(conn: Conn, staff_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow("select id, full_name, role, agency_code, active from staff_users where id = $1", staff_id)


async def specialists(conn: Conn, agency_code: str) -> list[asyncpg.Record]:
    return await conn.fetch(
        "select id, full_name, role from staff_users where agency_code = $1 and role = 'specialist' and active order by full_name",
        agency_code,
    )


async def agency(conn: Conn, agency_code: str) -> asyncpg.Record | None:
    return await conn.fetchrow("select code, name, level from agencies where code = $1", agency_code)


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
        select h.*, fa.name as from_agency_name, ta.name as to_agency_name,
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


async def bump(conn: asyncpg.Connection, dossier_id: UUID, expected_version: int, changes: dict[str, Any]) -> bool:
    """Change columns without a state change, under the same optimistic lock as a transition."""
    columns = list(changes)
    assignments = "".join(f", {column} = ${index}" for index, column in enumerate(columns, start=3))
    row = await conn.fetchrow(
        f"update dossiers set lock_version = lock_version + 1, updated_at = now(){assignments} "
        "where id = $1 and lock_version = $2 returning id",
        dossier_id, expected_version, *(changes[c] for c in columns),
    )
    return row is not None


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


# Overdue


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


# Wallet


async def put_result_in_wallet(conn: Conn, wallet_id: UUID, citizen_id: UUID, document_type: str, title: str, dossier_id: UUID) -> None:
    await conn.execute(
        """
        insert into wallet_documents (id, citizen_id, document_type, title, source_dossier_id)
        values ($1, $2, $3, $4, $5)
        on conflict (citizen_id, document_type, source_dossier_id) do nothing
        """,
        wallet_id, citizen_id, document_type, title, dossier_id,
    )


# Statistics


async def statistics(conn: Conn, start: date, end: date, today: date, agency_code: str | None) -> list[asyncpg.Record]:
    """Per agency for [start, end): received, resolved early / on time / late (against the statutory due
    date, apology letters notwithstanding), pending now, and overdue now."""
    return await conn.fetch(
        """
        with d as (
            select d.*, (d.resolved_at at time zone 'Asia/Ho_Chi_Minh')::date as resolved_on,
                   (d.received_at at time zone 'Asia/Ho_Chi_Minh')::date as received_on
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
        start, end, today, agency_code,
    )


async def first_commune_agency(conn: Conn, province_code: str) -> str | None:
    return await conn.fetchval(
        "select code from agencies where level = 'commune' and admin_unit_code in "
        "(select code from admin_units where province_code = $1) order by admin_unit_code limit 1",
        province_code,
    )


# Issued e-results

_RESULT = """
    select r.*, d.code as dossier_code, d.citizen_id, v.name as procedure_name, a.name as agency_name
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


async def latest_result(conn: Conn, dossier_id: Any) -> asyncpg.Record | None:
    """The latest result issued for the dossier, with dossier code, procedure and agency names."""
    return await conn.fetchrow(_RESULT + "where r.dossier_id = $1 order by r.created_at desc, r.id desc limit 1", dossier_id)


async def result_by_code(conn: Conn, verification_code: str) -> asyncpg.Record | None:
    return await conn.fetchrow(_RESULT + "where r.verification_code = $1", verification_code)


async def result_code_by_sha256(conn: Conn, sha256: str) -> str | None:
    return await conn.fetchval("select verification_code from results where sha256 = $1 limit 1", sha256)
