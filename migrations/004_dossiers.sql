-- Dossiers (hồ sơ): drafts a citizen or a volunteer fills, photographed pages, the submission with its
-- code, the status history, the notification outbox, idempotency keys and the personal wallet.

-- Gap-free daily sequences per agency: the row is locked by the submitting transaction, so a
-- rolled-back submission returns its number and two submissions can never take the same one.
create table dossier_code_counters (
    agency_code text not null references agencies (code),
    day date not null,
    last_value integer not null,
    primary key (agency_code, day)
);

create table dossiers (
    id uuid primary key,
    -- Human code, assigned at submission: agency code-yyMMdd-NNNN.
    code text unique,
    procedure_version_id uuid not null references procedure_versions (id),
    procedure_code text not null references procedures (code),
    -- The agency whose queue holds the dossier now (changes on handover).
    agency_code text not null references agencies (code),
    citizen_id uuid not null references citizens (id),
    -- A volunteer filing on the citizen's behalf; null when the citizen filed.
    filed_by_staff_id uuid references staff_users (id),
    state text not null default 'draft',
    -- Optimistic locking: every transition bumps it; a stale version is refused.
    lock_version integer not null default 1,
    channel text not null default 'online' check (channel in ('online', 'counter')),
    applicant jsonb not null default '{}',
    form jsonb not null default '{}',
    delivery jsonb not null default '{"method": "counter"}',
    fee_quote jsonb,
    submitted_at timestamptz,
    received_at timestamptz,
    due_date date,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check ((state = 'draft') = (code is null))
);
create index dossiers_citizen_idx on dossiers (citizen_id, created_at desc);
create index dossiers_queue_idx on dossiers (agency_code, state, submitted_at);

-- A required document of the dossier answered by reusing a wallet document instead of new photos.
create table dossier_wallet_reuses (
    dossier_id uuid not null references dossiers (id) on delete cascade,
    document_code text not null,
    wallet_document_id uuid not null,
    primary key (dossier_id, document_code)
);

-- One photographed page of one required document. The id is chosen by the client, so a retried
-- upload lands on the same row.
create table pages (
    id uuid primary key,
    dossier_id uuid not null references dossiers (id) on delete cascade,
    document_code text not null,
    position integer not null check (position >= 0),
    status text not null check (status in ('processing', 'ready', 'failed')),
    original_key text not null,
    original_bytes integer not null,
    image_key text,
    thumbnail_key text,
    media_type text,
    width integer,
    height integer,
    image_bytes integer,
    failure text,
    enqueued_at timestamptz not null default now(),
    processed_at timestamptz,
    created_at timestamptz not null default now()
);
create index pages_dossier_idx on pages (dossier_id, document_code, position);
create index pages_stuck_idx on pages (enqueued_at) where status = 'processing';

-- The dossier's history: every transition, who, when, from, to, why, and who may see it.
create table dossier_events (
    id uuid primary key,
    dossier_id uuid not null references dossiers (id) on delete cascade,
    at timestamptz not null default now(),
    actor_kind text not null check (actor_kind in ('citizen', 'staff', 'system')),
    actor_id uuid,
    actor_role text,
    action text not null,
    from_state text,
    to_state text not null,
    note text,
    visibility text not null check (visibility in ('citizen', 'internal')),
    detail jsonb not null default '{}'
);
create index dossier_events_dossier_idx on dossier_events (dossier_id, at, id);

-- Notifications to send, written in the same transaction as the change they announce.
create table outbox (
    id uuid primary key,
    created_at timestamptz not null default now(),
    kind text not null,
    dossier_id uuid references dossiers (id) on delete cascade,
    citizen_id uuid references citizens (id),
    payload jsonb not null default '{}',
    sent_at timestamptz
);
create index outbox_unsent_idx on outbox (created_at) where sent_at is null;

-- A retried request with the same key gets the first answer; kept 24 hours.
create table idempotency_keys (
    scope text not null,
    key text not null,
    request_hash bytea not null,
    response_status integer,
    response_body jsonb,
    created_at timestamptz not null default now(),
    primary key (scope, key)
);
create index idempotency_keys_created_idx on idempotency_keys (created_at);

-- Documents a person already gave, offered for reuse ("Dùng lại") so nobody photographs a paper twice.
create table wallet_documents (
    id uuid primary key,
    citizen_id uuid not null references citizens (id) on delete cascade,
    document_type text not null,
    title text not null,
    source_dossier_id uuid references dossiers (id) on delete set null,
    page_ids uuid[] not null default '{}',
    created_at timestamptz not null default now(),
    unique (citizen_id, document_type, source_dossier_id)
);
create index wallet_documents_citizen_idx on wallet_documents (citizen_id, document_type, created_at desc);

alter table dossier_wallet_reuses
    add constraint dossier_wallet_reuses_document_fk foreign key (wallet_document_id) references wallet_documents (id);
