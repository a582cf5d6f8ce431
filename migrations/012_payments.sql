-- Fees and payments (backend/payments). Each procedure says when its fee is due: with the submission (the desk
-- receives the dossier once it is paid) or with the result (handed over once paid).
alter table procedure_versions add column fee_stage text not null default 'submission'
    check (fee_stage in ('submission', 'result'));

-- One payment request per dossier and fee stage. `reference` is what the money carries: VNPay's vnp_TxnRef (with the
-- attempt number appended) and the VietQR transfer content.
create table payments (
    id uuid primary key,
    dossier_id uuid not null references dossiers (id) on delete cascade,
    stage text not null check (stage in ('submission', 'result')),
    reference text not null unique,
    amount bigint not null check (amount > 0),
    items jsonb not null,
    state text not null default 'pending'
        check (state in ('pending', 'paid', 'failed', 'expired', 'cancelled', 'refunded')),
    channel text check (channel in ('vnpay', 'vietqr', 'cash')),
    -- Each VNPay attempt has its own vnp_TxnRef (the reference's letters and digits, then the attempt number);
    -- querydr needs the time the latest one started.
    vnpay_attempts integer not null default 0,
    vnpay_started_at timestamptz,
    provider_transaction text,
    receipt_number text unique,
    cash_receipt_number text,
    received_by uuid references staff_users (id),
    paid_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (dossier_id, stage)
);
create index payments_pending_idx on payments (updated_at) where state = 'pending';
create index payments_compact_reference_idx on payments (regexp_replace(reference, '[^0-9A-Za-z]', '', 'g'));
create index payments_paid_day_idx on payments (paid_at) where state in ('paid', 'refunded');

-- Every change of a payment and what caused it: a gateway's notice, a reconciliation, an officer.
create table payment_events (
    id uuid primary key,
    payment_id uuid not null references payments (id) on delete cascade,
    at timestamptz not null default now(),
    from_state text not null,
    to_state text not null,
    source text not null,
    detail jsonb not null default '{}'
);
create index payment_events_payment_idx on payment_events (payment_id, at);

-- Transfers the bank reported (idempotent by the bank's own id); those that do not pay a request exactly wait for
-- an officer.
create table bank_transfers (
    id uuid primary key,
    bank_reference text not null unique,
    amount bigint not null,
    description text not null,
    transferred_at timestamptz not null,
    payment_id uuid references payments (id),
    outcome text not null check (outcome in ('matched', 'partial', 'excess', 'unmatched', 'already_paid')),
    reviewed_by uuid references staff_users (id),
    reviewed_at timestamptz,
    received_at timestamptz not null default now()
);
create index bank_transfers_review_idx on bank_transfers (received_at) where outcome <> 'matched' and reviewed_at is null;

-- A paid dossier later refused, stopped or withdrawn: the money goes back, completed by an officer.
create table refunds (
    id uuid primary key,
    payment_id uuid not null unique references payments (id),
    amount bigint not null,
    state text not null default 'requested' check (state in ('requested', 'completed')),
    requested_at timestamptz not null default now(),
    completed_at timestamptz,
    completed_by uuid references staff_users (id),
    note text
);

-- E-receipts are numbered per year without gaps.
create table receipt_counters (
    year integer primary key,
    last_value integer not null
);
