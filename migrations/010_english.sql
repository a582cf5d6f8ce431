-- English beside the Vietnamese, for people who read the app in English: a procedure version's name and
-- note (its documents' names and form labels and choices live in its jsonb columns, as `name_en`,
-- `label_en`, `choices_en`), a field's name and an agency's name. Null where nobody translated it yet:
-- the PWA then shows the Vietnamese, marked as such.
alter table procedure_versions add column name_en text, add column note_en text;
alter table fields add column name_en text;
alter table agencies add column name_en text;
