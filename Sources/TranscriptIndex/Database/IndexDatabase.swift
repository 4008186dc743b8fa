import Foundation
import GRDB

/// The single SQLite file that holds the index. Opening it applies any pending schema migrations; a file that is
/// not a transcripts index is never opened (see `IndexFile`).
///
/// Writers (import, harvest) and readers (search, show, stats, the HTTP server) both go through a GRDB
/// `DatabasePool` in WAL mode: readers see the last committed state and never block, or are blocked by, a writer.
public final class IndexDatabase: Sendable {
    public let path: String
    let pool: DatabasePool

    private init(path: String, pool: DatabasePool) {
        self.path = path
        self.pool = pool
    }

    /// Opens the index for reading. Never creates a file: a missing one is `IndexError.noIndex`; any file that is
    /// not a transcripts index (empty, another application's database, not SQLite) is `.notAnIndex`, untouched.
    /// `announce` hears of a schema upgrade of an existing index before it starts (it may take minutes).
    public static func openForReading(path: String, announce: ((String) -> Void)? = nil) throws -> IndexDatabase {
        switch try IndexFile.inspect(path) {
        case .missing: throw IndexError.noIndex(at: path)
        case .transcriptsIndex: break
        case let other: throw IndexError.notAnIndex(at: path, other)
        }
        // An index written by an older version is migrated once, by a short-lived writer, before reading: it is
        // this program's own file, and refusing would stop the server after an upgrade until the next harvest.
        let reader = try open(path: path, readOnly: true)
        if try reader.pool.read({ db in try !SchemaMigrations.isUpToDate(db) }) {
            try? reader.pool.close()
            _ = try openForWriting(path: path, announce: announce)
            return try open(path: path, readOnly: true)
        }
        return reader
    }

    /// Opens the index for writing, creating it (owner-only, 0600, WAL) when missing, and migrating it.
    /// Only a missing or empty file, or a transcripts index, is opened: another application's database would be
    /// switched to WAL mode and given tables by the migrator, so it is refused before SQLite opens it.
    public static func openForWriting(path: String, announce: ((String) -> Void)? = nil) throws -> IndexDatabase {
        switch try IndexFile.inspect(path) {
        case .missing, .empty, .transcriptsIndex: break
        case let other: throw IndexError.refusingToWrite(at: path, other)
        }
        try createOwnerOnlyFileIfMissing(path)
        let database = try open(path: path, readOnly: false)
        do {
            try SchemaMigrations.migrate(database.pool) { pending in
                // Only 0003 rewrites every row; the later ones add tables and indexes, and rebuild the term lists.
                // 0009 only adds a table and re-creates triggers: it costs nothing, and says nothing of its own.
                let pending = pending.filter { $0 != "0009_bulk_load.sql" }
                guard !pending.isEmpty else { return }
                let cost = pending.contains("0003_documents.sql")
                    ? "it converts every row in one transaction (about 3 minutes per million transcriptions, and free "
                        + "disk space about the file's size)"
                    : pending == ["0008_postings.sql"]
                    ? "it builds the postings of the frequent words in one transaction (about 90 s per million "
                        + "documents)"
                    : "it adds tables and indexes and rebuilds the term lists in one transaction (a few minutes per "
                        + "million documents)"
                announce?("upgrading the index at \(path) to schema \(pending.last ?? ""), once: \(cost); "
                    + "interrupted, it starts over next time")
            }
        } catch let error as IndexError {
            throw error
        } catch {
            // Two processes that opened a new or older file at once (a harvest creating it, a search opening it)
            // both saw the migrations pending; the one that lost the race fails on what the other created. Each
            // migration commits on its own, so the winner may still be applying later ones: try again, a few
            // times, until they are all applied (by either).
            var attempt = 1
            while true {
                do {
                    try SchemaMigrations.migrate(database.pool)
                    break
                } catch let error as IndexError {
                    throw error
                } catch {
                    // What the other opener causes: "already exists" (SQLITE_ERROR), or a lock. Not a full disk.
                    let raced = (error as? DatabaseError).map { [.SQLITE_ERROR, .SQLITE_BUSY, .SQLITE_LOCKED].contains($0.resultCode) } ?? false
                    guard raced, attempt < 20 else {
                        throw IndexError(.database, "cannot prepare the index at \(path): \(describe(error))")
                    }
                    attempt += 1
                    usleep(UInt32(20_000 * attempt))
                }
            }
        }
        // An import killed during a bulk load left its rows without their full-text index: build it before this
        // writer changes a row (the triggers stay idle while the marker is there). A live import is left alone.
        try database.finishInterruptedBulkLoad(announce: announce)
        return database
    }

