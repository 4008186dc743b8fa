import GRDB

/// A ranked search on a single phrase (a quoted phrase, or a word or prefix without a term list) in one pass
/// over its matches, instead of FTS5's three (`ORDER BY rank` runs the phrase once for its IDF and once for
/// the rows, and the exact total a third time).
///
/// Every match's tf and dl come from `transcripts_match_stats`; the number of matches is the phrase's document
/// frequency, so the IDF, every score (FTS5's bm25, bit for bit) and the total follow. Only without filters: with
/// a date range FTS5 scores just the rows in range, and a status filter would need a lookup per row, so both
/// were slower this way (measured: 17× for "the" on one day at 300k).
struct SinglePhraseScan {
    let request: SearchRequest
    /// The request's source, language and speaker filters as ids (nil: it has none): matches outside it are
    /// counted for the IDF, as FTS5 counts them, but are neither results nor part of the total.
    var filterSet: DocumentFilterSet?

    struct Result {
        /// The page and one more, best first.
        var ranked: [(id: Int64, rank: Double)]
        var total: Int
    }

    func run(_ db: Database) throws -> Result? {
        guard request.sort == .relevance, request.callSid == nil, request.recordingSid == nil,
              request.hasSQLOnlyFilters == (filterSet != nil),
              request.accountSid == nil, request.statuses.isEmpty, request.rowidRange == nil,
              request.query.excluded.isEmpty,
              request.query.required.count == 1, request.query.required[0].count == 1,
              let match = request.query.matchExpression, try BM25.agreesWithSQLite(db),
              let totals = try FTSTotals.read(db) else { return nil }

        var matches: [(id: Int64, tf: Int, dl: Int)] = []
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT rowid, \(MatchStatistics.functionName)(documents_fts) FROM documents_fts
            WHERE documents_fts MATCH ?
            """), arguments: [match])
        while let row = try rows.next() {
            let packed: Int64 = row[1]
            matches.append((row[0], Int(packed >> 32), Int(packed & 0xFFFF_FFFF)))
        }
        return Self.page(of: matches, request: request, totals: totals) { filterSet?.contains($0) ?? true }
    }

    /// Every match of one phrase in the index (its count is the phrase's document frequency) as the page after the
    /// request's cursor and the total of those `counts` keeps, scored with FTS5's bm25.
    static func page(of matches: [(id: Int64, tf: Int, dl: Int)], request: SearchRequest, totals: FTSTotals,
                     counts: (Int64) -> Bool) -> Result {
        let idf = BM25.idf(rows: totals.rows, hits: Int64(matches.count))
        var ranked: [(id: Int64, rank: Double)] = []
        var total = 0
        for match in matches where counts(match.id) {
            total += 1
            let rank = BM25.rank(idfs: [idf], frequencies: [match.tf], dl: match.dl, avgdl: totals.averageLength)
            if let cursor = request.cursor, let last = cursor.lastRank {
                guard rank > last || (rank == last && match.id > cursor.lastID) else { continue }
            }
            ranked.append((match.id, rank))
        }
        ranked.sort { $0.rank != $1.rank ? $0.rank < $1.rank : $0.id < $1.id }
        return Result(ranked: Array(ranked.prefix(request.limit + 1)), total: total)
    }
}
