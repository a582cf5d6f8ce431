-- The public dashboard (backend/stats): each agency's figures per day in Vietnam, recomputed from the dossiers and
-- payments by the worker's cron (stats.service.refresh_dashboard), so the dashboard sums a few rows per agency
-- instead of reading every dossier. A day's row is replaced whole, never incremented: refreshing twice is refreshing
-- once. The definitions of each figure are in backend/stats/queries.py and beside each figure in the API.
create table stats_agency_days (
    day date not null,
    agency_code text not null references agencies (code),
    -- Dossiers received that day, of them filed online and fully digitised.
    received integer not null default 0,
    received_online integer not null default 0,
    received_digitised integer not null default 0,
    -- Dossiers whose result was ready that day, against their statutory due date.
    resolved_early integer not null default 0,
    resolved_on_time integer not null default 0,
    resolved_late integer not null default 0,
    -- Fees paid that day for the agency's dossiers, online (VNPay, bank transfer) or in cash at the desk.
    paid_online integer not null default 0,
    paid_cash integer not null default 0,
    primary key (day, agency_code)
);
create index stats_agency_days_agency_idx on stats_agency_days (agency_code, day);

-- When the summary was last refreshed and from which day on (one row).
create table stats_refreshes (
    singleton boolean primary key default true check (singleton),
    refreshed_at timestamptz not null,
    from_day date
);

-- A refresh reads the dossiers received or resolved in its days: ranges of these indexes.
create index dossiers_received_at_idx on dossiers (received_at) where received_at is not null;
create index dossiers_resolved_at_idx on dossiers (resolved_at) where resolved_at is not null;
