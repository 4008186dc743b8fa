import GRDB
import Synchronization

extension BM25 {
    private static let agreement = Mutex<Bool?>(nil)

    /// Whether the SQLite in this process computes bm25 to the bit as `BM25.rank` does. It may not if it was
    /// compiled to fuse multiply-adds (clang may, on arm64); the term lists and the one-pass phrase scan are
    /// then off, and plain FTS5 answers everything. Checked once per process on real rows: one term, and the
    /// same term twice (which exercises the sum over phrases).
    static func agreesWithSQLite(_ db: Database) throws -> Bool {
        if let known = agreement.withLock({ $0 }) { return known }
        guard let totals = try FTSTotals.read(db),
              let sample = try Row.fetchOne(db, sql: "SELECT term, doc FROM documents_vocab_row LIMIT 1") else {
            return true  // nothing indexed yet, so nothing to rank; check again later
        }
        let term: String = sample["term"], hits: Int64 = sample["doc"]
        let quoted = "\"" + term.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        let idf = idf(rows: totals.rows, hits: hits)
        var agrees = true
        for phrases in [1, 2] {
            let rows = try Row.fetchAll(db, sql: """
                SELECT rank, \(MatchStatistics.functionName)(documents_fts) AS stats FROM documents_fts
                WHERE documents_fts MATCH ? LIMIT 16
                """, arguments: [Array(repeating: quoted, count: phrases).joined(separator: " ")])
            for row in rows {
                let stats: Int64 = row["stats"]
                let frequency = Int(stats >> 32) / phrases, length = Int(stats & 0xFFFF_FFFF)
                let ours = rank(idfs: Array(repeating: idf, count: phrases),
                                frequencies: Array(repeating: frequency, count: phrases), dl: length, avgdl: totals.averageLength)
                if ours.bitPattern != (row["rank"] as Double).bitPattern { agrees = false }
            }
        }
        agreement.withLock { $0 = agrees }
        return agrees
    }
}
