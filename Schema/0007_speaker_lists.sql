-- transcripts schema, version 7: term lists per speaker role, beside those per source and language (0006).
--
-- Why: `--speaker customer refund` kept the documents whose customer part has the word by reading, for every
-- part with the word in speaker_fts, which speaker it belongs to: one index probe per part (218,881 parts for a
-- common word at a million mixed documents, about half a second), before the lists could rank anything. A list
-- per (term, 'speaker:<role>') holds the documents whose part of that role has the term, best first by the
-- document's own bm25 (as every list), with their exact count: a one-word page comes from its first entries and
-- the total is its `df`.
--
-- Facet key: 'speaker:' || lower(document_speakers.speaker), the role as the speaker filter compares it. A
-- speaker asked for by a participant's name (speaker_name) has no lists: the filter set answers it.
--
-- Keeping them exact on writes needs what each changed speaker part was: document_speakers' own change log,
-- folded in by the same write transaction as term_list_changes (TermLists in the index module).

-- The parts' terms, and which parts have each, for the rebuild (as documents_vocab_* are for documents): a term
-- only a part has (no document's text) still counts for its prefix's speaker lists, as FTS5's `ref*` counts it.
CREATE VIRTUAL TABLE speaker_vocab_row USING fts5vocab(speaker_fts, row);
CREATE VIRTUAL TABLE speaker_vocab_instance USING fts5vocab(speaker_fts, instance);

-- One row per change to a speaker part since the lists were last current. `existed` 0: the part is new (no old
-- values); 1: the part had `old_speaker` and `old_text` before this change (a delete or an update).
CREATE TABLE term_list_speaker_changes (
    seq          INTEGER PRIMARY KEY,
    key          INTEGER NOT NULL,     -- document_speakers.key
    document_id  INTEGER NOT NULL,
    existed      INTEGER NOT NULL,
    old_speaker  TEXT,
    old_text     TEXT
);
CREATE TRIGGER term_list_speaker_changes_insert AFTER INSERT ON document_speakers BEGIN
    INSERT INTO term_list_speaker_changes(key, document_id, existed) VALUES (new.key, new.document_id, 0);
END;
CREATE TRIGGER term_list_speaker_changes_delete AFTER DELETE ON document_speakers BEGIN
    INSERT INTO term_list_speaker_changes(key, document_id, existed, old_speaker, old_text)
    VALUES (old.key, old.document_id, 1, old.speaker, old.text);
END;
-- An update is the old part leaving its document and the new one arriving (possibly in another document, or
-- under another key).
CREATE TRIGGER term_list_speaker_changes_update AFTER UPDATE OF key, document_id, speaker, text ON document_speakers BEGIN
    INSERT INTO term_list_speaker_changes(key, document_id, existed, old_speaker, old_text)
    VALUES (old.key, old.document_id, 1, old.speaker, old.text);
    INSERT INTO term_list_speaker_changes(key, document_id, existed) VALUES (new.key, new.document_id, 0);
END;

-- Rebuilt after this migration; until then the lists are not built.
DELETE FROM term_list_changes;
DELETE FROM term_list_state WHERE key = 'built_at';
