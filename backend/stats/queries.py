"""SQL for statistics: counts per agency and per procedure over dossiers, read-only, and the public dashboard's
summary (stats_agency_days), which only this domain writes (payments and ratings come as sums from their domains)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import asyncpg

from backend.clock import VIETNAM

Conn = asyncpg.Connection | asyncpg.Pool

# The one definition of early, on time and late, for the agency statistics and the dashboard's summary alike: the
# Vietnam day the result was ready (`resolved_on`) against the statutory due date (an apology letter's new date
# does not make a late dossier on time).
RESOLVED_EARLY = "resolved_on < statutory_due_date"
RESOLVED_ON_TIME = "resolved_on = statutory_due_date"
RESOLVED_LATE = "resolved_on > statutory_due_date"

# Filed online: through the app, by the person ('online') or a volunteer on their behalf ('assisted'), not entered by
# an officer at the counter (channel 'counter').
FILED_ONLINE = "d.channel in ('online', 'assisted')"
# Digitised: every required paper of the procedure (a document without `required` is required) has a ready page or
# a document reused from the wallet.
DIGITISED = """not exists (
    select 1 from procedure_versions v cross join jsonb_array_elements(v.documents) paper
    where v.id = d.procedure_version_id and coalesce((paper->>'required')::boolean, true)
      and not exists (select 1 from pages p where p.dossier_id = d.id and p.document_code = paper->>'code' and p.status = 'ready')
      and not exists (select 1 from dossier_wallet_reuses r where r.dossier_id = d.id and r.document_code = paper->>'code')
)"""


async def statistics(conn: Conn, start: date, end: date, today: date, agency_code: str | None) -> list[asyncpg.Record]:
    """Per agency for [start, end): received, resolved early / on time / late, pending now, and overdue now."""
    return await conn.fetch(
        f"""
        with d as (
            select d.*, (d.resolved_at at time zone $5)::date as resolved_on,
                   (d.received_at at time zone $5)::date as received_on
            from dossiers d where d.state <> 'draft' and ($4::text is null or d.agency_code = $4)
        )
        select a.code as agency_code, a.name as agency_name,
            count(*) filter (where received_on >= $1 and received_on < $2) as received,
            count(*) filter (where resolved_on >= $1 and resolved_on < $2 and {RESOLVED_EARLY}) as resolved_early,
            count(*) filter (where resolved_on >= $1 and resolved_on < $2 and {RESOLVED_ON_TIME}) as resolved_on_time,
            count(*) filter (where resolved_on >= $1 and resolved_on < $2 and {RESOLVED_LATE}) as resolved_late,
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


# --- the public dashboard's summary ----------------------------------------------------------------------------

async def lock_summary(conn: asyncpg.Connection) -> None:
    """Refreshes take turns (until the transaction ends): two at once would each delete, then both insert."""
    await conn.execute("select pg_advisory_xact_lock(hashtext('stats_agency_days'))")


# `since` is a Vietnam day; its first instant is `$1::date::timestamp at time zone $2`; null: every day.
async def forget_days(conn: asyncpg.Connection, since: date | None) -> None:
    await conn.execute("delete from stats_agency_days where $1::date is null or day >= $1", since)


async def count_received(conn: asyncpg.Connection, since: date | None) -> None:
    """Per agency and Vietnam day of reception: dossiers received, of them filed online and digitised."""
    await conn.execute(
        f"""
        insert into stats_agency_days (day, agency_code, received, received_online, received_digitised)
        select (d.received_at at time zone $2)::date, d.agency_code, count(*),
               count(*) filter (where {FILED_ONLINE}), count(*) filter (where {DIGITISED})
        from dossiers d
        where d.received_at is not null and ($1::date is null or d.received_at >= $1::date::timestamp at time zone $2)
        group by 1, 2
        """,
        since, VIETNAM.key,
    )


async def count_resolved(conn: asyncpg.Connection, since: date | None) -> None:
    """Per agency and Vietnam day the result was ready: early, on time, late."""
    await conn.execute(
        f"""
        insert into stats_agency_days (day, agency_code, resolved_early, resolved_on_time, resolved_late)
        select resolved_on, agency_code, count(*) filter (where {RESOLVED_EARLY}),
               count(*) filter (where {RESOLVED_ON_TIME}), count(*) filter (where {RESOLVED_LATE})
        from (
            select d.agency_code, d.statutory_due_date, (d.resolved_at at time zone $2)::date as resolved_on
            from dossiers d where d.resolved_at is not null and ($1::date is null or d.resolved_at >= $1::date::timestamp at time zone $2)
        ) d
        group by 1, 2
        on conflict (day, agency_code) do update set resolved_early = excluded.resolved_early,
            resolved_on_time = excluded.resolved_on_time, resolved_late = excluded.resolved_late
        """,
        since, VIETNAM.key,
    )


