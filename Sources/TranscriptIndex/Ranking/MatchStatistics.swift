import GRDB
import GRDBSQLite

/// An FTS5 auxiliary function, `transcripts_match_stats(documents_fts)`, that returns what bm25 reads for
/// the current row of a one-phrase query — the phrase's instances (tf) and the row's length in tokens (dl) —
/// packed as `tf << 32 | dl`.
///
/// Why: `ORDER BY rank` runs the phrase twice (once over the whole table for the IDF, once for the rows), and
/// the exact total a third time. With tf and dl per row, one scan gives the IDF (the row count is the phrase's
/// document frequency), every score (BM25, bit for bit) and the total (SinglePhraseScan).
enum MatchStatistics {
    static let functionName = "transcripts_match_stats"

    /// Registers the function on a connection (IndexDatabase does it for every connection it opens).
    static func register(_ db: Database) throws {
        try FTS5AuxiliaryFunction.register(functionName, { extensionAPI, context, result, _, _ in
            guard let functions = extensionAPI?.pointee else { return }
            var instances: Int32 = 0, length: Int32 = 0
            guard functions.xInstCount(context, &instances) == SQLITE_OK,
                  functions.xColumnSize(context, -1, &length) == SQLITE_OK else {
                sqlite3_result_error(result, "transcripts_match_stats failed", -1)
                return
            }
            sqlite3_result_int64(result, (Int64(instances) << 32) | Int64(length))
        }, db)
    }
}
