-- transcripts schema, version 6: term lists per source and per language, beside the lists over every document.
--
-- Why: a ranked search with `--source intelligence` or `--language es-US` could only read the lists of all
-- documents and reject the candidates of other sources or languages. Short v2010 transcriptions fill the top of
-- a word's list, so at a million documents the lists rarely proved an Intelligence page and FTS5 scored every
-- match; and the exact total walked every match of the word beside the filter's ids (half a million for a
-- source). A list per (term, facet) holds only that facet's documents, best first, with that facet's exact
-- document count: the page comes from its first entries, and a one-word total is its `df`.
--
-- Facets: '' is every document (the lists of 0002); 'source:<source>' (documents.source) and
-- 'language:<language>' (lower(documents.language)). A facet gets a list for a term when at least the lists'
-- minimum number of its documents have the term (TermLists.Settings). Scores are the same bm25 as FTS5's, with
-- the whole index's statistics, so a facet list's impacts equal the main list's.
--
-- The lists are rebuilt from FTS5 right after this migration (SchemaMigrations, in the index module), as an
-- import rebuilds them: a few minutes per million documents.

DROP TABLE term_list_entries;
DROP TABLE term_lists;

-- One row per (term, facet) with a list.
CREATE TABLE term_lists (
    term    TEXT NOT NULL,         -- as FTS5 stores it (lower case), or an indexed prefix (TermLists' ListUnit)
    facet   TEXT NOT NULL,         -- '' (every document), 'source:…' or 'language:…'
    df      INTEGER NOT NULL,      -- documents of the facet containing the term, exactly (for '': bm25's nHit)
    avgdl   REAL NOT NULL,         -- the average length the impacts were computed with
    cutoff  REAL NOT NULL,         -- no document of the facet outside the list has a higher impact (0: complete)
    entries INTEGER NOT NULL,      -- rows in term_list_entries
    PRIMARY KEY (term, facet)
) WITHOUT ROWID;

-- The lists, best impact first. tf and dl are exact, so a search computes the current score without a lookup.
CREATE TABLE term_list_entries (
    term   TEXT NOT NULL,
    facet  TEXT NOT NULL,
    impact REAL NOT NULL,
    id     INTEGER NOT NULL,       -- documents.id
    tf     INTEGER NOT NULL,
    dl     INTEGER NOT NULL,
    PRIMARY KEY (term, facet, impact DESC, id)
) WITHOUT ROWID;
CREATE INDEX term_list_entries_id ON term_list_entries(id);

-- A changed document leaves the facet lists of the source and language it had: the change log keeps them.
ALTER TABLE term_list_changes ADD COLUMN old_source TEXT;
ALTER TABLE term_list_changes ADD COLUMN old_language TEXT;
DROP TRIGGER term_list_changes_delete;
DROP TRIGGER term_list_changes_update;
CREATE TRIGGER term_list_changes_delete AFTER DELETE ON documents BEGIN
    INSERT INTO term_list_changes(id, old_text, old_source, old_language)
    VALUES (old.id, old.search_text, old.source, old.language);
END;
CREATE TRIGGER term_list_changes_update AFTER UPDATE OF text, source, language ON documents
WHEN old.text IS NOT new.text OR old.source IS NOT new.source OR old.language IS NOT new.language BEGIN
    INSERT INTO term_list_changes(id, old_text, old_source, old_language)
    VALUES (old.id, old.search_text, old.source, old.language);
END;

-- Rebuilt after this migration; until then (and in a new, empty index) the lists are not built.
DELETE FROM term_list_changes;
DELETE FROM term_list_state WHERE key = 'built_at';
