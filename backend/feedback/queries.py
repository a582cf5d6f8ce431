"""SQL for ratings and feedback: the only place their tables are written."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

import asyncpg

Conn = asyncpg.Connection | asyncpg.Pool


# --- ratings -------------------------------------------------------------------------------------------------

async def is_rated(conn: Conn, dossier_id: UUID) -> bool:
    return bool(await conn.fetchval("select true from rated_dossiers where dossier_id = $1", dossier_id))


async def mark_rated(conn: Conn, dossier_id: UUID) -> bool:
    """True for exactly one of any number of ratings of one dossier, however they race."""
    return bool(await conn.fetchval(
        "insert into rated_dossiers (dossier_id) values ($1) on conflict do nothing returning true", dossier_id,
    ))


async def insert_rating(
    conn: Conn, agency_code: str, rated_on: date, scores: list[int], overall: int, comment: str | None,
) -> None:
    await conn.execute(
        "insert into ratings (agency_code, rated_on, scores, overall, comment) values ($1, $2, $3, $4, $5)",
        agency_code, rated_on, scores, overall, comment,
    )


async def satisfaction(conn: Conn, agency_code: str, start: date, end: date) -> asyncpg.Record:
    """Counts and averages over [start, end): each criterion's average (in CRITERIA's order), the overall's, and the
    points added up per rating. Aggregates only: no row of a single rating leaves this query."""
    return await conn.fetchrow(
        """
        with period as (select * from ratings where agency_code = $1 and rated_on >= $2 and rated_on < $3)
        select (select count(*) from period) as ratings,
               (select avg(overall)::float8 from period) as overall_average,
               (select avg((select sum(s) from unnest(scores) s))::float8 from period) as points_average,
               array(select avg(p.scores[i])::float8 from generate_series(1, 9) i cross join period p
                     group by i order by i) as criterion_averages
        """,
        agency_code, start, end,
    )


async def ratings_per_agency_day(conn: Conn, since: date | None) -> list[asyncpg.Record]:
    """Per agency and day given, from `since` on (every day when null): the ratings, their nine criteria's points
    added up and their overall scores added up. Sums for the dashboard's summary, which shows averages only from
    MIN_RATINGS ratings on."""
    return await conn.fetch(
        """
        select agency_code, rated_on as day, count(*)::int as ratings,
               sum((select sum(s) from unnest(scores) s))::int as points, sum(overall)::int as overall
        from ratings where $1::date is null or rated_on >= $1
        group by 1, 2
        """,
        since,
    )


async def agency_name(conn: Conn, agency_code: str) -> str | None:
    return await conn.fetchval("select name from agencies where code = $1", agency_code)


# --- feedback ------------------------------------------------------------------------------------------------

async def next_tracking_number(conn: asyncpg.Connection, day: date) -> int:
    """Gap-free per day: the counter's row is locked by the sending transaction."""
    return await conn.fetchval(
        """
        insert into feedback_code_counters (day, last_value) values ($1, 1)
        on conflict (day) do update set last_value = feedback_code_counters.last_value + 1
        returning last_value
        """,
        day,
    )


async def insert_feedback(conn: Conn, values: dict[str, Any]) -> None:
    columns = ", ".join(values)
    placeholders = ", ".join(f"${i}" for i in range(1, len(values) + 1))
    await conn.execute(f"insert into feedback ({columns}) values ({placeholders})", *values.values())


_FEEDBACK = """
    select f.*, a.name as agency_name, d.code as dossier_code,
           array(select p.id from feedback_photos p where p.feedback_id = f.id order by p.position) as photo_ids
    from feedback f join agencies a on a.code = f.agency_code left join dossiers d on d.id = f.dossier_id
"""


async def feedback(conn: Conn, feedback_id: UUID, *, for_update: bool = False) -> asyncpg.Record | None:
    lock = " for update of f" if for_update else ""
    return await conn.fetchrow(_FEEDBACK + " where f.id = $1" + lock, feedback_id)


async def feedback_by_code(conn: Conn, tracking_code: str) -> asyncpg.Record | None:
    return await conn.fetchrow(_FEEDBACK + " where f.tracking_code = $1", tracking_code)


async def citizen_feedback(conn: Conn, citizen_id: UUID, after: tuple[datetime, UUID] | None, limit: int) -> list[asyncpg.Record]:
    return await conn.fetch(
        _FEEDBACK + """
        where f.citizen_id = $1 and ($2::timestamptz is null or (f.created_at, f.id) < ($2, $3))
        order by f.created_at desc, f.id desc limit $4
        """,
        citizen_id, after[0] if after else None, after[1] if after else None, limit,
    )


