-- transcripts schema, version 1.
-- Applied once by the migrator (GRDB's DatabaseMigrator, recorded in grdb_migrations) when a database is opened.
-- Dates are INTEGER seconds since 1970-01-01T00:00:00Z (UTC); Twilio's RFC 2822 strings are parsed on ingest.

-- One row per Twilio Transcription (v2010).
-- The rowid `id` is time-ordered: (date_created << 20) + n, n = 0..1048575 distinguishing transcriptions created
-- in the same second. A date range is therefore a rowid range, which FTS5 can apply inside its own index
-- (no join needed), and "newest first" is a walk of the rowid B-tree backwards.
CREATE TABLE transcriptions (
    id            INTEGER PRIMARY KEY,
    sid           TEXT NOT NULL UNIQUE,
    account_sid   TEXT,
    recording_sid TEXT,
    status        TEXT,
    type          TEXT,
    duration      INTEGER,
    price         TEXT,
    price_unit    TEXT,
    api_version   TEXT,
    date_created  INTEGER,
    date_updated  INTEGER,
    -- As Twilio sent it, "(blank)" included; NULL when no representation carried text yet.
    text          TEXT,
    uri           TEXT,
    -- What the full-text index sees: Twilio's "(blank)" placeholder is not speech and must not match "blank".
    search_text   TEXT GENERATED ALWAYS AS (CASE WHEN trim(text) = '(blank)' THEN NULL ELSE text END) VIRTUAL
);
CREATE INDEX transcriptions_recording_sid ON transcriptions(recording_sid);
CREATE INDEX transcriptions_account_sid ON transcriptions(account_sid, id);
CREATE INDEX transcriptions_status ON transcriptions(status, id);

-- One row per Twilio Recording (v2010), joined to transcriptions by recording SID.
CREATE TABLE recordings (
    sid                TEXT PRIMARY KEY,
    account_sid        TEXT,
    call_sid           TEXT,
    conference_sid     TEXT,
    status             TEXT,
    source             TEXT,
    channels           INTEGER,
    duration           INTEGER,
    start_time         INTEGER,
    date_created       INTEGER,
    date_updated       INTEGER,
    price              TEXT,
    price_unit         TEXT,
    error_code         TEXT,
    media_url          TEXT,
    uri                TEXT,
    encryption_details TEXT,
    -- 'present', or 'not_found' when Twilio answered 404 for it (the harvester records that instead of failing).
    availability       TEXT NOT NULL DEFAULT 'present'
) WITHOUT ROWID;
CREATE INDEX recordings_call_sid ON recordings(call_sid);

-- Full-text index over transcriptions.search_text (external content: the text is stored once, in transcriptions).
-- Tokenizer: porter stemming over unicode61 with remove_diacritics 2, so "refunds" finds "refund" and "jose"
-- finds "José". prefix='3' indexes 3-letter prefixes, so the broadest common `word*` queries ("ord*", "ref*") read
-- one doclist instead of merging every matching term's; a 2-letter prefix index too cost 15% of import time.
CREATE VIRTUAL TABLE transcriptions_fts USING fts5(
    search_text,
    content = 'transcriptions',
    content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2',
    prefix = '3'
);

-- The triggers keep the index exactly in sync with the table on insert, update and delete.
CREATE TRIGGER transcriptions_fts_insert AFTER INSERT ON transcriptions BEGIN
    INSERT INTO transcriptions_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER transcriptions_fts_delete AFTER DELETE ON transcriptions BEGIN
    INSERT INTO transcriptions_fts(transcriptions_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER transcriptions_fts_update AFTER UPDATE OF text ON transcriptions
WHEN old.text IS NOT new.text BEGIN
    INSERT INTO transcriptions_fts(transcriptions_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO transcriptions_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;

-- Every harvest run, for `transcripts stats` and for diagnosing a schedule.
CREATE TABLE harvest_runs (
    id           INTEGER PRIMARY KEY,
    started_at   INTEGER NOT NULL,
    finished_at  INTEGER,
    mode         TEXT NOT NULL,            -- 'incremental' | 'full' | 'import'
    outcome      TEXT NOT NULL DEFAULT 'running', -- 'running' | 'succeeded' | 'failed' | 'interrupted'
    pages        INTEGER NOT NULL DEFAULT 0,
    requests     INTEGER NOT NULL DEFAULT 0,
    retries      INTEGER NOT NULL DEFAULT 0,
    added        INTEGER NOT NULL DEFAULT 0,
    updated      INTEGER NOT NULL DEFAULT 0,
    deleted      INTEGER NOT NULL DEFAULT 0,
    error        TEXT
);

-- Harvest progress (resume points, watermarks), committed in the same transaction as the page it describes.
CREATE TABLE harvest_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- SIDs seen upstream during a `harvest --full` walk. Committed with each page (so a killed walk resumes), and
-- compared with the index only after a complete, error-free walk: transcriptions not seen are then deleted.
CREATE TABLE harvest_seen (
    sid TEXT PRIMARY KEY
) WITHOUT ROWID;
