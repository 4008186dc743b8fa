import GRDB
import GRDBSQLite

/// The rows of one fts5vocab `instance` table for a term, by their first column (a rowid), stepped through the
/// C API: ~140 instances per transcription make per-row Swift overhead count. Reset after each term.
struct InstanceWalk {
    private let statement: Statement

    init(_ db: Database, sql: String) throws { statement = try db.makeStatement(sql: sql) }

    func forEach(_ term: Token, _ body: (Int64) throws -> Void) throws {
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        sqlite3_bind_text(handle, 1, term.text, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        try step(handle, body)
    }

    /// The instances of the terms between two bounds (the statement says whether each is inclusive), bound as
    /// text of those exact bytes (FTS5 compares bytes).
    func forEach(_ low: [UInt8], _ high: [UInt8], _ body: (Int64) throws -> Void) throws {
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        low.withUnsafeBufferPointer { sqlite3_bind_text(handle, 1, UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), Int32($0.count), transient) }
        high.withUnsafeBufferPointer { sqlite3_bind_text(handle, 2, UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), Int32($0.count), transient) }
        try step(handle, body)
    }

    private func step(_ handle: OpaquePointer?, _ body: (Int64) throws -> Void) throws {
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            // A search's deadline interrupts SQLite: reported as the deadline (IndexDatabase.searchError).
            if code == SQLITE_INTERRUPT { throw DatabaseError(resultCode: .SQLITE_INTERRUPT) }
            guard code == SQLITE_ROW else {
                throw IndexError(.database, "cannot read the full-text vocabulary (SQLite error \(code))")
            }
            try body(sqlite3_column_int64(handle, 0))
        }
    }
}
