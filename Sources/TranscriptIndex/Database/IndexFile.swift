import Foundation
import GRDB
import GRDBSQLite

/// What a `--db` path holds, found without changing a byte of it, before anything opens it as the index.
///
/// Opening a file as the index is not harmless: the writer switches it to WAL mode and runs the migrations, and
/// even a read-only SQLite connection to a WAL-mode file leaves `-wal` and `-shm` files beside it. So the file
/// is looked at first — its size, its header, and (read-only, see `hasTranscriptsMigrations`) its
/// `grdb_migrations` table — and only this program's own index, or an empty or missing file for a writer, is
/// opened at all.
enum IndexFile: Equatable {
    case missing
    /// Nothing to lose: 0 bytes (a `touch`ed path, or a creation killed before the schema), or an SQLite file with
    /// no table yet but an empty `grdb_migrations` — another process of ours caught creating it. A writer may make
    /// it an index.
    case empty
    /// An SQLite file whose `grdb_migrations` records this program's first migration.
    case transcriptsIndex
    /// Another application's SQLite database (it may use GRDB too: its migrations are not ours).
    case otherSQLite
    /// Not an SQLite database at all (or a directory).
    case notSQLite

    static func inspect(_ path: String) throws -> IndexFile {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            if code == ENOENT { return .missing }
            throw IndexError(.database, "cannot open the index at \(path): \(String(cString: strerror(code)))")
        }
        if info.st_mode & S_IFMT == S_IFDIR { return .notSQLite }
        if info.st_size == 0 { return .empty }
        let header = try readHeader(path)
        guard header.starts(with: Array("SQLite format 3\u{0}".utf8)) else { return .notSQLite }
        // Bytes 18–19 are 2 in WAL mode. Without a -wal file, everything is in the main file, and the file can be
        // read as immutable, which creates no -wal or -shm beside another application's database.
        let walAtRest = header.count >= 20 && header[18] == 2 && !FileManager.default.fileExists(atPath: path + "-wal")
        return try classifySQLite(path, immutable: walAtRest)
    }

    /// The first 100 bytes (SQLite's database header).
    private static func readHeader(_ path: String) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            throw IndexError(.database, "cannot open the index at \(path): \(String(cString: strerror(code)))")
        }
        defer { close(descriptor) }
        var header = [UInt8](repeating: 0, count: 100)
        let count = header.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, 100) }
        return Array(header.prefix(max(0, count)))
    }

    /// `.transcriptsIndex` when `grdb_migrations` holds this program's first migration, which every transcripts
    /// index has; `.empty` when the file has no table but (at most) an empty `grdb_migrations`, as a file that
    /// another writer of ours has just created shows until its first migration commits; else `.otherSQLite`.
    /// A raw read-only SQLite connection, because GRDB opens no URI filenames (`immutable=1` needs one).
    private static func classifySQLite(_ path: String, immutable: Bool) throws -> IndexFile {
        let escaped = path.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "?", with: "%3f")
            .replacingOccurrences(of: "#", with: "%23")
        let uri = "file:\(escaped)?mode=ro" + (immutable ? "&immutable=1" : "")
        var connection: OpaquePointer?
        defer { sqlite3_close_v2(connection) }
        func failure() -> IndexError {
            let code = connection.map { sqlite3_extended_errcode($0) } ?? SQLITE_CANTOPEN
            let reason = IndexDatabase.describe(DatabaseError(resultCode: ResultCode(rawValue: code)))
            return IndexError(.database, "cannot open the index at \(path): \(reason)")
        }
        guard sqlite3_open_v2(uri, &connection, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nil) == SQLITE_OK else {
            throw failure()
        }
        sqlite3_busy_timeout(connection, 10_000)
        func count(_ sql: String, _ argument: String = "") throws -> Int {
            var statement: OpaquePointer?
            defer { sqlite3_finalize(statement) }
            guard sqlite3_prepare_v2(connection, sql, -1, &statement, nil) == SQLITE_OK,
                  sqlite3_bind_text(statement, 1, argument, -1, unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self))
                    == SQLITE_OK,
                  sqlite3_step(statement) == SQLITE_ROW else { throw failure() }
            return Int(sqlite3_column_int64(statement, 0))
        }
        let tables = try count("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name <> ?1",
                               "grdb_migrations")
        guard try count("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1", "grdb_migrations") > 0
        else { return tables == 0 ? .empty : .otherSQLite }
        if try count("SELECT count(*) FROM grdb_migrations WHERE identifier = ?1", EmbeddedSchema.migrations[0].name) > 0 {
            return .transcriptsIndex
        }
        return try tables == 0 && count("SELECT count(*) FROM grdb_migrations WHERE ?1 = ?1") == 0 ? .empty : .otherSQLite
    }
}

extension IndexError {
    /// A reading command pointed at a file that is not an index.
    static func notAnIndex(at path: String, _ file: IndexFile) -> IndexError {
        let reason: String
        switch file {
        case .empty: reason = "(an empty file) — run `transcripts harvest` or `transcripts import` to make it one"
        case .notSQLite: reason = "(not an SQLite database)"
        default: reason = "(an SQLite database of another application)"
        }
        return IndexError(.notAnIndex, "not a transcripts index: \(path) \(reason)")
    }

    /// A writing command refusing to turn someone else's file into an index.
    static func refusingToWrite(at path: String, _ file: IndexFile) -> IndexError {
        IndexError(.notAnIndex, "not a transcripts index: \(path) — " + (file == .notSQLite
            ? "not an SQLite database; refusing to write to it"
            : "refusing to add tables to another application's database"))
    }
}
