import GRDB
import GRDBSQLite

/// An FTS5 auxiliary function, `transcripts_phrase_stats(documents_fts)`, for a query that is the AND of a
/// phrase's words one by one (`"cancel" AND "my" AND "subscription"`): the number of offsets where they stand in
/// that order one after another — the phrase's instances, as FTS5 counts `"cancel my subscription"` — and the
/// row's length, packed as `tf << 32 | dl` like `transcripts_match_stats`.
///
/// Why: FTS5 probed by rowid for a phrase looks for the phrase's next match after that row before it stops, and
/// for a phrase of common words that is rare, the next match is far: 0.85 ms a probe at 100,000 calls, against
/// 0.02 ms for the AND of its words, whose next match is the next document with all of them.
enum PhraseStatistics {
    static let functionName = "transcripts_phrase_stats"

    static func register(_ db: Database) throws {
        try FTS5AuxiliaryFunction.register(functionName, { extensionAPI, context, result, _, _ in
            guard let functions = extensionAPI?.pointee else { return }
            var instances: Int32 = 0, length: Int32 = 0
            guard functions.xInstCount(context, &instances) == SQLITE_OK,
                  functions.xColumnSize(context, -1, &length) == SQLITE_OK else {
                sqlite3_result_error(result, "transcripts_phrase_stats failed", -1)
                return
            }
            let words = Int(functions.xPhraseCount(context))
            // Each word's offsets, ascending (one column: FTS5 gives a row's instances by offset).
            var offsets = [[Int32]](repeating: [], count: words)
            for index in 0..<instances {
                var phrase: Int32 = 0, column: Int32 = 0, offset: Int32 = 0
                guard functions.xInst(context, index, &phrase, &column, &offset) == SQLITE_OK else {
                    sqlite3_result_error(result, "transcripts_phrase_stats failed", -1)
                    return
                }
                offsets[Int(phrase)].append(offset)
            }
            var tf: Int64 = 0
            if words > 0 {
                let later = offsets.dropFirst().map(Set.init)
                for start in offsets[0] where later.enumerated().allSatisfy({ $1.contains(start + Int32($0 + 1)) }) {
                    tf += 1
                }
            }
            sqlite3_result_int64(result, (tf << 32) | Int64(length))
        }, db)
    }
}
