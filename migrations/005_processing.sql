-- Processing (giải quyết): the back office's reception desks, assignments, handovers between agencies
-- (liên thông), apology letters for late dossiers, the overdue flag and the working calendar's
-- adjustments (days off and make-up working days) that due dates count with.

-- Which agencies' dossiers a one-stop desk receives. Every agency's desk receives its own dossiers
-- (implicit, no row needed); a province's Public Administration Service Centre receives the
-- province-level dossiers of every department (one row per department).
create table reception_desks (
    desk_agency_code text not null references agencies (code),
    agency_code text not null references agencies (code),
    primary key (desk_agency_code, agency_code)
);
create index reception_desks_agency_idx on reception_desks (agency_code);

-- Days the government moves: extra days off (nghỉ bù, a bridge day) and make-up working days (làm bù,
-- usually a Saturday). Public holidays themselves come from the `holidays` package.
create table calendar_adjustments (
    day date primary key,
    kind text not null check (kind in ('day_off', 'working_day')),
    note text not null default '',
    created_by uuid references staff_users (id),
    created_at timestamptz not null default now()
);

alter table dossiers
    -- The specialist working on the dossier; null while nobody has taken it.
    add column assigned_to uuid references staff_users (id),
    -- The due date the rules gave at reception; `due_date` moves with an apology letter, this does not.
    add column statutory_due_date date,
    -- When the result was ready (approved or resolved on the spot), for early / on time / late.
    add column resolved_at timestamptz,
    add column returned_at timestamptz,
    -- Set by the overdue sweep when the due date passed; cleared by an apology letter's new date.
    add column overdue_since timestamptz,
    -- The stored receipt-and-appointment form (phiếu tiếp nhận và hẹn trả kết quả).
    add column receipt_key text;

create index dossiers_overdue_idx on dossiers (due_date)
    where state in ('received', 'processing', 'pending_approval') and overdue_since is null;
create index dossiers_queue_order_idx on dossiers (agency_code, submitted_at, id) where state <> 'draft';

-- Handovers between agencies, as on the processing control slip (phiếu kiểm soát quá trình giải quyết):
-- who handed it over when, and who in the receiving agency took it when.
create table dossier_handovers (
    id uuid primary key,
    dossier_id uuid not null references dossiers (id) on delete cascade,
    from_agency_code text not null references agencies (code),
    to_agency_code text not null references agencies (code),
    handed_by uuid not null references staff_users (id),
    handed_at timestamptz not null default now(),
    note text,
    taken_by uuid references staff_users (id),
    taken_at timestamptz
);
create index dossier_handovers_dossier_idx on dossier_handovers (dossier_id, handed_at);

-- Apology letters (phiếu xin lỗi và hẹn lại ngày trả): the reason and the new due date.
create table apology_letters (
    id uuid primary key,
    dossier_id uuid not null references dossiers (id) on delete cascade,
    issued_by uuid not null references staff_users (id),
    issued_at timestamptz not null default now(),
    reason text not null check (length(btrim(reason)) > 0),
    previous_due_date date,
    new_due_date date not null
);
create index apology_letters_dossier_idx on apology_letters (dossier_id, issued_at);
