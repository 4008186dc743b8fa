-- transcripts schema, version 5: indexes that give the source and language filters their documents in id order.
--
-- Why: a ranked search with `--source` or `--language` has its exact total counted by walking FTS5's matches in
-- rowid order beside the filter's ids (DocumentFilterSet in the index module), about 0.1 µs a match, instead of
-- reading each match's row (~0.5 µs). Both walks need the ids sorted, which these indexes give.

-- The documents of each source, by id.
CREATE INDEX documents_source ON documents(source, id);

-- The language filter compares case-insensitively (`lower(language)`), so its index is on that expression; it
-- replaces 0004's index on the stored spelling, which that comparison could not use.
DROP INDEX IF EXISTS documents_language;
CREATE INDEX documents_language ON documents(lower(language), id) WHERE language IS NOT NULL;

-- `--speaker` finds the speaker parts that contain the words in speaker_fts, then keeps those of the speaker asked
-- for. This index answers that second step without reading the parts' rows, which hold their text and so lie
-- one or a few to a page (refund by customers, 100,000 mixed documents: 72 ms through the rows, 31 ms here).
CREATE INDEX document_speakers_who ON document_speakers(key, document_id, speaker, speaker_name);

-- Both full-text indexes merged into one segment each (FTS5's 'optimize'), as an import now leaves them
-- (FullTextSegments in the index module). An import writes FTS5 in many transactions and leaves tens of segments;
-- every rowid probe then opens each one (a word in 70% of 100,000 mixed documents: ~100 µs a probe with 27
-- segments, ~16 µs with one), and the term lists probe for the words a candidate's lists did not hold.
-- About 20 s per million v2010 transcriptions.
INSERT INTO documents_fts(documents_fts) VALUES ('optimize');
INSERT INTO speaker_fts(speaker_fts) VALUES ('optimize');
