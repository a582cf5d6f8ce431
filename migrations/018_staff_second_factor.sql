-- Staff sign in with a second factor (TOTP, RFC 6238) after their password (issue 17).

-- A staff member's authenticator secret. Written when enrolment starts (enrolled_at null) and confirmed by the first
-- right code. The secret is encrypted with AES-256-GCM under a key derived from SECRET_KEY (as the app's other secrets
-- derive from it: CSRF tokens, one-time code hashes), with the staff id as associated data, so a copy of the table
-- (or a row moved to another account) opens nobody's authenticator. Changing SECRET_KEY means resetting every factor.
create table staff_second_factors (
    staff_id uuid primary key references staff_users (id) on delete cascade,
    secret_encrypted bytea not null,
    created_at timestamptz not null default now(),
    enrolled_at timestamptz
);

-- One-time recovery codes, shown once at enrolment; only their HMAC is kept. A used code stays, marked, so the
-- audit of when it was used survives.
create table staff_recovery_codes (
    id uuid primary key,
    staff_id uuid not null references staff_users (id) on delete cascade,
    code_hash bytea not null,
    used_at timestamptz,
    unique (staff_id, code_hash)
);

-- A staff session opened by the password alone: it may only complete the second factor, and lives minutes.
alter table sessions add column second_factor_pending boolean not null default false;
