-- Search ranks procedures by words, tier by tier (api_schema/search_ranking.json), the same way the PWA
-- ranks its offline copy. A procedure version's `search_name` becomes its name's words joined by one space,
-- and its `search_text` the words of its name, code and keywords with ' | ' between parts, so that a phrase
-- never runs from one keyword into the next (backend.catalog.search writes both for new versions).
update procedure_versions set
    search_name = btrim(regexp_replace(search_name, '[^a-z0-9]+', ' ', 'g')),
    search_text = (
        select string_agg(btrim(regexp_replace(part, '[^a-z0-9]+', ' ', 'g')), ' | ' order by position)
        from unnest(string_to_array(search_text, ' · ')) with ordinality as parts (part, position)
    );

-- Matching is by words now; nothing searches with trigrams any more.
drop index if exists procedure_versions_search_trgm_idx;

-- The field's and the agency's names are searched too (the last parts of a procedure's text).
-- Fields are written only by the seed, which fills this in.
alter table fields add column search_name text not null default '';
alter table agencies add column search_words text
    generated always as (btrim(regexp_replace(search_text, '[^a-z0-9]+', ' ', 'g'))) stored;
