"""SQL for accounts, sessions and the audit log."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

import asyncpg
import msgspec

from backend.folding import folded

Conn = asyncpg.Connection | asyncpg.Pool


# One-time codes


async def insert_code(conn: Conn, code_id: UUID, phone: str, code_hash: bytes, lifetime: timedelta) -> None:
    """A new code retires the phone's older ones, so only the last SMS works."""
    await conn.execute(
        """
        with retired as (
            update otp_codes set consumed_at = now() where phone = $2 and consumed_at is null
        )
        insert into otp_codes (id, phone, code_hash, expires_at) values ($1, $2, $3, now() + $4)
        """,
        code_id,
        phone,
        code_hash,
        lifetime,
    )


async def latest_code(conn: Conn, phone: str) -> asyncpg.Record | None:
    return await conn.fetchrow(
        """
        select id, code_hash, attempts, consumed_at, expires_at <= now() as expired
        from otp_codes where phone = $1 order by created_at desc, id desc limit 1
        """,
        phone,
    )


async def count_attempt(conn: Conn, code_id: UUID, max_attempts: int) -> int | None:
    """Spend one attempt on a live code; None when it was already dead (used, expired, exhausted)."""
    return await conn.fetchval(
        """
        update otp_codes set attempts = attempts + 1
        where id = $1 and consumed_at is null and expires_at > now() and attempts < $2
        returning attempts
        """,
        code_id,
        max_attempts,
    )


async def consume_code(conn: Conn, code_id: UUID) -> bool:
    """True for exactly one of two requests racing with the right code."""
    return (
        await conn.fetchval(
            "update otp_codes set consumed_at = now() where id = $1 and consumed_at is null returning true",
            code_id,
        )
        is not None
    )


# Citizens

_PROFILE_COLUMNS = """
    c.id, c.phone, c.full_name, c.cccd, c.date_of_birth, c.province_code, c.commune_code, c.street,
    c.language, p.name as province_name, m.name as commune_name
"""


async def upsert_citizen(conn: Conn, citizen_id: UUID, phone: str) -> asyncpg.Record:
    return await conn.fetchrow(
        """
        insert into citizens (id, phone) values ($1, $2)
        on conflict (phone) do update set phone = excluded.phone
        returning id, phone, full_name, language
        """,
        citizen_id,
        phone,
    )


