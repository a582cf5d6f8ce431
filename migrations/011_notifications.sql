-- Notifications (backend/notifications): the outbox, written in the transaction of the change it reports,
-- becomes messages, one per channel and device; providers carry them and report back.

-- `sent_at` meant "done with"; a row is now done once it has been turned into messages.
alter table outbox rename column sent_at to fanned_out_at;

-- Committed outbox rows wake the workers at once (LISTEN motcua_outbox); a sweeper catches any missed.
create function outbox_wake() returns trigger language plpgsql as $$
begin
    perform pg_notify('motcua_outbox', new.id::text);
    return new;
end $$;
create trigger outbox_wake after insert on outbox for each row execute function outbox_wake();

-- A person's "no" to a channel; no row means yes.
create table notification_preferences (
    citizen_id uuid not null references citizens (id) on delete cascade,
    channel text not null check (channel in ('sms', 'push')),
    enabled boolean not null,
    primary key (citizen_id, channel)
);

-- One per browser that allowed notifications (RFC 8030 subscription); gone when the push service says so.
create table push_subscriptions (
    id uuid primary key,
    citizen_id uuid not null references citizens (id) on delete cascade,
    endpoint text not null unique,
    p256dh text not null,
    auth text not null,
    created_at timestamptz not null default now()
);
create index push_subscriptions_citizen_idx on push_subscriptions (citizen_id);

create table messages (
    id uuid primary key,
    outbox_id uuid references outbox (id) on delete cascade,
    citizen_id uuid references citizens (id) on delete cascade,
    dossier_id uuid references dossiers (id) on delete cascade,
    channel text not null check (channel in ('sms', 'push')),
    kind text not null,
    phone text,
    -- No foreign key: the message's history outlives a subscription the push service declared gone.
    subscription_id uuid,
    language text not null check (language in ('vi', 'en')),
    -- SMS text, or the push payload (JSON). A sign-in code is kept masked: only the SMS carries it.
    body text not null,
    urgent boolean not null default false,
    -- 'created' until a provider takes it (failed hand-offs are retried in this state); see schemas.MessageStatus.
    status text not null default 'created' check (status in (
        'created', 'sending', 'delivered', 'temporary-failure', 'permanent-failure', 'technical-failure')),
    attempts integer not null default 0,
    provider text,
    reference text,
    failure text,
    -- When the change happened (the outbox row's time): hand-off latency is measured from it.
    changed_at timestamptz not null,
    -- Quiet hours and the daily cap hold a message until then.
    send_after timestamptz not null default now(),
    created_at timestamptz not null default now(),
    sent_at timestamptz,
    delivered_at timestamptz,
    updated_at timestamptz not null default now()
);
-- An outbox row becomes one message per channel and device, however often a worker retries the fan-out.
create unique index messages_once_idx on messages (outbox_id, channel, subscription_id) nulls not distinct
    where outbox_id is not null;
create index messages_dossier_idx on messages (dossier_id, created_at);
create index messages_unfinished_idx on messages (send_after) where status = 'created';
create unique index messages_reference_idx on messages (provider, reference) where reference is not null;
create index messages_phone_day_idx on messages (phone, send_after) where channel = 'sms';
