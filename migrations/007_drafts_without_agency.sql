-- A commune-level draft exists on the server before its commune is chosen, so its photos upload and
-- it is listed in "Hồ sơ của tôi": the agency is decided when the commune is. Only drafts may lack it.

alter table dossiers alter column agency_code drop not null;
alter table dossiers add constraint dossiers_agency_unless_draft check (state = 'draft' or agency_code is not null);
