import GRDB
import GRDBSQLite

/// The documents that pass a search's source, language and speaker filters, as sorted ids, read once per search
/// from indexes (Schema/0005_filter_indexes.sql, and `speaker_fts` for a speaker).
///
/// Why: those filters are columns of `documents` (or a separate FTS5 index), so FTS5 alone cannot apply them.
/// Checking them row by row costs a lookup per match (~0.5 µs; a common word in half of 100,000 mixed documents:
/// 238–377 ms for the page and the total). With the ids in hand:
/// - the term lists and the phrase scan test a candidate by binary search, and keep their exact pages;
/// - the exact total walks FTS5's matches in rowid order beside the ids (`countMatches`, ~0.1 µs a match).
struct DocumentFilterSet {
    /// Ascending, without repeats.
    let ids: [Int64]

    /// The set for the request's source, language and speaker filters within its date range; nil when it has
    /// none of them. Several filters intersect.
    static func make(for request: SearchRequest, _ db: Database) throws -> DocumentFilterSet? {
        let (low, high) = request.rowidRange ?? (Int64.min, Int64.max)
        // The ids of any of `values`, each value's read in id order from its index.
        func ids(ofAny values: [String], sql: String) throws -> [Int64] {
            var ids: [Int64] = []
            for value in values { ids += try Self.ids(sql: sql, [value, low, high], db) }
            return values.count > 1 ? ids.sorted() : ids
        }
        var sets: [[Int64]] = []
        if !request.sources.isEmpty {
            sets.append(try ids(ofAny: request.sources, sql: """
                SELECT id FROM documents INDEXED BY documents_source WHERE source = ? AND id BETWEEN ? AND ? ORDER BY id
                """))
        }
        if !request.languages.isEmpty {
            sets.append(try ids(ofAny: request.languages, sql: """
                SELECT id FROM documents INDEXED BY documents_language
                WHERE lower(language) = ? AND language IS NOT NULL AND id BETWEEN ? AND ?
                ORDER BY id
                """))
        }
        if let speaker = request.speaker {
            let condition = SpeakerFilter(request: request, speaker: speaker).documents()
            var ids = try Self.ids(sql: condition.sql, StatementArguments(condition.arguments), db)
                .filter { $0 >= low && $0 <= high }
            ids.sort()
            sets.append(ids.uniqued())
        }
        guard var result = sets.first else { return nil }
        for other in sets.dropFirst() { result = result.intersection(sorted: other) }
        return DocumentFilterSet(ids: result)
    }

    func contains(_ id: Int64) -> Bool {
        let position = ids.partitioningIndex { $0 >= id }
        return position < ids.count && ids[position] == id
    }

    /// How many documents of the set `match` matches: FTS5's matches in rowid order, walked beside the ids (or,
    /// for a small set, FTS5 probed by rowid for each id).
    func countMatches(_ match: String, probeLimit: Int = Self.probeLimit, _ db: Database) throws -> Int {
        guard !ids.isEmpty else { return 0 }
        if ids.count <= probeLimit {
            return try Int.fetchOne(db.cachedStatement(sql: """
                SELECT count(*) FROM json_each(?) AS wanted
                CROSS JOIN documents_fts ON documents_fts.rowid = wanted.value WHERE documents_fts MATCH ?
                """), arguments: [JSONText.integers(ids), match]) ?? 0
        }
        return try SortedIDMatches.count(match, among: ids, db)
    }

    /// Below this many ids, probing FTS5 by rowid (~15 µs each) beats walking every match of a common word.
    static let probeLimit = 1_000

    private static func ids(sql: String, _ arguments: StatementArguments, _ db: Database) throws -> [Int64] {
        let statement = try db.cachedStatement(sql: sql)
        try statement.setArguments(arguments)
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        var ids: [Int64] = []
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else { throw DatabaseError(resultCode: ResultCode(rawValue: code)) }
            ids.append(sqlite3_column_int64(handle, 0))
        }
        return ids
    }
}

private extension Array where Element == Int64 {
    /// A sorted array without its repeats.
    func uniqued() -> [Int64] {
        var out: [Int64] = []
        out.reserveCapacity(count)
        for value in self where out.last != value { out.append(value) }
        return out
    }

    /// The values of two sorted arrays present in both.
    func intersection(sorted other: [Int64]) -> [Int64] {
        var out: [Int64] = [], i = 0, j = 0
        while i < count, j < other.count {
            if self[i] < other[j] { i += 1 } else if self[i] > other[j] { j += 1 } else { out.append(self[i]); i += 1; j += 1 }
        }
        return out
    }
}
