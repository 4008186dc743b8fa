import GRDB

/// FTS5 writes each transaction's terms as a new segment and merges them only gradually, so an import of many
/// batches leaves tens of segments. A lookup by rowid (the term lists' probes, the snippets of a page) opens every
/// segment holding the term: ~100 µs a probe with 27 segments, ~16 µs with one (a word in 70% of 100,000 mixed
/// documents). After a large import, when the term lists are rebuilt anyway, both indexes are merged into one
/// segment (FTS5's 'optimize': ~3 s per 100,000 mixed documents), in the same transaction, so the WAL holds a
/// copy of the full-text index until the checkpoint. A harvest's pages are folded into the lists instead and
/// rely on FTS5's automerge; only a harvest that changed the corpus enough to rebuild the lists merges too.
enum FullTextSegments {
    static func merge(_ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO documents_fts(documents_fts) VALUES ('optimize');
            INSERT INTO speaker_fts(speaker_fts) VALUES ('optimize');
            """)
    }
}
