"""Catalogue SQL. Text filters receive already-folded strings (see search.fold)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg
import msgspec

from backend.catalog.search import RANKING, near_pattern

Conn = asyncpg.Pool | asyncpg.Connection

# The ranking of api_schema/search_ranking.json, tier by tier. $1 holds the query's words (search.words: only
# a-z and 0-9, never a LIKE wildcard) and $2 the pattern of the words each nearly matches (search.near_pattern).
# `t.text` is the procedure's text: name, code and keywords (stored), then the field's and the agency's names.
# Only candidates are ranked: versions holding, for each of the two probe sets, a word of the catalogue's vocabulary
# that a probe word nearly matches (`probe_sets`; the vocabulary and each version's words are kept by migration 021's
# triggers, the words indexed). Of those, rows no tier can hold are dropped before any counting (`required_patterns`).
# Names and codes compare as bytes (collate "C"), as in the PWA.
_STARTS = "' ' || {text} like '% ' || {word} || '%'"
# Typos cost a regular expression per word: counted only where the words' beginnings are not all there.
_NEARLY = "(select count(*) from unnest(q.near) as near where {text} ~ near)"
_RULES: dict[str, str] = {
    "name_is_query": "v.search_name = q.phrase",
    "name_starts_with_phrase": "v.search_name like q.phrase || '%'",
    "name_has_phrase": _STARTS.format(text="v.search_name", word="q.phrase"),
    "name_has_words": "m.in_name = q.n",
    "text_part_is_query": "' | ' || t.text || ' | ' like '% | ' || q.phrase || ' | %'",
    "text_has_phrase": _STARTS.format(text="t.text", word="q.phrase"),
    "text_has_words": "m.in_text = q.n",
    "name_has_words_nearly": f"m.near_text = q.n and {_NEARLY.format(text='v.search_name')} = q.n",
    "text_has_words_nearly": "m.near_text = q.n",
    "text_misses_one_word": f"q.n >= {RANKING.partial_min_words} and m.near_text >= q.n - 1",
}
_RANK = "\n".join(f"        when {_RULES[tier.rule]} then {tier.rank}" for tier in RANKING.tiers)


def _vocabulary(name: str, first: int) -> str:
    """The vocabulary's words that one of the probe words (${first}) nearly matches (pattern ${first + 1}): all share
    its first letter, so only that letter's words are tried."""
    return f"""{name} as materialized (
    select coalesce(array_agg(w.word), '{{}}') as words
    from unnest(${first}::text[], ${first + 1}::text[]) as probe (word, pattern)
    join catalogue_words w on w.word >= left(probe.word, 1) collate "C"
        and w.word < chr(ascii(probe.word) + 1) collate "C" and w.word ~ probe.pattern
)"""

SEARCH_PROCEDURES = f"""
with q as materialized (
    select $1::text[] as words, $2::text[] as near, array_to_string($1::text[], ' ') as phrase,
           cardinality($1::text[]) as n
),
{_vocabulary("set_a", 12)},
{_vocabulary("set_b", 14)},
candidates as materialized (
    select id from procedure_versions
    where search_words && (select words from set_a) and search_words && (select words from set_b)
    union all
    select current_version_id from procedures where cardinality($1::text[]) = 0
)
select p.code, v.id as version_id, v.name, v.name_en, v.field_code, f.name as field_name, f.name_en as field_name_en,
       v.level, v.online_mode, v.working_days, v.fee, v.keywords, v.agency_code, a.name as agency_name,
       a.name_en as agency_name_en, v.search_name, r.rank
from candidates c
join procedure_versions v on v.id = c.id
join procedures p on p.current_version_id = v.id
join fields f on f.code = v.field_code
left join agencies a on a.code = v.agency_code
cross join q
cross join lateral (select concat_ws(' | ', v.search_text, f.search_name, a.search_words) as text) t
cross join lateral (
    select in_name, in_text, case when in_text = q.n then in_text else {_NEARLY.format(text="t.text")} end as near_text
    from (
        select count(*) filter (where {_STARTS.format(text="v.search_name", word="word")}) as in_name,
               count(*) filter (where {_STARTS.format(text="t.text", word="word")}) as in_text
        from unnest(q.words) as word
    ) starts
    offset 0  -- computed once per row, not once per tier that reads it
) m
cross join lateral (
    select case when q.n = 0 then 0
{_RANK}
    end as rank
) r
where (q.n = 0 or t.text ~ all($11::text[]))
  and r.rank is not null
  and ($3::text is null or v.field_code = $3)
  and ($4::text is null or v.level = $4)
  and ($5::text is null or v.agency_code = $5)
  and ($6::text is null or v.online_mode = $6)
  and ($7::int is null
       or (-r.rank, v.search_name collate "C", p.code collate "C")
          > (-$7::int, $8::text collate "C", $9::text collate "C"))
order by -r.rank, v.search_name collate "C", p.code collate "C"
limit $10
"""


