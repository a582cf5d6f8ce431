-- Foundation: the worker heartbeat that proves API → Redis → worker → PostgreSQL.
create table heartbeats (
    id uuid primary key,
    requested_at timestamptz not null default now(),
    processed_at timestamptz,
    processed_by text
);
