-- The procedure catalogue: administrative units, agencies, fields, versioned procedures.
-- Search runs on `search_text`, a Vietnamese-folded copy (lowercase, no tone marks, đ→d) written by
-- the application, so the same folding applies to stored text and queries on any PostgreSQL.
create extension if not exists pg_trgm;

-- Provinces and communes since 1 July 2025 (no district level), codes from `vietnam-provinces`.
create table admin_units (
    code text primary key,
    name text not null,
    division_type text not null,
    level text not null check (level in ('province', 'commune')),
    province_code text references admin_units (code),
    codename text not null,
    search_text text not null,
    check ((level = 'province') = (province_code is null))
);
create index admin_units_province_idx on admin_units (province_code, search_text, code);

create table agencies (
    id uuid primary key,
    code text not null unique,
    name text not null,
    level text not null check (level in ('province', 'commune')),
    admin_unit_code text not null references admin_units (code),
    parent_code text references agencies (code),
    -- The province-level fields this agency handles (empty for communes: they handle every commune procedure).
    field_codes text[] not null default '{}',
    search_text text not null
);
create index agencies_listing_idx on agencies (level, search_text, code);

create table fields (
    code text primary key,
    name text not null,
    position integer not null
);

-- A procedure is its national code; its content lives in versions. A dossier references the version
-- it was filed under, so published versions are never edited or deleted.
create table procedures (
    code text primary key,
    -- The published version search and detail show; moved by publishing.
    current_version_id uuid,
    created_at timestamptz not null default now()
);

create table procedure_versions (
    id uuid primary key,
    procedure_code text not null references procedures (code),
    version integer not null check (version > 0),
    status text not null check (status in ('draft', 'published')),
    valid_from timestamptz,
    name text not null,
    field_code text not null references fields (code),
    level text not null check (level in ('province', 'commune')),
    -- Province-level procedures name the department that handles them; commune ones go to the commune's UBND.
    agency_code text references agencies (code),
    working_days integer not null check (working_days >= 0),
    -- For same-day procedures (working_days = 0): dossiers received after this hour are due the next working day.
    same_day_cutoff time,
    fee jsonb not null,
    online_mode text not null check (online_mode in ('full', 'partial', 'none')),
    result_by_post boolean not null,
    documents jsonb not null default '[]',
    form jsonb not null default '[]',
    keywords text[] not null default '{}',
    note text,
    verified boolean not null default true,
    search_name text not null,
    search_text text not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (procedure_code, version),
    check ((status = 'published') = (valid_from is not null))
);

alter table procedures
    add constraint procedures_current_version_fk foreign key (current_version_id) references procedure_versions (id);

create index procedure_versions_search_trgm_idx on procedure_versions using gin (search_text gin_trgm_ops);
