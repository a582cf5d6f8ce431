-- Accounts: citizens (phone + one-time code), staff (username + password) in agencies or teams,
-- server-side sessions and the append-only audit log.

-- Couriers and volunteers do not handle procedures, so they are not catalogue agencies (the catalogue's
-- agency list is public and feeds procedure routing). They belong to teams: a postal unit of the public
-- postal service or a youth-union team, each working for a province and optionally a service centre.
create table teams (
    code text primary key,
    name text not null,
    kind text not null check (kind in ('postal_unit', 'youth_union')),
    admin_unit_code text not null references admin_units (code),
    -- The agency (usually a service centre) the team works with; null when it serves the whole province.
    agency_code text references agencies (code)
);

create table citizens (
    id uuid primary key,
    -- E.164, Vietnamese mobile: +84 and 9 digits.
    phone text not null unique check (phone ~ '^\+84[0-9]{9}$'),
    full_name text,
    -- Not unique: a person who changes phone number signs up again, and a unique index would leak
    -- whether someone else already registered an ID number.
    cccd text check (cccd ~ '^[0-9]{12}$'),
    date_of_birth date,
    province_code text references admin_units (code),
    commune_code text references admin_units (code),
    street text,
    language text not null default 'vi' check (language in ('vi', 'en')),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check (commune_code is null or province_code is not null)
);

-- One-time sign-in codes. Only the newest live code of a phone counts; issuing one retires the others.
create table otp_codes (
    id uuid primary key,
    phone text not null,
    -- HMAC-SHA256(server secret, phone:code): six digits are too few to survive a plain hash.
    code_hash bytea not null,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    attempts integer not null default 0 check (attempts >= 0),
    -- Set when the code signs someone in or is replaced; a used code is dead.
    consumed_at timestamptz
);
create index otp_codes_phone_idx on otp_codes (phone, created_at desc);

create table staff_users (
    id uuid primary key,
    username text not null unique check (username = lower(username)),
    full_name text not null,
    role text not null check (role in ('reception_officer', 'specialist', 'leader', 'courier', 'volunteer', 'admin')),
    agency_code text references agencies (code),
    team_code text references teams (code),
    password_hash text not null,
    active boolean not null default true,
    created_at timestamptz not null default now(),
    -- Couriers and volunteers belong to a team; everyone else to exactly one agency.
    check (
        (role in ('courier', 'volunteer') and team_code is not null and agency_code is null)
        or (role not in ('courier', 'volunteer') and agency_code is not null and team_code is null)
    )
);

create table sessions (
    -- SHA-256 of the opaque cookie token: a leaked table does not let anyone sign in.
    token_hash bytea primary key,
    citizen_id uuid references citizens (id) on delete cascade,
    staff_id uuid references staff_users (id) on delete cascade,
    created_at timestamptz not null default now(),
    last_seen_at timestamptz not null default now(),
    expires_at timestamptz not null,
    -- Citizens' sessions slide (each use extends them); staff sessions end after one shift.
    sliding boolean not null,
    revoked_at timestamptz,
    ip inet,
    user_agent text,
    check (num_nonnulls(citizen_id, staff_id) = 1)
);
create index sessions_citizen_idx on sessions (citizen_id) where citizen_id is not null;
create index sessions_staff_idx on sessions (staff_id) where staff_id is not null;

-- Who did what to which object, when and from where. Append-only: rows are never changed or removed.
create table audit_log (
    id uuid primary key,
    at timestamptz not null default now(),
    actor_kind text not null check (actor_kind in ('citizen', 'staff', 'anonymous')),
    actor_id uuid,
    actor_role text,
    -- What the actor typed to identify themselves (phone, username), kept for failed sign-ins.
    actor_label text,
    action text not null,
    object_type text,
    object_id text,
    ip inet,
    user_agent text,
    detail jsonb not null default '{}'
);
create index audit_log_object_idx on audit_log (object_type, object_id, id desc);
create index audit_log_actor_idx on audit_log (actor_id, id desc);

create function audit_log_refuse_change() returns trigger language plpgsql as $$
begin
    raise exception 'audit_log is append-only: % is not allowed', tg_op using errcode = 'insufficient_privilege';
end
$$;

create trigger audit_log_no_update_or_delete before update or delete on audit_log
    for each row execute function audit_log_refuse_change();
create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_refuse_change();
