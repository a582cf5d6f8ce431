-- Fees and payments (backend/payments). Each procedure says when its fee is due: with the submission (the desk
-- receives the dossier once it is paid) or with the result (handed over once paid).
alter table procedure_versions add column fee_stage text not null default 'submission'
    check (fee_stage in ('submission', 'result'));