async def search_procedures(
    conn: Conn,
    query_words: list[str],
    *,
    field: str | None,
    level: str | None,
    agency_code: str | None,
    online: str | None,
    after: tuple[Any, ...] | None,
    limit: int,
) -> list[asyncpg.Record]:
    rank, name, code = after or (None, None, None)
    near = [near_pattern(word) for word in query_words]
    set_a, set_b = probe_sets(query_words)
    return await conn.fetch(
        SEARCH_PROCEDURES, query_words, near, field, level, agency_code, online, rank, name, code, limit,
        required_patterns(query_words),
        set_a, [near_pattern(word) for word in set_a], set_b, [near_pattern(word) for word in set_b],
    )


def required_patterns(query_words: list[str]) -> list[str]:
    """Patterns a procedure's text must all match for any tier to hold, longest word first (rarer, and `~ all`
    stops at the first miss): below partial_min_words every word must nearly match; from there all but one, so
    of any two words one at least. At 2,000 procedures this drops most rows before the per-row counting."""
    longest = sorted(query_words, key=len, reverse=True)
    if len(longest) < RANKING.partial_min_words:
        return [near_pattern(word) for word in longest]
    return [f"{near_pattern(longest[0])}|{near_pattern(longest[1])}"]


def probe_sets(query_words: list[str]) -> tuple[list[str], list[str]]:
    """Two sets of words: a procedure must nearly hold a word of each for any tier to hold (`required_patterns`'s
    condition, coarser). Below partial_min_words every word must: the two words (or the one, twice); from there all
    but one: either of the two longest, in both sets. Empty for an empty query (every procedure is listed)."""
    if len(query_words) < RANKING.partial_min_words:
        return query_words[:1], query_words[1:2] or query_words[:1]
    longest = sorted(query_words, key=len, reverse=True)[:2]
    return longest, longest


_VERSION_DETAIL = """
select v.*, f.name as field_name, f.name_en as field_name_en, a.name as agency_name, a.name_en as agency_name_en
from procedure_versions v
join fields f on f.code = v.field_code
left join agencies a on a.code = v.agency_code
"""


async def current_version(conn: Conn, code: str) -> asyncpg.Record | None:
    return await conn.fetchrow(
        _VERSION_DETAIL + "join procedures p on p.current_version_id = v.id where p.code = $1", code
    )


