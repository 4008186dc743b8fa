import GRDB

/// `--speaker`: the transcripts where the query's words occur in one speaker's sentences, found before the
/// page is planned, and handed to the SQL plan as a set of ids.
///
/// The candidates are the documents with speakers (Intelligence transcripts) that match the words at all, in
/// the date range; each one's sentences by that speaker (role or name, case-insensitive) are matched against
/// the words with the index's own FTS5 semantics (SentenceMatcher). Without words, every transcript in which the
/// speaker says anything.
struct SpeakerFilter {
    let request: SearchRequest
    /// A speaker search reads the sentences of every candidate: past this many, it asks for a narrower query
    /// rather than run into the time limit.
    static let maxCandidates = 20_000
    private static let batch = 500

    func documents(_ db: Database, speaker: String) throws -> [Int64] {
        let (low, high) = request.rowidRange ?? (Int64.min, Int64.max)
        guard let match = request.query.requiredExpression else {
            return try Int64.fetchAll(db, sql: """
                SELECT DISTINCT document_id FROM sentences
                WHERE (lower(speaker) = ?1 OR lower(speaker_name) = ?1) AND document_id BETWEEN ?2 AND ?3
                ORDER BY document_id
                """, arguments: [speaker, low, high])
        }
        let candidates = try Int64.fetchAll(db, sql: """
            SELECT t.id FROM documents_fts CROSS JOIN documents t ON t.id = documents_fts.rowid
            WHERE documents_fts MATCH ? AND documents_fts.rowid BETWEEN ? AND ?
              AND EXISTS (SELECT 1 FROM sentences WHERE document_id = t.id) LIMIT ?
            """, arguments: [match, low, high, Self.maxCandidates + 1])
        if candidates.count > Self.maxCandidates {
            throw IndexError(.invalidQuery, "more than \(Self.maxCandidates) transcripts with speakers match these "
                + "words; add words or a date range to search one speaker's sentences")
        }
        var found: [Int64] = []
        for chunk in candidates.chunked(by: Self.batch) {
            var parts: [Int64: [String]] = [:]
            let rows = try Row.fetchAll(db, sql: """
                SELECT document_id, text FROM sentences
                WHERE document_id IN (SELECT value FROM json_each(?1))
                  AND (lower(speaker) = ?2 OR lower(speaker_name) = ?2)
                ORDER BY document_id, sentence_index
                """, arguments: [JSONText.integers(Array(chunk)), speaker])
            for row in rows {
                parts[row["document_id"], default: []].append(NonSpeechTags.removed(from: row["text"]))
            }
            let texts = parts.map { (key: $0.key, text: $0.value.joined(separator: "\n")) }
            found += try SentenceMatcher.matches(texts, expression: match).map(\.key)
        }
        return found.sorted()
    }
}
