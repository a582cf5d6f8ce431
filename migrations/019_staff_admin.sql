-- Staff accounts managed from the admin screens (issue 17): a phone, passwords chosen by the staff member
-- through a one-time link (never by the admin), and TOTP codes that work once.

-- A work mobile for the staff list (E.164, as citizens' phones); optional.
alter table staff_users add column phone text check (phone ~ '^\+84[0-9]{9}$');

-- Null until the person chooses a password through their set-password link, and again after an admin resets it:
-- such an account cannot sign in with any password.
alter table staff_users alter column password_hash drop not null;

-- One-time set-password links the admin hands over (after creating an account, or resetting its password).
-- Only the SHA-256 of the random token is kept. A link dies when used, when it expires (72 h), or when a newer link
-- is issued for the same person (retired_at).
create table staff_password_links (
    id uuid primary key,
    staff_id uuid not null references staff_users (id) on delete cascade,
    token_hash bytea not null unique,
    created_by uuid references staff_users (id) on delete set null,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    used_at timestamptz,
    retired_at timestamptz
);
create index staff_password_links_staff_idx on staff_password_links (staff_id, created_at desc);

-- RFC 6238 §5.2: a code accepted once is not accepted again. The time step (unix time / 30) of the last code
-- accepted; only a later step's code is accepted after it.
alter table staff_second_factors add column last_time_step bigint;
