import GRDB

/// A ranked search on a single phrase (a quoted phrase, or a word or prefix without a term list) in one pass
/// over its matches, instead of FTS5's three (`ORDER BY rank` runs the phrase once for its IDF and once for
/// the rows, and the exact total a third time).
///
/// Every match's tf and dl come from `transcripts_match_stats`; the number of matches is the phrase's document
/// frequency, so the IDF, every score (FTS5's bm25, bit for bit) and the total follow. A date range is applied
/// to the rows afterwards, since the IDF counts the whole table; a status filter is checked on the best rows,
/// in rank order, until the page is full.
struct SinglePhraseScan {
    let request: SearchRequest

    struct Result {
        /// The page and one more, best first.
        var ranked: [(id: Int64, rank: Double)]
        /// Nil when a status filter applies (the caller counts those).
        var total: Int?
    }

    private static let lookupBatch = 64

    func run(_ db: Database) throws -> Result? {
        guard request.sort == .relevance, request.callSid == nil, request.recordingSid == nil,
              request.accountSid == nil, request.statuses.isEmpty, request.from == nil, request.to == nil,
              request.query.excluded.isEmpty,
              request.query.required.count == 1, request.query.required[0].count == 1,
              !((request.from != nil || request.to != nil) && (request.from ?? Int64.min) < 1),
              let match = request.query.matchExpression, try BM25.agreesWithSQLite(db),
              let totals = try FTSTotals.read(db) else { return nil }

        var matches: [(id: Int64, tf: Int, dl: Int)] = []
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT rowid, \(MatchStatistics.functionName)(transcriptions_fts) FROM transcriptions_fts
            WHERE transcriptions_fts MATCH ?
            """), arguments: [match])
        while let row = try rows.next() {
            let packed: Int64 = row[1]
            matches.append((row[0], Int(packed >> 32), Int(packed & 0xFFFF_FFFF)))
        }
        let idf = BM25.idf(rows: totals.rows, hits: Int64(matches.count))
        let bits = IndexWriteBatch.sequenceBits
        let low = IndexWriteBatch.secondOf(dateCreated: request.from ?? 0) << bits
        let high = (IndexWriteBatch.secondOf(dateCreated: request.to ?? Int64.max) << bits) | ((1 << bits) - 1)
        let dated = request.from != nil || request.to != nil

        var inRange = 0
        var ranked: [(id: Int64, rank: Double)] = []
        for match in matches where !dated || (match.id >= low && match.id <= high) {
            inRange += 1
            let rank = BM25.rank(idfs: [idf], frequencies: [match.tf], dl: match.dl, avgdl: totals.averageLength)
            if let cursor = request.cursor, let last = cursor.lastRank {
                guard rank > last || (rank == last && match.id > cursor.lastID) else { continue }
            }
            ranked.append((match.id, rank))
        }
        let order: ((id: Int64, rank: Double), (id: Int64, rank: Double)) -> Bool = {
            $0.rank != $1.rank ? $0.rank < $1.rank : $0.id < $1.id
        }
        let needed = request.limit + 1
        guard !request.statuses.isEmpty else {
            return Result(ranked: Array(ranked.sorted(by: order).prefix(needed)), total: inRange)
        }
        // Best first, keeping those whose status passes, until the page and one more are found.
        ranked.sort(by: order)
        var page: [(id: Int64, rank: Double)] = []
        var position = 0
        while page.count < needed, position < ranked.count {
            let batch = ranked[position..<min(position + Self.lookupBatch, ranked.count)]
            position += batch.count
            let passing = Set(try Int64.fetchAll(db.cachedStatement(sql: """
                SELECT t.id FROM json_each(?) AS wanted CROSS JOIN transcriptions t ON t.id = wanted.value
                WHERE t.status IN (SELECT value FROM json_each(?))
                """), arguments: ["[" + batch.map { String($0.id) }.joined(separator: ",") + "]",
                                  "[" + request.statuses.map(JSONText.quote).joined(separator: ",") + "]"]))
            page += batch.filter { passing.contains($0.id) }
        }
        return Result(ranked: Array(page.prefix(needed)), total: nil)
    }
}