async def version_by_id(conn: Conn, version_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(_VERSION_DETAIL + "where v.id = $1", version_id)


async def procedure_exists(conn: Conn, code: str) -> bool:
    return await conn.fetchval("select exists (select 1 from procedures where code = $1)", code)


async def insert_procedure(conn: Conn, code: str) -> bool:
    status = await conn.execute("insert into procedures (code) values ($1) on conflict do nothing", code)
    return status.endswith(" 1")


_VERSION_COLUMNS = (
    "name", "name_en", "field_code", "level", "agency_code", "working_days", "same_day_cutoff", "fee", "fee_stage", "online_mode",
    "result_by_post", "documents", "form", "keywords", "note", "note_en", "verified", "search_name",
    "search_text",
)
# jsonb travels as JSON text cast in SQL, so these queries work on connections with or without
# the pool's jsonb codec (the seed command uses a bare connection).
_JSONB_COLUMNS = {"fee", "documents", "form"}


def _placeholder(column: str, index: int) -> str:
    return f"${index}::text::jsonb" if column in _JSONB_COLUMNS else f"${index}"


def _placeholders(start: int) -> str:
    return ", ".join(_placeholder(c, i) for i, c in enumerate(_VERSION_COLUMNS, start=start))


def _values(content: dict[str, Any]) -> list[Any]:
    return [msgspec.json.encode(content[c]).decode() if c in _JSONB_COLUMNS else content[c] for c in _VERSION_COLUMNS]


async def insert_version(
    conn: Conn, version_id: UUID, code: str, status: str, valid_from: Any, content: dict[str, Any]
) -> asyncpg.Record:
    """A new version numbered after the procedure's last one (the caller holds the procedure's row lock)."""
    columns = ", ".join(_VERSION_COLUMNS)
    values = _placeholders(5)
    return await conn.fetchrow(
        f"""
        insert into procedure_versions (id, procedure_code, version, status, valid_from, {columns})
        select $1, $2, coalesce(max(version), 0) + 1, $3, $4, {values}
        from procedure_versions where procedure_code = $2
        returning id, procedure_code, version, status, valid_from
        """,
        version_id, code, status, valid_from, *_values(content),
    )


async def upsert_first_version(conn: Conn, version_id: UUID, code: str, valid_from: Any, content: dict[str, Any]) -> None:
    """The seeded version 1, published; reloading the data file rewrites it in place (same id)."""
    columns = ", ".join(_VERSION_COLUMNS)
    values = _placeholders(4)
    updates = ", ".join(f"{c} = excluded.{c}" for c in _VERSION_COLUMNS)
    distinct = " or ".join(f"procedure_versions.{c} is distinct from excluded.{c}" for c in _VERSION_COLUMNS)
    await conn.execute(
        f"""
        insert into procedure_versions (id, procedure_code, version, status, valid_from, {columns})
        values ($1, $2, 1, 'published', $3, {values})
        on conflict (procedure_code, version) do update set {updates}, updated_at = now()
        where {distinct}
        """,
        version_id, code, valid_from, *_values(content),
    )
    await conn.execute(
        """
        update procedures set current_version_id = v.id
        from procedure_versions v
        where procedures.code = $1 and procedures.current_version_id is null
          and v.procedure_code = $1 and v.version = 1
        """,
        code,
    )


async def lock_procedure(conn: asyncpg.Connection, code: str) -> bool:
    return await conn.fetchval("select true from procedures where code = $1 for update", code) or False


async def update_draft(conn: Conn, version_id: UUID, content: dict[str, Any]) -> asyncpg.Record | None:
    sets = ", ".join(f"{c} = {_placeholder(c, i)}" for i, c in enumerate(_VERSION_COLUMNS, start=2))
    return await conn.fetchrow(
        f"""
        update procedure_versions set {sets}, updated_at = now()
        where id = $1 and status = 'draft'
        returning id, procedure_code, version, status, valid_from
        """,
        version_id, *_values(content),
    )


async def publish(conn: asyncpg.Connection, version_id: UUID) -> asyncpg.Record | None:
    row = await conn.fetchrow(
        """
        update procedure_versions set status = 'published', valid_from = now(), updated_at = now()
        where id = $1 and status = 'draft'
        returning id, procedure_code, version, status, valid_from
        """,
        version_id,
    )
    if row is not None:
        await conn.execute(
            "update procedures set current_version_id = $1 where code = $2", row["id"], row["procedure_code"]
        )
    return row


async def version_status(conn: Conn, version_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow("select procedure_code, status from procedure_versions where id = $1", version_id)


async def list_fields(conn: Conn, after: tuple[Any, ...] | None, limit: int) -> list[asyncpg.Record]:
    position, code = after or (None, None)
    return await conn.fetch(
        """
        select code, name, name_en, position from fields
        where $1::int is null or (position, code) > ($1::int, $2::text)
        order by position, code limit $3
        """,
        position, code, limit,
    )


async def list_admin_units(
    conn: Conn, province_code: str | None, q: str, after: str | None, limit: int
) -> list[asyncpg.Record]:
    return await conn.fetch(
        """
        select code, name, division_type, level, province_code from admin_units
        where (case when $1::text is null then level = 'province' else province_code = $1 end)
          and ($2 = '' or search_text like '%' || $2 || '%')
          and ($3::text is null or code > $3)
        order by code limit $4
        """,
        province_code, q, after, limit,
    )


async def admin_unit(conn: Conn, code: str) -> asyncpg.Record | None:
    return await conn.fetchrow("select code, level from admin_units where code = $1", code)


async def list_agencies(
    conn: Conn, level: str | None, province_code: str | None, q: str, after: str | None, limit: int
) -> list[asyncpg.Record]:
    return await conn.fetch(
        """
        select a.code, a.name, a.name_en, a.level, a.admin_unit_code, a.parent_code, a.field_codes
        from agencies a join admin_units u on u.code = a.admin_unit_code
        where ($1::text is null or a.level = $1)
          and ($2::text is null or coalesce(u.province_code, u.code) = $2)
          and ($3 = '' or a.search_text like '%' || $3 || '%')
          and ($4::text is null or a.code > $4)
        order by a.code limit $5
        """,
        level, province_code, q, after, limit,
    )


async def agency(conn: Conn, code: str) -> asyncpg.Record | None:
    return await conn.fetchrow("select code, name, level, field_codes from agencies where code = $1", code)


async def province_agency_for_field(conn: Conn, province_code: str, field: str) -> str | None:
    return await conn.fetchval(
        """
        select code from agencies
        where level = 'province' and admin_unit_code = $1 and $2 = any(field_codes)
        order by code limit 1
        """,
        province_code, field,
    )


# Seeding (idempotent upserts keyed by natural codes; unchanged rows are not rewritten)


async def upsert_fields(conn: asyncpg.Connection, rows: list[tuple[str, str, str | None, int, str]]) -> None:
    """Rows of (code, name, name_en, position, search_name)."""
    await conn.executemany(
        """
        insert into fields (code, name, name_en, position, search_name) values ($1, $2, $3, $4, $5)
        on conflict (code) do update set name = excluded.name, name_en = excluded.name_en,
            position = excluded.position, search_name = excluded.search_name
        where (fields.name, fields.name_en, fields.position, fields.search_name)
            is distinct from (excluded.name, excluded.name_en, excluded.position, excluded.search_name)
        """,
        rows,
    )


_UPSERT_UNIT = """
insert into admin_units (code, name, division_type, level, province_code, codename, search_text)
values ($1, $2, $3, $4, $5, $6, $7)
on conflict (code) do update set name = excluded.name, division_type = excluded.division_type,
    level = excluded.level, province_code = excluded.province_code, codename = excluded.codename,
    search_text = excluded.search_text
where (admin_units.name, admin_units.division_type, admin_units.province_code, admin_units.codename)
    is distinct from (excluded.name, excluded.division_type, excluded.province_code, excluded.codename)
"""


async def upsert_admin_units(conn: asyncpg.Connection, rows: list[tuple[Any, ...]]) -> None:
    """Provinces first in `rows`: communes reference them."""
    await conn.executemany(_UPSERT_UNIT, rows)


_UPSERT_AGENCY = """
insert into agencies (id, code, name, name_en, level, admin_unit_code, parent_code, field_codes, search_text)
values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
on conflict (code) do update set name = excluded.name, name_en = excluded.name_en, level = excluded.level,
    admin_unit_code = excluded.admin_unit_code, parent_code = excluded.parent_code,
    field_codes = excluded.field_codes, search_text = excluded.search_text
where (agencies.name, agencies.name_en, agencies.admin_unit_code, agencies.parent_code, agencies.field_codes)
    is distinct from (excluded.name, excluded.name_en, excluded.admin_unit_code, excluded.parent_code, excluded.field_codes)
"""


async def upsert_agencies(conn: asyncpg.Connection, rows: list[tuple[Any, ...]]) -> None:
    await conn.executemany(_UPSERT_AGENCY, rows)


# Administrators' views and the bulk import


async def admin_procedures(conn: Conn, q: str, code_prefix: str, after: str | None, limit: int) -> list[asyncpg.Record]:
    """Procedures by code, named by their newest version; `q` (folded) is looked for in that version's search text."""
    return await conn.fetch(
        """
        select p.code, latest.name, latest.name_en, latest.level, f.code as field_code, f.name as field_name,
               f.name_en as field_name_en,
               (select jsonb_agg(jsonb_build_object(
                    'id', v.id, 'version', v.version, 'status', v.status, 'valid_from', v.valid_from,
                    'updated_at', v.updated_at, 'current', v.id is not distinct from p.current_version_id
                ) order by v.version desc)
                from procedure_versions v where v.procedure_code = p.code) as versions
        from procedures p
        cross join lateral (
            select name, name_en, level, field_code, search_text from procedure_versions
            where procedure_code = p.code order by version desc limit 1
        ) latest
        join fields f on f.code = latest.field_code
        where ($1 = '' or latest.search_text like '%' || $1 || '%' or p.code like $2 || '%')
          and ($3::text is null or p.code > $3)
        order by p.code limit $4
        """,
        q, code_prefix, after, limit,
    )


async def pinned_versions(conn: Conn, code: str) -> list[asyncpg.Record]:
    return await conn.fetch(
        """
        select v.id as version_id, v.version, v.status, v.id is not distinct from p.current_version_id as current,
               count(d.id)::int as dossiers, (count(d.id) filter (where d.state = 'draft'))::int as drafts
        from procedures p
        join procedure_versions v on v.procedure_code = p.code
        left join dossiers d on d.procedure_version_id = v.id
        where p.code = $1
        group by v.id, p.current_version_id
        order by v.version desc
        """,
        code,
    )


async def import_references(conn: Conn, province_code: str) -> tuple[set[str], dict[str, list[str]]]:
    """The field codes, and the demo province's provincial agencies with the fields each handles."""
    fields = {r["code"] for r in await conn.fetch("select code from fields")}
    agencies = await conn.fetch(
        "select code, field_codes from agencies where level = 'province' and admin_unit_code = $1 order by code",
        province_code,
    )
    return fields, {r["code"]: list(r["field_codes"]) for r in agencies}


async def current_versions(conn: Conn, codes: list[str]) -> dict[str, asyncpg.Record | None]:
    """Each existing procedure among `codes`, with its published version's columns (None when it has none)."""
    rows = await conn.fetch(
        """
        select p.code, v.id as version_id, v.*
        from procedures p left join procedure_versions v on v.id = p.current_version_id
        where p.code = any($1::text[])
        """,
        codes,
    )
    return {r["code"]: (r if r["version_id"] is not None else None) for r in rows}


async def insert_procedures(conn: asyncpg.Connection, codes: list[str]) -> None:
    await conn.execute("insert into procedures (code) select unnest($1::text[]) on conflict do nothing", codes)


async def publish_new_versions(
    conn: asyncpg.Connection, versions: list[tuple[UUID, str, dict[str, Any]]], valid_from: Any
) -> None:
    """Published versions, each numbered after its procedure's last one and made current: (id, code, content) each,
    one procedure once at most. Sent as one batch: a province's 2,000 procedures in a few round trips."""
    columns = ", ".join(_VERSION_COLUMNS)
    await conn.executemany(
        f"""
        insert into procedure_versions (id, procedure_code, version, status, valid_from, {columns})
        select $1, $2, coalesce(max(version), 0) + 1, 'published', $3, {_placeholders(4)}
        from procedure_versions where procedure_code = $2
        """,
        [(version_id, code, valid_from, *_values(content)) for version_id, code, content in versions],
    )
    await conn.execute(
        """
        update procedures set current_version_id = v.id
        from procedure_versions v
        where v.id = any($1::uuid[]) and procedures.code = v.procedure_code
        """,
        [version_id for version_id, _, _ in versions],
    )


async def lock_imports(conn: asyncpg.Connection) -> None:
    """One import at a time: two at once would number the same procedure's versions alike."""
    await conn.execute("select pg_advisory_xact_lock(hashtext('motcua.catalog_import'))")
