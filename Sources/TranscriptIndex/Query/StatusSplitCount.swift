import GRDB

/// The exact total of a word search filtered by status, without reading the status of every match.
///
/// Joining each match to its row costs ~0.5 µs per match (74 ms for "refund" in 2023 at 1M). But the statuses
/// are lopsided — Twilio's failed and in-progress transcriptions rarely have text — so one side of the filter
/// holds few searchable rows: total = matches − matches among the other side's rows, or the chosen side's
/// matches when that side is the small one. Both probe FTS5 by rowid for a bounded number of rows, found
/// through the partial index of searchable rows by status (Schema/0003_documents.sql). When neither side is
/// small (a status on 5% of the texts), the chosen side's ids, read from that index in order, are merged with
/// FTS5's matches in rowid order: ~0.1 µs a match instead of a row lookup each (a word in half of 1M
/// transcriptions, 5% of them failed: 570 ms joined, ~80 ms merged).
struct StatusSplitCount {
    /// Rows probed at most (each probe is a rowid lookup in FTS5, ~15 µs).
    static let defaultProbeLimit = 2_000

    let match: String
    let statuses: [String]
    /// The rowid range of the date filter (the whole table without one).
    let low: Int64
    let high: Int64
    var probeLimit = Self.defaultProbeLimit

    func count(_ db: Database) throws -> Int {
        let present = try searchableStatuses(db)
        let others = present.filter { status in status.map { !statuses.contains($0) } ?? true }
        if try rows(others, db, upTo: probeLimit + 1) <= probeLimit {
            let all = try Int.fetchOne(db.cachedStatement(sql: """
                SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ? AND rowid BETWEEN ? AND ?
                """), arguments: [match, low, high]) ?? 0
            return all - (try matches(among: others, db))
        }
        let chosen = present.filter { status in status.map { statuses.contains($0) } ?? false }
        if try rows(chosen, db, upTo: probeLimit + 1) <= probeLimit {
            return try matches(among: chosen, db)
        }
        return try mergedMatches(among: chosen, db)
    }

    /// Matches among the searchable rows with one of `statuses`: their ids, sorted, walked beside FTS5's matches.
    private func mergedMatches(among statuses: [String?], _ db: Database) throws -> Int {
        var ids: [Int64] = []
        for status in statuses {
            ids += try Int64.fetchAll(db.cachedStatement(sql: """
                SELECT id FROM documents INDEXED BY documents_searchable_status
                WHERE status IS ? AND search_text IS NOT NULL AND id BETWEEN ? AND ?
                """), arguments: [status, low, high])
        }
        if statuses.count > 1 { ids.sort() }
        return try SortedIDMatches.count(match, among: ids, db)
    }

    /// The distinct statuses of searchable rows (nil for rows without one), by skipping through the index.
    private func searchableStatuses(_ db: Database) throws -> [String?] {
        var present: [String?] = try String.fetchAll(db.cachedStatement(sql: """
            WITH RECURSIVE present(status) AS (
                SELECT (SELECT status FROM documents WHERE search_text IS NOT NULL AND status IS NOT NULL
                        ORDER BY status LIMIT 1)
                UNION ALL
                SELECT (SELECT status FROM documents WHERE search_text IS NOT NULL AND status > present.status
                        ORDER BY status LIMIT 1)
                FROM present WHERE present.status IS NOT NULL
            )
            SELECT status FROM present WHERE status IS NOT NULL
            """))
        if try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT EXISTS (SELECT 1 FROM documents WHERE status IS NULL AND search_text IS NOT NULL)
            """)) == true {
            present.append(nil)
        }
        return present
    }

    /// Searchable rows in the date range with one of `statuses`, counted up to `limit`.
    private func rows(_ statuses: [String?], _ db: Database, upTo limit: Int) throws -> Int {
        var total = 0
        for status in statuses {
            total += try Int.fetchOne(db.cachedStatement(sql: """
                SELECT count(*) FROM (SELECT 1 FROM documents
                    WHERE status IS ? AND search_text IS NOT NULL AND id BETWEEN ? AND ? LIMIT ?)
                """), arguments: [status, low, high, limit - total]) ?? 0
            if total >= limit { break }
        }
        return total
    }

    /// Matches among the searchable rows in the date range with one of `statuses`: those rows drive, and FTS5 is
    /// probed by rowid for each.
    private func matches(among statuses: [String?], _ db: Database) throws -> Int {
        var total = 0
        for status in statuses {
            total += try Int.fetchOne(db.cachedStatement(sql: """
                SELECT count(*) FROM documents t CROSS JOIN documents_fts ON documents_fts.rowid = t.id
                WHERE t.status IS ? AND t.search_text IS NOT NULL AND t.id BETWEEN ? AND ?
                  AND documents_fts MATCH ?
                """), arguments: [status, low, high, match]) ?? 0
        }
        return total
    }
}
