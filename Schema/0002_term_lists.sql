-- transcripts schema, version 2: impact-ordered top lists for frequent terms (the exact top-k path of ranked search).
--
-- Why: FTS5 computes bm25 for every match before it can return the best 20, so a word in 40% of a million
-- transcriptions costs ~0.6 s however small the page. bm25 for one word depends on the document only through
-- its term frequency tf and length dl; for each frequent term (in at least 2,000 transcriptions) these tables
-- keep the documents with the highest "impact" tf·(k1+1)/(tf + k1·(1−b+b·dl/avgdl)), best first, and a
-- cutoff no document outside the list exceeds. A search reads a few hundred entries, scores them exactly as
-- FTS5 would, and stops once nothing outside can beat its page (TermListSearch in the query module). Anything
-- it cannot prove exact falls back to plain FTS5.

-- One row per frequent term.
CREATE TABLE term_lists (
    term    TEXT PRIMARY KEY,      -- as FTS5 stores it (lower case, stemmed)
    df      INTEGER NOT NULL,      -- transcriptions containing the term, exactly (bm25's nHit)
    avgdl   REAL NOT NULL,         -- the average length the impacts were computed with
    cutoff  REAL NOT NULL,         -- no transcription outside the list has a higher impact (0: the list is complete)
    entries INTEGER NOT NULL       -- rows in term_list_entries
) WITHOUT ROWID;

-- The lists, best impact first. tf and dl are exact, so a search computes the current score without a lookup.
CREATE TABLE term_list_entries (
    term   TEXT NOT NULL,
    impact REAL NOT NULL,
    id     INTEGER NOT NULL,       -- transcriptions.id
    tf     INTEGER NOT NULL,
    dl     INTEGER NOT NULL,
    PRIMARY KEY (term, impact DESC, id)
) WITHOUT ROWID;
CREATE INDEX term_list_entries_id ON term_list_entries(id);

-- Transcriptions whose indexed text changed since the lists were last brought up to date, with the text they
-- had before (to take them out of the document frequencies). The lists are used only while this table is empty;
-- every write transaction folds its own changes in before it commits, and a large import rebuilds the lists.
CREATE TABLE term_list_changes (
    seq      INTEGER PRIMARY KEY,
    id       INTEGER NOT NULL,
    old_text TEXT
);
CREATE TRIGGER term_list_changes_insert AFTER INSERT ON transcriptions BEGIN
    INSERT INTO term_list_changes(id, old_text) VALUES (new.id, NULL);
END;
CREATE TRIGGER term_list_changes_delete AFTER DELETE ON transcriptions BEGIN
    INSERT INTO term_list_changes(id, old_text) VALUES (old.id, old.search_text);
END;
CREATE TRIGGER term_list_changes_update AFTER UPDATE OF text ON transcriptions
WHEN old.text IS NOT new.text BEGIN
    INSERT INTO term_list_changes(id, old_text) VALUES (old.id, old.search_text);
END;

-- 'built_at': when the lists were last rebuilt (absent: never; searches use plain FTS5).
CREATE TABLE term_list_state (
    key   TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;

-- FTS5's own statistics, read by the list builder: terms with their document counts, and term instances.
CREATE VIRTUAL TABLE transcriptions_vocab_row USING fts5vocab(transcriptions_fts, row);
CREATE VIRTUAL TABLE transcriptions_vocab_instance USING fts5vocab(transcriptions_fts, instance);

-- Rows that have searchable text, by status: the exact total of a word search with a status filter counts the
-- few rows on the other side of the filter (Twilio's failed and in-progress transcriptions usually have no text)
-- instead of reading the status of every match (SearchCount in the query module).
CREATE INDEX transcriptions_searchable_status ON transcriptions(status, id) WHERE search_text IS NOT NULL;
