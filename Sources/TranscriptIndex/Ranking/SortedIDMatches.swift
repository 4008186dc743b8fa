import GRDB
import GRDBSQLite

/// How many of some documents, given as sorted ids, a full-text expression matches: FTS5's matches in rowid
/// order walked beside the ids, ~0.1 µs a match instead of a row lookup each. The exact totals of status filters
/// (StatusSplitCount) and of source, language and speaker filters (DocumentFilterSet) both count this way.
enum SortedIDMatches {
    /// `ids` ascending, without repeats.
    static func count(_ match: String, among ids: [Int64], _ db: Database) throws -> Int {
        guard let first = ids.first, let last = ids.last else { return 0 }
        // Stepped through the C API: a GRDB row per match would cost more than the walk itself.
        let statement = try db.cachedStatement(sql: """
            SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rowid
            """)
        try statement.setArguments([match, first, last])
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        var position = 0, total = 0
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else { throw DatabaseError(resultCode: ResultCode(rawValue: code)) }
            let id = sqlite3_column_int64(handle, 0)
            while position < ids.count, ids[position] < id { position += 1 }
            if position == ids.count { break }
            if ids[position] == id { total += 1 }
        }
        return total
    }
}
