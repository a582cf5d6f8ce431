-- Catalogue search at a province's scale (2,000 procedures). Each version keeps the words of everything a search
-- looks through (its search text, its field's name, its agency's name), indexed; the catalogue's vocabulary (those
-- words, distinct: a few thousand short strings) is kept beside. A query's words are first matched against the
-- vocabulary, then the procedures holding those words are found through the index, and only they are ranked
-- (backend/catalog/queries.py). Kept by triggers, so every writer (seed, import, admin, publish) keeps them.

alter table procedure_versions add column search_words text[] not null default '{}';

-- Words are only ever added: one no version holds any more finds no procedure, which costs nothing.
create table catalogue_words (
    word text collate "C" primary key
);

create function procedure_version_words() returns trigger language plpgsql as $$
begin
    new.search_words := array(
        select distinct word
        from regexp_split_to_table(concat_ws(' ',
            new.search_text,
            (select search_name from fields where code = new.field_code),
            (select search_words from agencies where code = new.agency_code)
        ), '[^a-z0-9]+') as word
        where word <> ''
    );
    insert into catalogue_words (word) select unnest(new.search_words) on conflict do nothing;
    return new;
end
$$;

create trigger procedure_version_words before insert or update on procedure_versions
    for each row execute function procedure_version_words();

-- A field or agency renamed: the versions that name it take its new words.
create function procedure_versions_renamed() returns trigger language plpgsql as $$
begin
    if tg_table_name = 'fields' then
        update procedure_versions set search_words = '{}' where field_code = new.code;
    else
        update procedure_versions set search_words = '{}' where agency_code = new.code;
    end if;
    return null;
end
$$;

create trigger fields_renamed after update of search_name on fields
    for each row when (old.search_name is distinct from new.search_name)
    execute function procedure_versions_renamed();
create trigger agencies_renamed after update of search_text on agencies
    for each row when (old.search_text is distinct from new.search_text)
    execute function procedure_versions_renamed();

update procedure_versions set search_words = '{}';
create index procedure_versions_words_idx on procedure_versions using gin (search_words);
