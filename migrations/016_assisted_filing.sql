-- Filing for others: a volunteer (youth union) or a reception officer at the counter files a dossier in a
-- person's own account, with the person's consent, and loses access to it once it is submitted.

-- A person helped without a phone of their own gets an account without one: nobody can sign in to it (codes go
-- to phones), it only owns their dossiers, which they follow by code at the counter or through the contact
-- phone written on the dossier. It is keyed by the assisted session that created it (assisted_sessions.citizen_id).
alter table citizens alter column phone drop not null;

-- How a dossier reached us, for "share filed online" (Decision 766): by the person ('online'), by a volunteer
-- on their behalf ('assisted'), or by a reception officer at the desk ('counter'). filed_by_staff_id (004) names
-- the volunteer or officer.
alter table dossiers drop constraint dossiers_channel_check;
alter table dossiers add constraint dossiers_channel_check check (channel in ('online', 'assisted', 'counter'));
-- The acting-for grant the dossier was drafted under: the staff member may open only the drafts of their grant.
alter table dossiers add column acting_grant_id uuid;
create index dossiers_filed_by_idx on dossiers (filed_by_staff_id, submitted_at) where filed_by_staff_id is not null;

-- A short-lived, narrow permission for one staff member to use the citizen filing routes in one citizen's
-- account (accounts). Sent as the X-Acting-For header beside the staff session; ends at the first submission.
create table acting_grants (
    id uuid primary key,
    -- SHA-256 of the opaque token the staff member's device holds.
    token_hash bytea not null unique,
    staff_id uuid not null references staff_users (id),
    citizen_id uuid not null references citizens (id),
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    ended_at timestamptz
);
create index acting_grants_staff_idx on acting_grants (staff_id, created_at desc);

-- Each "help a person" (volunteers): who helped whom, how the person consented and when. No password, no VNeID
-- credential is ever asked for or stored: consent is the SMS code the person received (read out, or typed on
-- their own phone), or, for a person without a phone, their word to the staff member, recorded as such.
create table assisted_sessions (
    id uuid primary key,
    staff_id uuid not null references staff_users (id),
    channel text not null check (channel in ('assisted', 'counter')),
    -- The person's own phone (E.164); null for a person without one.
    phone text check (phone ~ '^\+84[0-9]{9}$'),
    full_name text not null,
    -- A relative's phone to reach a person without their own (optional).
    contact_phone text check (contact_phone ~ '^\+84[0-9]{9}$'),
    citizen_id uuid references citizens (id),
    consent_method text check (consent_method in ('sms_code_read_out', 'confirmed_on_own_phone', 'no_phone')),
    consented_at timestamptz,
    grant_id uuid references acting_grants (id),
    created_at timestamptz not null default now(),
    check ((consent_method is null) = (consented_at is null)),
    check ((consent_method = 'no_phone') = (phone is null) or consent_method is null)
);
create index assisted_sessions_staff_idx on assisted_sessions (staff_id, created_at desc);