async def citizen_profile(conn: Conn, citizen_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(
        f"""
        select {_PROFILE_COLUMNS}
        from citizens c
        left join admin_units p on p.code = c.province_code
        left join admin_units m on m.code = c.commune_code
        where c.id = $1
        """,
        citizen_id,
    )


async def update_citizen_profile(
    conn: Conn,
    citizen_id: UUID,
    *,
    full_name: str | None,
    cccd: str | None,
    date_of_birth: date | None,
    province_code: str | None,
    commune_code: str | None,
    street: str | None,
    language: str,
) -> None:
    await conn.execute(
        """
        update citizens set full_name = $2, cccd = $3, date_of_birth = $4, province_code = $5,
            commune_code = $6, street = $7, language = $8, updated_at = now()
        where id = $1
        """,
        citizen_id,
        full_name,
        cccd,
        date_of_birth,
        province_code,
        commune_code,
        street,
        language,
    )


async def set_name_if_missing(conn: Conn, citizen_id: UUID, full_name: str) -> None:
    await conn.execute(
        "update citizens set full_name = $2, updated_at = now() where id = $1 and coalesce(trim(full_name), '') = ''",
        citizen_id,
        full_name,
    )


async def admin_unit(conn: Conn, code: str) -> asyncpg.Record | None:
    return await conn.fetchrow("select code, level, province_code from admin_units where code = $1", code)


async def admin_unit_name(conn: Conn, code: str) -> str | None:
    return await conn.fetchval("select name from admin_units where code = $1", code)


async def first_commune(conn: Conn, province_code: str) -> str | None:
    return await conn.fetchval(
        "select code from admin_units where province_code = $1 order by code limit 1", province_code
    )


async def upsert_demo_citizen(
    conn: Conn, citizen_id: UUID, phone: str, full_name: str, cccd: str, date_of_birth: date,
    province_code: str, commune_code: str | None, street: str,
) -> None:
    """The demo citizen; an existing one keeps any profile already edited (seeding twice changes nothing)."""
    await conn.execute(
        """
        insert into citizens (id, phone, full_name, cccd, date_of_birth, province_code, commune_code, street, language)
        values ($1, $2, $3, $4, $5, $6, $7, $8, 'vi')
        on conflict (phone) do nothing
        """,
        citizen_id, phone, full_name, cccd, date_of_birth, province_code, commune_code, street,
    )


# Staff


async def staff_by_username(conn: Conn, username: str) -> asyncpg.Record | None:
    return await conn.fetchrow(
        """
        select id, username, full_name, role, agency_code, team_code, password_hash, active
        from staff_users where username = $1
        """,
        username,
    )


async def unit_names(conn: Conn, agency_code: str | None, team_code: str | None) -> asyncpg.Record:
    """The names of a staff member's agency (in Vietnamese and English) and team (null where they have none)."""
    return await conn.fetchrow(
        """
        select (select name from agencies where code = $1) as agency_name,
               (select name_en from agencies where code = $1) as agency_name_en,
               (select name from teams where code = $2) as team_name
        """,
        agency_code, team_code,
    )


async def set_password_hash(conn: Conn, staff_id: UUID, password_hash: str) -> None:
    await conn.execute("update staff_users set password_hash = $2 where id = $1", staff_id, password_hash)


async def upsert_staff(
    conn: Conn,
    staff_id: UUID,
    *,
    username: str,
    full_name: str,
    role: str,
    agency_code: str | None,
    team_code: str | None,
    password_hash: str,
) -> None:
    await conn.execute(
        """
        insert into staff_users (id, username, full_name, role, agency_code, team_code, password_hash)
        values ($1, $2, $3, $4, $5, $6, $7)
        on conflict (username) do update set full_name = excluded.full_name, role = excluded.role,
            agency_code = excluded.agency_code, team_code = excluded.team_code,
            password_hash = excluded.password_hash, active = true
        """,
        staff_id,
        username,
        full_name,
        role,
        agency_code,
        team_code,
        password_hash,
    )


async def upsert_team(
    conn: Conn, code: str, name: str, kind: str, admin_unit_code: str, agency_code: str | None
) -> None:
    await conn.execute(
        """
        insert into teams (code, name, kind, admin_unit_code, agency_code) values ($1, $2, $3, $4, $5)
        on conflict (code) do update set name = excluded.name, kind = excluded.kind,
            admin_unit_code = excluded.admin_unit_code, agency_code = excluded.agency_code
        """,
        code,
        name,
        kind,
        admin_unit_code,
        agency_code,
    )


# Sessions


async def insert_session(
    conn: Conn,
    token_hash: bytes,
    *,
    citizen_id: UUID | None,
    staff_id: UUID | None,
    lifetime: timedelta,
    sliding: bool,
    ip: str | None,
    user_agent: str | None,
    second_factor_pending: bool = False,
) -> datetime:
    return await conn.fetchval(
        """
        insert into sessions (token_hash, citizen_id, staff_id, expires_at, sliding, ip, user_agent,
            second_factor_pending)
        values ($1, $2, $3, now() + $4, $5, $6::inet, $7, $8)
        returning expires_at
        """,
        token_hash,
        citizen_id,
        staff_id,
        lifetime,
        sliding,
        ip,
        user_agent,
        second_factor_pending,
    )


async def live_session(conn: Conn, token_hash: bytes) -> asyncpg.Record | None:
    """The session and its owner, if neither revoked nor expired (inactive staff count as signed out)."""
    return await conn.fetchrow(
        """
        select s.token_hash, s.sliding, s.expires_at, s.last_seen_at, s.second_factor_pending,
            s.citizen_id, c.phone, c.full_name as citizen_name, c.language,
            s.staff_id, u.username, u.full_name as staff_name, u.role, u.agency_code, u.team_code
        from sessions s
        left join citizens c on c.id = s.citizen_id
        left join staff_users u on u.id = s.staff_id
        where s.token_hash = $1 and s.revoked_at is null and s.expires_at > now()
            and (s.staff_id is null or u.active)
        """,
        token_hash,
    )


async def extend_session(conn: Conn, token_hash: bytes, lifetime: timedelta) -> datetime | None:
    return await conn.fetchval(
        """
        update sessions set last_seen_at = now(), expires_at = now() + $2
        where token_hash = $1 and revoked_at is null
        returning expires_at
        """,
        token_hash,
        lifetime,
    )


async def revoke_session(conn: Conn, token_hash: bytes) -> None:
    await conn.execute(
        "update sessions set revoked_at = now() where token_hash = $1 and revoked_at is null", token_hash
    )


async def revoke_staff_sessions(conn: Conn, staff_id: UUID) -> None:
    await conn.execute(
        "update sessions set revoked_at = now() where staff_id = $1 and revoked_at is null", staff_id
    )


# Second factor (staff)


async def staff_by_id(conn: Conn, staff_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(
        "select id, username, full_name, role, agency_code, team_code, active from staff_users where id = $1",
        staff_id,
    )


async def second_factor(conn: Conn, staff_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(
        "select secret_encrypted, enrolled_at, last_time_step from staff_second_factors where staff_id = $1", staff_id
    )


async def accept_time_step(conn: Conn, staff_id: UUID, step: int) -> bool:
    """Record the time step of an accepted TOTP code; False when this step (or a later one) was accepted before,
    by an earlier request or one racing this one."""
    return await conn.fetchval(
        """
        update staff_second_factors set last_time_step = $2
        where staff_id = $1 and (last_time_step is null or last_time_step < $2)
        returning true
        """,
        staff_id, step,
    ) is not None


async def start_enrolment(conn: Conn, staff_id: UUID, secret_encrypted: bytes, recovery_codes: list[tuple[UUID, bytes]]) -> bool:
    """A new secret and recovery codes for a staff member not yet enrolled (replacing an unfinished enrolment's);
    False when they are enrolled already."""
    started = await conn.fetchval(
        """
        insert into staff_second_factors (staff_id, secret_encrypted) values ($1, $2)
        on conflict (staff_id) do update set secret_encrypted = excluded.secret_encrypted, created_at = now(),
            last_time_step = null
            where staff_second_factors.enrolled_at is null
        returning true
        """,
        staff_id, secret_encrypted,
    )
    if not started:
        return False
    await conn.execute("delete from staff_recovery_codes where staff_id = $1", staff_id)
    await conn.executemany(
        "insert into staff_recovery_codes (id, staff_id, code_hash) values ($1, $2, $3)",
        [(code_id, staff_id, code_hash) for code_id, code_hash in recovery_codes],
    )
    return True


async def confirm_enrolment(conn: Conn, staff_id: UUID) -> bool:
    """True for exactly one of two requests racing to confirm."""
    return await conn.fetchval(
        "update staff_second_factors set enrolled_at = now() where staff_id = $1 and enrolled_at is null returning true",
        staff_id,
    ) is not None


async def use_recovery_code(conn: Conn, staff_id: UUID, code_hash: bytes) -> bool:
    """Spend a recovery code; False when it is not one of theirs or was used before."""
    return await conn.fetchval(
        """
        update staff_recovery_codes set used_at = now()
        where staff_id = $1 and code_hash = $2 and used_at is null
        returning true
        """,
        staff_id, code_hash,
    ) is not None


async def recovery_codes_left(conn: Conn, staff_id: UUID) -> int:
    return await conn.fetchval(
        "select count(*) from staff_recovery_codes where staff_id = $1 and used_at is null", staff_id
    )


async def delete_second_factor(conn: Conn, staff_id: UUID) -> None:
    await conn.execute("delete from staff_recovery_codes where staff_id = $1", staff_id)
    await conn.execute("delete from staff_second_factors where staff_id = $1", staff_id)


async def enrol_demo_second_factor(conn: Conn, staff_id: UUID, secret_encrypted: bytes) -> None:
    """The demo account's factor, unless it has one (seeding twice changes nothing)."""
    await conn.execute(
        """
        insert into staff_second_factors (staff_id, secret_encrypted, enrolled_at) values ($1, $2, now())
        on conflict (staff_id) do nothing
        """,
        staff_id, secret_encrypted,
    )


# Audit log


async def insert_audit(conn: Conn, entry_id: UUID, fields: dict[str, Any]) -> None:
    await conn.execute(
        """
        insert into audit_log (id, actor_kind, actor_id, actor_role, actor_label, action, object_type,
            object_id, ip, user_agent, detail)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9::inet, $10, $11::text::jsonb)
        """,
        entry_id,
        fields["actor_kind"],
        fields.get("actor_id"),
        fields.get("actor_role"),
        fields.get("actor_label"),
        fields["action"],
        fields.get("object_type"),
        fields.get("object_id"),
        fields.get("ip"),
        fields.get("user_agent"),
        # Sent as text so it works on any connection, with or without the pool's jsonb codec.
        msgspec.json.encode(fields.get("detail") or {}).decode(),
    )


async def audit_page(
    conn: Conn,
    *,
    object_type: str | None,
    object_id: str | None,
    actor_id: UUID | None,
    before: UUID | None,
    limit: int,
    dossier: str | None = None,
    actor: str | None = None,
    action: str | None = None,
    first_day: date | None = None,
    last_day: date | None = None,
) -> list[asyncpg.Record]:
    """Audit entries, newest first, each with the actor's name and the object's human label (a dossier's code, a
    staff member's name). `dossier` is a dossier's code or id; `actor` a username or phone as signed in with, or part
    of a staff member's name; `action` a prefix ("dossier." is every dossier action); days are Vietnam days."""
    # Ids are UUIDv7, so `id desc` is newest first and a stable keyset cursor.
    return await conn.fetch(
        """
        select a.id, a.at, a.actor_kind, a.actor_id, a.actor_role, a.actor_label, a.action, a.object_type,
            a.object_id, host(a.ip) as ip, a.user_agent, a.detail::text as detail,
            case a.actor_kind
                when 'staff' then (select s.full_name from staff_users s where s.id = a.actor_id)
                when 'citizen' then (select c.full_name from citizens c where c.id = a.actor_id)
            end as actor_name,
            case
                when a.object_type = 'dossier' and a.object_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                    then (select d.code from dossiers d where d.id = a.object_id::uuid)
                when a.object_type = 'staff' and a.object_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                    then (select s.full_name from staff_users s where s.id = a.object_id::uuid)
            end as object_label
        from audit_log a
        where ($1::text is null or a.object_type = $1)
            and ($2::text is null or a.object_id = $2)
            and ($3::uuid is null or a.actor_id = $3)
            and ($4::uuid is null or a.id < $4)
            and ($6::text is null or (a.object_type = 'dossier' and a.object_id = coalesce(
                (select d.id::text from dossiers d where d.code = upper($6)), lower($6))))
            and ($7::text is null or lower(a.actor_label) = lower($7) or a.actor_id in (
                select s.id from staff_users s where s.username = lower($7) or strpos(lower(s.full_name), lower($7)) > 0))
            and ($8::text is null or starts_with(a.action, $8))
            and ($9::date is null or a.at >= $9::date::timestamp at time zone 'Asia/Ho_Chi_Minh')
            and ($10::date is null or a.at < ($10::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh')
        order by a.id desc
        limit $5
        """,
        object_type,
        object_id,
        actor_id,
        before,
        limit,
        dossier,
        actor,
        action,
        first_day,
        last_day,
    )


# Acting-for grants (a staff member filing in a citizen's account)


async def insert_acting_grant(
    conn: Conn, grant_id: UUID, token_hash: bytes, staff_id: UUID, citizen_id: UUID, lifetime: timedelta
) -> datetime:
    return await conn.fetchval(
        """
        insert into acting_grants (id, token_hash, staff_id, citizen_id, expires_at) values ($1, $2, $3, $4, now() + $5)
        returning expires_at
        """,
        grant_id, token_hash, staff_id, citizen_id, lifetime,
    )


async def acting_grant(conn: Conn, token_hash: bytes, staff_id: UUID) -> asyncpg.Record | None:
    """The staff member's grant with this token and its citizen, live or not (`live` says which)."""
    return await conn.fetchrow(
        """
        select g.id, g.citizen_id, c.phone, c.full_name, c.language,
               g.ended_at is null and g.expires_at > now() as live
        from acting_grants g join citizens c on c.id = g.citizen_id
        where g.token_hash = $1 and g.staff_id = $2
        """,
        token_hash, staff_id,
    )


async def end_acting_grant(conn: Conn, grant_id: UUID) -> None:
    await conn.execute("update acting_grants set ended_at = now() where id = $1 and ended_at is null", grant_id)


async def insert_citizen_without_phone(conn: Conn, citizen_id: UUID, full_name: str) -> None:
    await conn.execute("insert into citizens (id, full_name) values ($1, $2)", citizen_id, full_name)


# Staff accounts, managed by the admin



_STAFF_MEMBER = """
    select u.id, u.username, u.full_name, u.role, u.agency_code, a.name as agency_name, u.team_code,
           t.name as team_name, u.phone, u.active, u.created_at, u.password_hash is not null as password_set,
           coalesce(f.enrolled_at is not null, false) as second_factor_enrolled
    from staff_users u
    left join agencies a on a.code = u.agency_code
    left join teams t on t.code = u.team_code
    left join staff_second_factors f on f.staff_id = u.id
"""


async def staff_page(
    conn: Conn, *, q: str | None, role: str | None, after: tuple[str, UUID] | None, limit: int
) -> list[asyncpg.Record]:
    """Staff by name then id (keyset on both); `q` is looked for in the name and the username, both folded (case and
    diacritics ignored, as catalogue search does)."""
    return await conn.fetch(
        _STAFF_MEMBER + f"""
        where ($1::text is null
               or {folded("u.full_name")} like '%' || {folded("$1")} || '%'
               or u.username like '%' || lower($1) || '%')
            and ($2::text is null or u.role = $2)
            and ($3::text is null or (u.full_name, u.id) > ($3, $4::uuid))
        order by u.full_name, u.id
        limit $5
        """,
        q, role, after[0] if after else None, after[1] if after else None, limit,
    )


async def staff_member(conn: Conn, staff_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(_STAFF_MEMBER + "where u.id = $1", staff_id)


async def agency_exists(conn: Conn, code: str) -> bool:
    return await conn.fetchval("select exists (select 1 from agencies where code = $1)", code)


async def team_exists(conn: Conn, code: str) -> bool:
    return await conn.fetchval("select exists (select 1 from teams where code = $1)", code)


async def teams(conn: Conn) -> list[asyncpg.Record]:
    return await conn.fetch("select code, name, kind from teams order by name, code")


async def insert_staff(
    conn: Conn, staff_id: UUID, *, username: str, full_name: str, role: str, agency_code: str | None,
    team_code: str | None, phone: str | None,
) -> bool:
    """A new account without a password (its owner chooses one through a link); False when the username is taken."""
    return await conn.fetchval(
        """
        insert into staff_users (id, username, full_name, role, agency_code, team_code, phone, password_hash)
        values ($1, $2, $3, $4, $5, $6, $7, null)
        on conflict (username) do nothing
        returning true
        """,
        staff_id, username, full_name, role, agency_code, team_code, phone,
    ) is not None


async def update_staff(
    conn: Conn, staff_id: UUID, *, full_name: str, role: str, agency_code: str | None, team_code: str | None,
    phone: str | None,
) -> None:
    await conn.execute(
        """
        update staff_users set full_name = $2, role = $3, agency_code = $4, team_code = $5, phone = $6
        where id = $1
        """,
        staff_id, full_name, role, agency_code, team_code, phone,
    )


async def set_staff_active(conn: Conn, staff_id: UUID, active: bool) -> None:
    await conn.execute("update staff_users set active = $2 where id = $1", staff_id, active)


async def clear_password(conn: Conn, staff_id: UUID) -> None:
    await conn.execute("update staff_users set password_hash = null where id = $1", staff_id)


async def retire_password_links(conn: Conn, staff_id: UUID) -> None:
    await conn.execute(
        "update staff_password_links set retired_at = now() where staff_id = $1 and used_at is null and retired_at is null",
        staff_id,
    )


async def insert_password_link(
    conn: Conn, link_id: UUID, staff_id: UUID, token_hash: bytes, created_by: UUID, lifetime: timedelta
) -> datetime:
    """A new link; the person's older live links die with it (only the newest works)."""
    await retire_password_links(conn, staff_id)
    return await conn.fetchval(
        """
        insert into staff_password_links (id, staff_id, token_hash, created_by, expires_at)
        values ($1, $2, $3, $4, now() + $5)
        returning expires_at
        """,
        link_id, staff_id, token_hash, created_by, lifetime,
    )


async def password_link(conn: Conn, token_hash: bytes) -> asyncpg.Record | None:
    return await conn.fetchrow(
        """
        select l.id, l.staff_id, l.expires_at, l.used_at, l.retired_at, l.expires_at <= now() as expired,
               u.username, u.full_name, u.active
        from staff_password_links l join staff_users u on u.id = l.staff_id
        where l.token_hash = $1
        """,
        token_hash,
    )


async def use_password_link(conn: Conn, link_id: UUID) -> bool:
    """True for exactly one of two requests racing with the same link."""
    return await conn.fetchval(
        """
        update staff_password_links set used_at = now()
        where id = $1 and used_at is null and retired_at is null and expires_at > now()
        returning true
        """,
        link_id,
    ) is not None
