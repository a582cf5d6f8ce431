-- The catalogue at provincial scale (issue 17): 2,000 procedures, each with its versions.

-- "Which dossiers pin which version" (the administrators' pinned counts, GET /api/catalog/admin/procedures/{code}/pinned)
-- counts a procedure's dossiers by version: without this index that is a scan of every dossier.
create index dossiers_procedure_version_idx on dossiers (procedure_version_id);
