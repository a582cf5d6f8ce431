-- Delivery by public post (backend/delivery): shipments of results to people's homes (outbound) and of paper
-- originals from their homes to the desk (inbound), their events, and the scheduled hand-overs to the post.

-- The postage quoted at submission (amount, weight class, zone, who pays); written by the dossiers domain.
alter table dossiers add column postage jsonb;

-- The 8 serial digits of UPU S10 tracking codes (backend/delivery/tracking.py).
create sequence shipment_serial minvalue 1 maxvalue 99999999;

-- A batch of results the desk hands to the post at a scheduled slot (or at once); the courier confirms it.
create table handover_batches (
    id uuid primary key,
    agency_code text not null references agencies (code),
    slot timestamptz not null,
    state text not null default 'open' check (state in ('open', 'handed_over')),
    courier_id uuid references staff_users (id),
    created_by uuid references staff_users (id),
    created_at timestamptz not null default now(),
    confirmed_at timestamptz,
    unique (agency_code, slot)
);
create index handover_batches_open_idx on handover_batches (slot) where state = 'open';

create table shipments (
    id uuid primary key,
    tracking_code text not null unique,
    dossier_id uuid not null references dossiers (id) on delete cascade,
    direction text not null check (direction in ('outbound', 'inbound')),
    state text not null default 'created' check (state in (
        'created', 'handed_over', 'picked_up', 'in_transit', 'out_for_delivery', 'delivered', 'failed_attempt',
        'returned', 'cancelled')),
    -- The desk that hands it over (outbound) or receives it (inbound).
    agency_code text not null references agencies (code),
    -- {name, phone, province_code, commune_code, street}; phone in E.164 or null.
    recipient jsonb not null,
    postage integer not null check (postage >= 0),
    weight_class text not null,
    postage_payment text not null check (postage_payment in ('with_fee', 'on_delivery')),
    -- Cash the courier collects at the door (on_delivery); the deliver event confirms it was collected.
    cash_to_collect integer not null default 0,
    cash_collected_at timestamptz,
    batch_id uuid references handover_batches (id),
    carrier text not null default 'in_app',
    carrier_order_id text,
    courier_id uuid references staff_users (id),
    -- The recipient's 6-digit code, kept as an HMAC; locked after 5 wrong tries until a new one is sent.
    recipient_code_hash bytea,
    recipient_code_sent_at timestamptz,
    recipient_code_failures integer not null default 0,
    recipient_code_locked boolean not null default false,
    lock_version integer not null default 0,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
-- One outbound shipment per dossier (a cancelled one may be replaced); one open collection of originals.
create unique index shipments_one_outbound_idx on shipments (dossier_id) where direction = 'outbound' and state <> 'cancelled';
create unique index shipments_one_inbound_idx on shipments (dossier_id)
    where direction = 'inbound' and state not in ('cancelled', 'returned', 'delivered');
create index shipments_desk_idx on shipments (agency_code, state);
create index shipments_courier_idx on shipments (courier_id, state);
create index shipments_batch_idx on shipments (batch_id);

create table shipment_events (
    id uuid primary key,
    shipment_id uuid not null references shipments (id) on delete cascade,
    action text not null,
    from_state text,
    to_state text not null,
    -- 'system' for the carrier's callbacks and the batch cron; else a staff or citizen id.
    actor_kind text not null,
    actor_id uuid,
    device_time timestamptz,
    received_at timestamptz not null default now(),
    idempotency_key text unique,
    reason text,
    slip_photo_key text,
    detail jsonb not null default '{}'
);
create index shipment_events_shipment_idx on shipment_events (shipment_id, received_at);

-- Slip photos a courier took, before the deliver event names one.
create table shipment_slips (
    id uuid primary key,
    shipment_id uuid not null references shipments (id) on delete cascade,
    storage_key text not null,
    taken_by uuid references staff_users (id),
    created_at timestamptz not null default now()
);