# The staff member's agency, and for a reception officer every agency their desk receives for (processing's
# reception_desks, read here).
_IN_SCOPE = """
    (f.agency_code = $1 or ($2 and exists (
        select 1 from reception_desks r where r.desk_agency_code = $1 and r.agency_code = f.agency_code)))
"""


async def in_scope(conn: Conn, feedback_id: UUID, agency_code: str, desk: bool) -> bool:
    return bool(await conn.fetchval(f"select true from feedback f where f.id = $3 and {_IN_SCOPE}", agency_code, desk, feedback_id))


async def queue(
    conn: Conn, agency_code: str, desk: bool, state: str | None, after: tuple[date, datetime, UUID] | None, limit: int,
) -> list[asyncpg.Record]:
    """Due first (the oldest due date at the top), then by arrival."""
    return await conn.fetch(
        _FEEDBACK + f"""
        where {_IN_SCOPE} and ($3::text is null or f.state = $3)
          and ($4::date is null or (f.due_on, f.created_at, f.id) > ($4, $5, $6))
        order by f.due_on, f.created_at, f.id limit $7
        """,
        agency_code, desk, state, *(after or (None, None, None)), limit,
    )


async def insert_photo(
    conn: Conn, photo_id: UUID, citizen_id: UUID | None, phone: str | None, key: str, media_type: str, size: int,
) -> None:
    await conn.execute(
        """
        insert into feedback_photos (id, citizen_id, phone, storage_key, media_type, bytes)
        values ($1, $2, $3, $4, $5, $6)
        """,
        photo_id, citizen_id, phone, key, media_type, size,
    )


async def attach_photos(conn: Conn, feedback_id: UUID, photo_ids: list[UUID], citizen_id: UUID | None, phone: str) -> int:
    """How many of `photo_ids` the feedback took, in their order: only photos not yet sent, uploaded by this sender
    (their account, or their confirmed phone)."""
    return int((await conn.execute(
        """
        update feedback_photos p set feedback_id = $1, position = array_position($2::uuid[], p.id) - 1
        where p.id = any($2::uuid[]) and p.feedback_id is null and (p.citizen_id = $3 or p.phone = $4)
        """,
        feedback_id, photo_ids, citizen_id, phone,
    )).split()[-1])


async def office_photo(conn: Conn, photo_id: UUID, agency_code: str, desk: bool) -> asyncpg.Record | None:
    """A sent photo, when its feedback is in the staff member's queue."""
    return await conn.fetchrow(
        f"""
        select p.storage_key, p.media_type from feedback_photos p join feedback f on f.id = p.feedback_id
        where p.id = $3 and {_IN_SCOPE}
        """,
        agency_code, desk, photo_id,
    )


async def delete_unsent_photos(conn: Conn, older_than: timedelta, limit: int) -> list[str]:
    """Forget up to `limit` photos no feedback took within `older_than`; their storage keys, to delete the bytes."""
    rows = await conn.fetch(
        """
        delete from feedback_photos where id in (
            select id from feedback_photos where feedback_id is null and created_at < now() - $1::interval
            order by created_at limit $2 for update skip locked)
        returning storage_key
        """,
        older_than, limit,
    )
    return [row["storage_key"] for row in rows]


async def answer(conn: Conn, feedback_id: UUID, text: str, staff_id: UUID, published: bool, search_text: str) -> None:
    await conn.execute(
        """
        update feedback set state = 'answered', answer = $2, answered_by = $3, answered_at = now(), published = $4,
                            search_text = $5
        where id = $1
        """,
        feedback_id, text, staff_id, published, search_text,
    )


async def published(conn: Conn, words: list[str], after: tuple[datetime, UUID] | None, limit: int) -> list[asyncpg.Record]:
    """Published answers, newest first, whose folded text holds every word."""
    return await conn.fetch(
        """
        select f.id, f.body, f.answer, f.answered_at, a.name as agency_name
        from feedback f join agencies a on a.code = f.agency_code
        where f.published and f.search_text like all (array(select '%' || w || '%' from unnest($1::text[]) w))
          and ($2::timestamptz is null or (f.answered_at, f.id) < ($2, $3))
        order by f.answered_at desc, f.id desc limit $4
        """,
        words, after[0] if after else None, after[1] if after else None, limit,
    )