    private static func open(path: String, readOnly: Bool) throws -> IndexDatabase {
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.busyMode = .timeout(10)
        configuration.label = "transcripts"
        configuration.prepareDatabase { db in
            try MatchStatistics.register(db)
            try PhraseStatistics.register(db)
            if !readOnly {
                // NORMAL is durable across application crashes in WAL mode (only an OS crash may lose the
                // last transactions), and much faster for ingest than FULL.
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                // 64 MiB of page cache: an import touches the FTS5 segments and four B-trees per row, and a small
                // cache re-reads their pages from the WAL (measured: much of an import's time went to pread).
                try db.execute(sql: "PRAGMA cache_size = -65536")
                // Statement journals in memory: every INSERT with triggers opens one, and once a transaction's
                // passes 64 KiB SQLite spills it to a temporary file, written page by page (at 20,000 imported
                // calls, 1.2 GB in 600,000 pwrite calls). Each is emptied when its statement ends, so memory stays
                // small. Sorts would be held in memory too: the list rebuild switches back to files for its own
                // (`writeWithSortsInFiles`).
                // Measured: an import of 100,000 calls in 0.92x the wall time, with half the system time.
                try db.execute(sql: "PRAGMA temp_store = MEMORY")
            }
        }
        // Switching a new file to WAL needs it to itself, and SQLite's busy timeout does not cover that: a writer
        // that opens a file another one is creating and migrating gets SQLITE_BUSY at once. Try again for a while.
        var attempt = 1
        while true {
            do {
                return IndexDatabase(path: path, pool: try DatabasePool(path: path, configuration: configuration))
            } catch let error as DatabaseError where [.SQLITE_BUSY, .SQLITE_LOCKED].contains(error.resultCode) && attempt < 20 {
                attempt += 1
                usleep(UInt32(20_000 * attempt))
            } catch {
                throw IndexError(.database, "cannot open the index at \(path): \(describe(error))")
            }
        }
    }

    /// SQLite creates new files with the process umask (usually 0644). Transcripts are personal data, so the
    /// file is created first, owner-only; SQLite gives the -wal and -shm files the same mode as the database.
    private static func createOwnerOnlyFileIfMissing(_ path: String) throws {
        let descriptor = Foundation.open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        if descriptor >= 0 {
            Foundation.close(descriptor)
            return
        }
        let code = errno
        if code == EEXIST { return }
        throw IndexError(.database, "cannot create the index at \(path): \(String(cString: strerror(code)))")
    }

    /// A short reason without SQLite's statement text, which could echo user input.
    static func describe(_ error: Error) -> String {
        if let error = error as? DatabaseError {
            switch error.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED: return "the database is locked by another process"
            case .SQLITE_CORRUPT, .SQLITE_NOTADB: return "the file is not a transcripts index or is corrupt"
            case .SQLITE_CANTOPEN: return "the file cannot be opened"
            case .SQLITE_READONLY: return "the file is read-only"
            case .SQLITE_FULL: return "the disk is full"
            case .SQLITE_PERM, .SQLITE_AUTH: return "permission denied"
            default: return "SQLite error \(error.resultCode.rawValue)"
            }
        }
        return String(describing: error)
    }

    /// Size of the database file plus its WAL, in bytes.
    public var fileSizeBytes: Int64 {
        let manager = FileManager.default
        return [path, path + "-wal"].reduce(Int64(0)) { total, file in
            let size = (try? manager.attributesOfItem(atPath: file)[.size] as? NSNumber)?.int64Value ?? 0
            return total + size
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.read(body)
        } catch let error as IndexError {
            throw error
        } catch {
            throw IndexError(.database, "cannot read the index at \(path): \(Self.describe(error))")
        }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(body)
        } catch let error as IndexError {
            throw error
        } catch {
            throw IndexError(.database, "cannot read the index at \(path): \(Self.describe(error))")
        }
    }

    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.write(body)
        } catch let error as IndexError {
            throw error
        } catch {
            throw IndexError(.database, "cannot write the index at \(path): \(Self.describe(error))")
        }
    }

    /// `write` with the connection's temporary storage in files, for the term-list and postings rebuild: its
    /// sorts of every (term, document) pair grow with the corpus, and held in memory (the writers' `temp_store =
    /// MEMORY`, set for the row loads' statement journals) they took the peak of a 100,000-call mixed import
    /// from 228 to 550 MB. SQLite refuses to change the setting inside a transaction, hence the one opened here.
    func writeWithSortsInFiles<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA temp_store = FILE")
                defer { try? db.execute(sql: "PRAGMA temp_store = MEMORY") }
                var result: T?
                try db.inTransaction {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        } catch let error as IndexError {
            throw error
        } catch {
            throw IndexError(.database, "cannot write the index at \(path): \(Self.describe(error))")
        }
    }

    public func close() throws { try pool.close() }
}
