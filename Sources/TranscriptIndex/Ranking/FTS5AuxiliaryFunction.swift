import GRDB
import GRDBSQLite

/// Registers an FTS5 auxiliary function on a connection (IndexDatabase does it for every connection it opens):
/// `transcripts_match_stats` (MatchStatistics) and `transcripts_phrase_stats` (PhraseStatistics).
enum FTS5AuxiliaryFunction {
    static func register(_ name: String, _ function: fts5_extension_function, _ db: Database) throws {
        let api = FTS5.api(db)
        let code = name.withCString { name in
            api.pointee.xCreateFunction(UnsafeMutablePointer(mutating: api), name, nil, function, nil)
        }
        guard code == SQLITE_OK else {
            throw IndexError(.database, "cannot register \(name) with FTS5 (SQLite error \(code))")
        }
    }
}
