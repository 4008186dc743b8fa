/// `--speaker`: only documents where the query's words occur in one speaker's sentences.
///
/// Each speaker's part of a transcript (the sentences of one media channel, joined) is a row of
/// `document_speakers`, indexed by `speaker_fts` with the same tokenizer as `documents_fts`: the words are
/// matched there with FTS5's own rules — across that speaker's sentences, so "refund order" finds a customer who
/// said each in a different sentence — and the rows are kept to the speaker asked for (the role, or a
/// participant's name, case-insensitive). The result is a set of document ids the SQL plan filters by; the
/// ranking is documents_fts's, the same bm25 as without the filter.
struct SpeakerFilter {
    let request: SearchRequest
    let speaker: String

    /// The SQL condition on `t.id` and its arguments.
    func condition() -> (sql: String, arguments: [String]) {
        let documents = documents()
        return ("t.id IN (\(documents.sql))", documents.arguments)
    }

    /// A query for the ids of those documents (not sorted, possibly repeated: one row per matching speaker part).
    func documents() -> (sql: String, arguments: [String]) {
        // SQLite's lower() folds ASCII only: both sides go through it, so any name typed as stored matches.
        let who = "(lower(s.speaker) = lower(?) OR lower(s.speaker_name) = lower(?))"
        guard let match = request.query.requiredExpression else {
            return ("SELECT s.document_id FROM document_speakers s WHERE \(who)", [speaker, speaker])
        }
        return ("""
            SELECT s.document_id FROM speaker_fts
            CROSS JOIN document_speakers s INDEXED BY document_speakers_who ON s.key = speaker_fts.rowid
            WHERE speaker_fts MATCH ? AND \(who)
            """, [match, speaker, speaker])
    }
}
