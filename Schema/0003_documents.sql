-- transcripts schema, version 3: one table of searchable documents for every Twilio source, one FTS5 index.
--
-- Why: a search ranks across sources with one bm25, and the term lists, the phrase scan, exact totals and
-- cursors work on one table whatever a document came from. Each source keeps what only it has in a side table
-- keyed by the document's id (v2010 Recording Transcriptions: transcription_details; recordings stay as they
-- were, joined by recording SID).
--
-- In place: the v2010 rows of version 1 move to `documents` with the same ids, so the term lists (keyed by id,
-- with statistics of the same texts) stay valid; their v2010-only columns move to transcription_details; FTS5 is
-- rebuilt over `documents` (about 40 s per million rows, once).

-- One row per searchable document.
-- `id` is time-ordered as before: (date_created << 20) + n, n = 0..1048575 distinguishing documents created in
-- the same second. A date range is a rowid range (FTS5 applies it inside its index) and "newest first" a walk
-- of the rowid B-tree backwards.
CREATE TABLE documents (
    id            INTEGER PRIMARY KEY,
    -- Which harvest source wrote it: 'transcription' (v2010 Recording Transcriptions).
    source        TEXT NOT NULL,
    sid           TEXT NOT NULL UNIQUE,
    account_sid   TEXT,
    -- The source's own status values (v2010: in-progress, completed, failed).
    status        TEXT,
    date_created  INTEGER,
    date_updated  INTEGER,
    language      TEXT,
    -- Links: the recording the text is of, its call (kept in step with `recordings` by the triggers below, since
    -- a recording may be harvested after its transcription), and a product's service.
    recording_sid TEXT,
    call_sid      TEXT,
    service_sid   TEXT,
    -- Seconds of audio.
    duration      INTEGER,
    -- As the source sent it ("(blank)" included); NULL when no representation carried text yet.
    text          TEXT,
    -- What the full-text index sees: v2010's "(blank)" placeholder is not speech and must not match "blank".
    search_text   TEXT GENERATED ALWAYS AS (CASE WHEN trim(text) = '(blank)' THEN NULL ELSE text END) VIRTUAL
);

-- v2010 Transcription fields that no other source has.
CREATE TABLE transcription_details (
    id          INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    type        TEXT,
    price       TEXT,
    price_unit  TEXT,
    api_version TEXT,
    uri         TEXT
);

INSERT INTO documents (id, source, sid, account_sid, status, date_created, date_updated, recording_sid, call_sid,
                       duration, text)
SELECT t.id, 'transcription', t.sid, t.account_sid, t.status, t.date_created, t.date_updated, t.recording_sid,
       (SELECT call_sid FROM recordings WHERE sid = t.recording_sid), t.duration, t.text
FROM transcriptions t ORDER BY t.id;
INSERT INTO transcription_details (id, type, price, price_unit, api_version, uri)
SELECT id, type, price, price_unit, api_version, uri FROM transcriptions ORDER BY id;

-- The old table goes with its triggers and indexes; FTS5's shadow tables go with it.
DROP TABLE transcriptions_vocab_row;
DROP TABLE transcriptions_vocab_instance;
DROP TABLE transcriptions_fts;
DROP TABLE transcriptions;

CREATE INDEX documents_recording_sid ON documents(recording_sid);
CREATE INDEX documents_call_sid ON documents(call_sid);
CREATE INDEX documents_account_sid ON documents(account_sid, id);
CREATE INDEX documents_status ON documents(status, id);
-- Rows that have searchable text, by status: the status side of a filtered search (StatusSideScan,
-- StatusSplitCount in the index module) reads these instead of every match's row.
CREATE INDEX documents_searchable_status ON documents(status, id) WHERE search_text IS NOT NULL;

-- Full-text index over documents.search_text (external content: the text is stored once, in documents).
-- Tokenizer and prefix index as in version 1 (see 0001_initial.sql for why).
CREATE VIRTUAL TABLE documents_fts USING fts5(
    search_text,
    content = 'documents',
    content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2',
    prefix = '3'
);
INSERT INTO documents_fts(documents_fts) VALUES ('rebuild');

-- The full-text index follows the table exactly on insert, update and delete.
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF text ON documents
WHEN old.text IS NOT new.text BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO documents_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;

-- The term lists' change log (0002_term_lists.sql), now on documents.
CREATE TRIGGER term_list_changes_insert AFTER INSERT ON documents BEGIN
    INSERT INTO term_list_changes(id, old_text) VALUES (new.id, NULL);
END;
CREATE TRIGGER term_list_changes_delete AFTER DELETE ON documents BEGIN
    INSERT INTO term_list_changes(id, old_text) VALUES (old.id, old.search_text);
END;
CREATE TRIGGER term_list_changes_update AFTER UPDATE OF text ON documents
WHEN old.text IS NOT new.text BEGIN
    INSERT INTO term_list_changes(id, old_text) VALUES (old.id, old.search_text);
END;

-- A document's call SID comes from its recording. A document that arrives after its recording is inserted with
-- it (IndexWriteBatch: an UPDATE per insert from a trigger cost 15% of import time); these keep it in step when
-- the recording arrives or changes later, and when a document is moved to another recording.
CREATE TRIGGER documents_call_sid_on_recording_change AFTER UPDATE OF recording_sid ON documents
WHEN new.recording_sid IS NOT old.recording_sid BEGIN
    UPDATE documents SET call_sid = (SELECT call_sid FROM recordings WHERE sid = new.recording_sid) WHERE id = new.id;
END;
CREATE TRIGGER recordings_call_sid_insert AFTER INSERT ON recordings WHEN new.call_sid IS NOT NULL BEGIN
    UPDATE documents SET call_sid = new.call_sid WHERE recording_sid = new.sid AND call_sid IS NOT new.call_sid;
END;
CREATE TRIGGER recordings_call_sid_update AFTER UPDATE OF call_sid ON recordings BEGIN
    UPDATE documents SET call_sid = new.call_sid WHERE recording_sid = new.sid AND call_sid IS NOT new.call_sid;
END;

-- FTS5's own statistics, read by the term-list builder.
CREATE VIRTUAL TABLE documents_vocab_row USING fts5vocab(documents_fts, row);
CREATE VIRTUAL TABLE documents_vocab_instance USING fts5vocab(documents_fts, instance);

-- Each harvest source keeps its own checkpoint (watermark, the walk in progress, the account it was harvested
-- from): version 1's harvest_state, keyed by source. v2010's keys move under 'transcription'.
CREATE TABLE harvest_checkpoints (
    source TEXT NOT NULL,
    key    TEXT NOT NULL,
    value  TEXT NOT NULL,
    PRIMARY KEY (source, key)
) WITHOUT ROWID;
INSERT INTO harvest_checkpoints (source, key, value) SELECT 'transcription', key, value FROM harvest_state;
DROP TABLE harvest_state;

-- The source a harvest run read (NULL for an import, whose files may hold any).
ALTER TABLE harvest_runs ADD COLUMN source TEXT;
UPDATE harvest_runs SET source = 'transcription' WHERE mode <> 'import';
