-- transcripts schema, version 4: Conversational Intelligence v2 transcripts, the second harvest source.
--
-- An Intelligence transcript (GT…) is a row of `documents` with source 'intelligence', like any other source:
-- one FTS5 index ranks every source with one bm25. Its text there is what a search matches: the sentences'
-- words in order (non-speech tags such as [hes] or [noise] removed), then the summary a Language Operator
-- generated. What only Intelligence has lives in the three tables below, each keyed by the document's id and
-- deleted with it.

-- One row per Intelligence transcript: the fields of Twilio's Transcript resource that `documents` has no
-- column for, and what the harvest learned about it.
CREATE TABLE intelligence_details (
    id                        INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    customer_key              TEXT,
    -- Whether the Service redacts personal data (Twilio's `redaction`), and which variant of the sentences and
    -- operator results the harvest read: 1 redacted, 0 unredacted, NULL none read yet.
    redaction                 INTEGER,
    read_redacted             INTEGER,
    -- CR…: an encrypted transcript, whose sentences Twilio only gives as an encrypted file. Kept without text.
    encryption_credential_sid TEXT,
    -- Why the transcript has no text although it is completed (encrypted, …): shown by `show`.
    problem                   TEXT,
    -- The Recording it was made from (`channel.media_properties.source_sid`) is documents.recording_sid.
    media_start_time          TEXT,
    data_logging              INTEGER,
    -- `channel.participants` as Twilio sent it (JSON array), for `show`: the speakers' roles and names are
    -- copied onto each sentence below.
    participants              TEXT,
    -- The text-generation operator result (Summarization), also at the end of documents.text.
    summary                   TEXT,
    url                       TEXT
);

-- The sentences of a completed transcript, in order: what `show` lists, what sentence hits and the speaker
-- filter read. `speaker` is the participant's role as Twilio labels it ("Agent", "Customer"), from
-- `channel.participants`, or Twilio's default (channel 1 Agent, channel 2 Customer) when there are none.
CREATE TABLE sentences (
    document_id    INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sentence_index INTEGER NOT NULL,
    media_channel  INTEGER,
    speaker        TEXT,
    speaker_name   TEXT,
    -- Seconds from the start of the media (Twilio sends numbers or strings; stored as numbers).
    start_time     REAL,
    end_time       REAL,
    confidence     REAL,
    -- As Twilio sent it, tags included.
    text           TEXT NOT NULL,
    sid            TEXT,
    PRIMARY KEY (document_id, sentence_index)
) WITHOUT ROWID;

-- What each speaker said in a transcript, for `--speaker`: one row per (document, media channel) with that
-- channel's sentences joined (non-speech tags removed), its speaker's role and name.
CREATE TABLE document_speakers (
    key           INTEGER PRIMARY KEY,
    document_id   INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    media_channel INTEGER NOT NULL,
    speaker       TEXT,
    speaker_name  TEXT,
    text          TEXT NOT NULL
);
CREATE INDEX document_speakers_document ON document_speakers(document_id);
CREATE INDEX document_speakers_speaker ON document_speakers(lower(speaker), document_id);
CREATE INDEX document_speakers_name ON document_speakers(lower(speaker_name), document_id) WHERE speaker_name IS NOT NULL;

-- Which speakers said these words: a filter index over document_speakers.text (external content, kept in step by
-- the triggers below, which also fire for the rows a document's deletion cascades to). It never ranks: results
-- are ranked by documents_fts, the one index of every source, so bm25 is the same with or without --speaker.
CREATE VIRTUAL TABLE speaker_fts USING fts5(
    text,
    content = 'document_speakers',
    content_rowid = 'key',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER speaker_fts_insert AFTER INSERT ON document_speakers BEGIN
    INSERT INTO speaker_fts(rowid, text) VALUES (new.key, new.text);
END;
CREATE TRIGGER speaker_fts_delete AFTER DELETE ON document_speakers BEGIN
    INSERT INTO speaker_fts(speaker_fts, rowid, text) VALUES ('delete', old.key, old.text);
END;
CREATE TRIGGER speaker_fts_update AFTER UPDATE ON document_speakers BEGIN
    INSERT INTO speaker_fts(speaker_fts, rowid, text) VALUES ('delete', old.key, old.text);
    INSERT INTO speaker_fts(rowid, text) VALUES (new.key, new.text);
END;

-- Language Operator results of a transcript. Classification results (Sentiment …) are filterable by label;
-- text-generation results are the summary; everything else is kept as Twilio sent it (`result_json`).
CREATE TABLE operator_results (
    document_id           INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    operator_sid          TEXT NOT NULL,
    name                  TEXT,
    operator_type         TEXT,
    predicted_label       TEXT,
    predicted_probability REAL,
    text_result           TEXT,
    -- 1 when this is the redacted variant (a generative result then reads "[Redacted: <name>]").
    redacted              INTEGER,
    result_json           TEXT,
    PRIMARY KEY (document_id, operator_sid)
) WITHOUT ROWID;
CREATE INDEX operator_results_label ON operator_results(predicted_label, document_id);

-- A document's language (BCP 47, "en-US"): the `--language` filter.
CREATE INDEX documents_language ON documents(language, id) WHERE language IS NOT NULL;

-- A full walk's seen set, now per source: two sources' walks may be in progress (interrupted) at once, and one
-- starting must not clear what the other has seen. SIDs are unique across sources; the key keeps them apart
-- anyway, so each source clears only its own.
CREATE TABLE harvest_seen_by_source (
    source TEXT NOT NULL,
    sid    TEXT NOT NULL,
    PRIMARY KEY (source, sid)
) WITHOUT ROWID;
INSERT INTO harvest_seen_by_source (source, sid) SELECT 'transcription', sid FROM harvest_seen;
DROP TABLE harvest_seen;
ALTER TABLE harvest_seen_by_source RENAME TO harvest_seen;