async def count_paid(conn: asyncpg.Connection, agency_codes: list[str], days: list[date], online: list[int],
                     cash: list[int]) -> None:
    await conn.execute(
        """
        insert into stats_agency_days (agency_code, day, paid_online, paid_cash)
        select * from unnest($1::text[], $2::date[], $3::int[], $4::int[])
        on conflict (day, agency_code) do update set paid_online = excluded.paid_online, paid_cash = excluded.paid_cash
        """,
        agency_codes, days, online, cash,
    )


async def count_ratings(conn: asyncpg.Connection, agency_codes: list[str], days: list[date], ratings: list[int],
                        points: list[int], overall: list[int]) -> None:
    await conn.execute(
        """
        insert into stats_agency_days (agency_code, day, ratings, rating_points_sum, rating_overall_sum)
        select * from unnest($1::text[], $2::date[], $3::int[], $4::int[], $5::int[])
        on conflict (day, agency_code) do update set ratings = excluded.ratings,
            rating_points_sum = excluded.rating_points_sum, rating_overall_sum = excluded.rating_overall_sum
        """,
        agency_codes, days, ratings, points, overall,
    )


async def mark_refreshed(conn: asyncpg.Connection, since: date | None) -> None:
    await conn.execute(
        """
        insert into stats_refreshes (refreshed_at, from_day) values (now(), $1)
        on conflict (singleton) do update set refreshed_at = excluded.refreshed_at, from_day = excluded.from_day
        """,
        since,
    )


async def last_refresh(conn: Conn) -> asyncpg.Record | None:
    return await conn.fetchrow("select refreshed_at, from_day from stats_refreshes")


async def agency(conn: Conn, code: str) -> asyncpg.Record | None:
    return await conn.fetchrow("select code, name, name_en from agencies where code = $1", code)


async def dashboard(conn: Conn, first: date, last: date, agency_code: str | None) -> list[asyncpg.Record]:
    """Per agency with anything to count, the summary's sums over the days [first, last] (summed per code first:
    a year of a province's agencies is some 40,000 rows, and only the sums meet the agencies' names)."""
    return await conn.fetch(
        """
        select a.code as agency_code, a.name as agency_name, a.name_en as agency_name_en, s.*
        from (
            select agency_code as code, sum(received)::int as received, sum(received_online)::int as received_online,
                sum(received_digitised)::int as received_digitised, sum(resolved_early)::int as resolved_early,
                sum(resolved_on_time)::int as resolved_on_time, sum(resolved_late)::int as resolved_late,
                sum(paid_online)::int as paid_online, sum(paid_cash)::int as paid_cash, sum(ratings)::int as ratings,
                sum(rating_points_sum)::int as rating_points_sum, sum(rating_overall_sum)::int as rating_overall_sum
            from stats_agency_days
            where day >= $1 and day <= $2 and ($3::text is null or agency_code = $3)
            group by agency_code
        ) s join agencies a using (code)
        order by a.code
        """,
        first, last, agency_code,
    )


# --- a leader's agency now (agency health) ------------------------------------------------------------------------
# Each condition is the one the office queue filters with (backend/processing/queries.py), so a figure's count is the
# rows the queue lists for it; the tests check that for every figure.

IN_PROGRESS = "d.state in ('received', 'processing', 'pending_approval')"


async def agency_health(conn: Conn, agency_code: str, today: date, week_first_day: date, month_first_day: date,
                        due_from: date, due_to: date) -> asyncpg.Record:
    return await conn.fetchrow(
        f"""
        select
            count(*) filter (where d.received_at >= $2::date::timestamp at time zone $8) as received_today,
            count(*) filter (where d.received_at >= $3::date::timestamp at time zone $8) as received_this_week,
            count(*) filter (where d.received_at >= $4::date::timestamp at time zone $8) as received_this_month,
            count(*) filter (where {IN_PROGRESS}) as in_progress,
            count(*) filter (where {IN_PROGRESS} and d.due_date >= $5 and d.due_date <= $6) as due_this_week,
            count(*) filter (where {IN_PROGRESS} and d.due_date <= $7) as overdue
        from dossiers d
        where d.agency_code = $1 and d.state <> 'draft'
        """,
        agency_code, today, week_first_day, month_first_day, due_from, due_to, today - timedelta(days=1), VIETNAM.key,
    )


async def timeliness_by_month(conn: Conn, agency_code: str, first_day: date) -> list[asyncpg.Record]:
    """Per Vietnam month the result was ready in, from `first_day` on: early, on time, late."""
    return await conn.fetch(
        f"""
        select to_char(resolved_on, 'YYYY-MM') as month, count(*) filter (where {RESOLVED_EARLY}) as early,
               count(*) filter (where {RESOLVED_ON_TIME}) as on_time, count(*) filter (where {RESOLVED_LATE}) as late
        from (
            select d.statutory_due_date, (d.resolved_at at time zone $3)::date as resolved_on
            from dossiers d
            where d.agency_code = $1 and d.resolved_at >= $2::date::timestamp at time zone $3
        ) d
        group by 1
        """,
        agency_code, first_day, VIETNAM.key,
    )
