-- Satisfaction ratings and feedback with answers (backend/feedback).

-- A rating says nothing of who gave it or of which dossier: the agency, the day it was given, the nine
-- criteria's scores (0/1/2, in criteria.CRITERIA's order) and the overall 1–5. Its id is random (not UUIDv7,
-- whose time would match the marker below), and "once per dossier" is kept by `rated_dossiers`, which has no
-- link to the rating: the two are written in one transaction and cannot be joined afterwards.
create table ratings (
    id uuid primary key default gen_random_uuid(),
    agency_code text not null references agencies (code),
    rated_on date not null,
    scores smallint[] not null check (
        cardinality(scores) = 9 and 0 <= all (scores) and 2 >= all (scores)
    ),
    overall smallint not null check (overall between 1 and 5),
    comment text check (char_length(comment) <= 1000)
);
create index ratings_agency_day_idx on ratings (agency_code, rated_on);

create table rated_dossiers (
    dossier_id uuid primary key references dossiers (id) on delete cascade
);

-- Phản ánh, kiến nghị: from a signed-in citizen or from a phone confirmed by a one-time code.
create table feedback (
    id uuid primary key,
    -- Short and human, printed for the sender: PA-yyMMdd-NNNN, a daily sequence (feedback_code_counters).
    tracking_code text not null unique,
    agency_code text not null references agencies (code),
    citizen_id uuid references citizens (id) on delete set null,
    -- E.164; the signed-in citizen's phone, or the one confirmed by code. Looked up by its last four digits.
    phone text not null check (phone ~ '^\+84[0-9]{9}$'),
    language text not null default 'vi' check (language in ('vi', 'en')),
    dossier_id uuid references dossiers (id) on delete set null,
    body text not null check (char_length(body) between 10 and 4000),
    state text not null default 'sent' check (state in ('sent', 'answered')),
    due_on date not null,
    answer text check (char_length(answer) <= 4000),
    answered_by uuid references staff_users (id),
    answered_at timestamptz,
    published boolean not null default false,
    -- The folded words of the body and the answer (catalog.search.fold), for the public Q&A search.
    search_text text not null default '',
    created_at timestamptz not null default now(),
    check (state = 'sent' or answer is not null),
    check (not published or state = 'answered')
);
create index feedback_queue_idx on feedback (agency_code, state, due_on);
create index feedback_citizen_idx on feedback (citizen_id, created_at desc);
create index feedback_published_idx on feedback (answered_at desc, id desc) where published;

-- Up to three photos a feedback carries, uploaded one by one before it is sent (each checked as a page photo by
-- documents.imaging, the bytes in object storage). Until a feedback takes it, a photo belongs to who uploaded it: a
-- citizen, or a phone proved by its code; only that sender's feedback may take it. One never taken is removed a day
-- later (service.sweep_unsent_photos, run by later uploads), so abandoned forms leave nothing behind for long.
create table feedback_photos (
    id uuid primary key,
    citizen_id uuid references citizens (id) on delete set null,
    phone text check (phone ~ '^\+84[0-9]{9}$'),
    storage_key text not null unique,
    media_type text not null,
    bytes integer not null check (bytes > 0),
    feedback_id uuid references feedback (id) on delete cascade,
    -- 0, 1 or 2: the unique pair below is what holds a feedback to three photos.
    position smallint check (position between 0 and 2),
    created_at timestamptz not null default now(),
    check ((feedback_id is null) = (position is null)),
    check (feedback_id is not null or citizen_id is not null or phone is not null),
    unique (feedback_id, position)
);
create index feedback_photos_unsent_idx on feedback_photos (created_at) where feedback_id is null;

create table feedback_code_counters (
    day date primary key,
    last_value integer not null
);

-- A message to someone without an account (feedback sent from a phone confirmed by code): the outbox row carries
-- the phone and language itself; rows about a citizen leave them null and take the citizen's.
alter table outbox add column to_phone text, add column to_language text;
