-- transcripts schema, version 9: a bulk load, during which the full-text indexes and the term lists' change logs
-- are not maintained row by row, and are rebuilt once at its end.
--
-- Why: an import into an empty index spent most of its time keeping FTS5 in step through the triggers, row by
-- row: FTS5's 'rebuild' and 'optimize' of the same rows afterwards cost 4.3 s of a 100,000-call import, which went
-- from 43.5 s to 32.6 s (README, "Ingest"). An import into an index with (almost) no documents therefore loads the
-- rows with the triggers below idle, and rebuilds the indexes it skipped when it ends (TwilioImporter, BulkLoad
-- in the index module).
--
-- Crash safety: the row of `bulk_load` is the marker. It is written before the first row is loaded and deleted
-- in the transaction that rebuilds FTS5, so a killed import leaves the marker, and the next writer (an import
-- or a harvest) finishes the rebuild before it changes anything. The loading import holds a lock file
-- (`<index>.import-lock`) as long as it lives, so that no writer finishes a load that is still running. While the marker is there, the term lists and
-- postings are marked unbuilt (searches do not use them), and a search by words says that an import is loading
-- the index instead of answering from a full-text index that lacks the new rows.

CREATE TABLE bulk_load (
    id          INTEGER PRIMARY KEY CHECK (id = 1),   -- at most one
    started_at  INTEGER NOT NULL                      -- epoch seconds
);

-- The same triggers as before (0003, 0004, 0006, 0007, 0008), idle while a bulk load is marked.
DROP TRIGGER documents_fts_insert;
DROP TRIGGER documents_fts_delete;
DROP TRIGGER documents_fts_update;
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents
WHEN NOT EXISTS (SELECT 1 FROM bulk_load) BEGIN
    INSERT INTO documents_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents
WHEN NOT EXISTS (SELECT 1 FROM bulk_load) BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF text ON documents
WHEN old.text IS NOT new.text AND NOT EXISTS (SELECT 1 FROM bulk_load) BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO documents_fts(rowid, search_text) VALUES (new.id, new.search_text);
END;

DROP TRIGGER speaker_fts_insert;
DROP TRIGGER speaker_fts_delete;
DROP TRIGGER speaker_fts_update;
CREATE TRIGGER speaker_fts_insert AFTER INSERT ON document_speakers
WHEN NOT EXISTS (SELECT 1 FROM bulk_load) BEGIN
    INSERT INTO speaker_fts(rowid, text) VALUES (new.key, new.text);
END;
CREATE TRIGGER speaker_fts_delete AFTER DELETE ON document_speakers
WHEN NOT EXISTS (SELECT 1 FROM bulk_load) BEGIN
    INSERT INTO speaker_fts(speaker_fts, rowid, text) VALUES ('delete', old.key, old.text);
END;
CREATE TRIGGER speaker_fts_update AFTER UPDATE ON document_speakers
WHEN NOT EXISTS (SELECT 1 FROM bulk_load) BEGIN
    INSERT INTO speaker_fts(speaker_fts, rowid, text) VALUES ('delete', old.key, old.text);
    INSERT INTO speaker_fts(rowid, text) VALUES (new.key, new.text);
END;

DROP TRIGGER term_list_changes_insert;
DROP TRIGGER term_list_changes_delete;
DROP TRIGGER term_list_changes_update;
CREATE TRIGGER term_list_changes_insert AFTER INSERT ON documents
WHEN NOT EXISTS (SELECT 1 FROM bulk_load) BEGIN
    INSERT INTO term_list_changes(id, old_text) VALUES (new.id, NULL);
END;
CREATE TRIGGER term_list_changes_delete AFTER DELETE ON documents
WHEN NOT EXISTS (SELECT 1 FROM bulk_load) BEGIN
    INSERT INTO term_list_changes(id, old_text, old_source, old_language)
    VALUES (old.id, old.search_text, old.source, old.language);
END;
CREATE TRIGGER term_list_changes_update AFTER UPDATE OF text, source, language ON documents
WHEN (old.text IS NOT new.text OR old.source IS NOT new.source OR old.language IS NOT new.language)
    AND NOT EXISTS (SELECT 1 FROM bulk_load) BEGIN
    INSERT INTO term_list_changes(id, old_text, old_source, old_language)
    VALUES (old.id, old.search_text, old.source, old.language);
END;

DROP TRIGGER term_list_speaker_changes_insert;
DROP TRIGGER term_list_speaker_changes_delete;
DROP TRIGGER term_list_speaker_changes_update;
CREATE TRIGGER term_list_speaker_changes_insert AFTER INSERT ON document_speakers
WHEN NOT EXISTS (SELECT 1 FROM bulk_load) BEGIN
    INSERT INTO term_list_speaker_changes(key, document_id, existed) VALUES (new.key, new.document_id, 0);
END;
CREATE TRIGGER term_list_speaker_changes_delete AFTER DELETE ON document_speakers
WHEN NOT EXISTS (SELECT 1 FROM bulk_load) BEGIN
    INSERT INTO term_list_speaker_changes(key, document_id, existed, old_speaker, old_text)
    VALUES (old.key, old.document_id, 1, old.speaker, old.text);
END;
CREATE TRIGGER term_list_speaker_changes_update AFTER UPDATE OF key, document_id, speaker, text ON document_speakers
WHEN NOT EXISTS (SELECT 1 FROM bulk_load) BEGIN
    INSERT INTO term_list_speaker_changes(key, document_id, existed, old_speaker, old_text)
    VALUES (old.key, old.document_id, 1, old.speaker, old.text);
    INSERT INTO term_list_speaker_changes(key, document_id, existed) VALUES (new.key, new.document_id, 0);
END;

DROP TRIGGER posting_changes_insert;
DROP TRIGGER posting_changes_delete;
DROP TRIGGER posting_changes_update;
CREATE TRIGGER posting_changes_insert AFTER INSERT ON documents
WHEN NOT EXISTS (SELECT 1 FROM bulk_load) BEGIN
    INSERT OR IGNORE INTO posting_changes(id) VALUES (new.id);
END;
CREATE TRIGGER posting_changes_delete AFTER DELETE ON documents
WHEN NOT EXISTS (SELECT 1 FROM bulk_load) BEGIN
    INSERT OR IGNORE INTO posting_changes(id) VALUES (old.id);
END;
CREATE TRIGGER posting_changes_update AFTER UPDATE OF id, text ON documents
WHEN (old.text IS NOT new.text OR old.id IS NOT new.id) AND NOT EXISTS (SELECT 1 FROM bulk_load) BEGIN
    INSERT OR IGNORE INTO posting_changes(id) VALUES (old.id);
    INSERT OR IGNORE INTO posting_changes(id) VALUES (new.id);
END;
