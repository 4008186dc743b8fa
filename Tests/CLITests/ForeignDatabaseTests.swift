import Foundation
import GRDB
import Testing

/// A `--db` that points at something other than a transcripts index — another application's SQLite file, a
/// file that is not SQLite at all, an empty file — is never changed by any command: readers refuse it, and
/// writers refuse it unless it is empty. The file's bytes, and the files beside it, are compared before and after.
/// The tests are async (`runAsync`): blocking the few cooperative threads would starve the emulator that other
/// suites serve in this process; serialized, so that its ~40 runs of the binary do not all compete for the cores at
/// once with the timing-sensitive tests of other suites.
@Suite("CLI: a file that is not a transcripts index", .serialized)
struct ForeignDatabaseTests {
    enum Foreign: String, CaseIterable, CustomTestStringConvertible {
        /// Another application's SQLite database with its own `transcriptions` table (a name clash).
        case clashingSQLite
        /// Another application's SQLite database, no table name in common.
        case otherSQLite
        /// Another application's database in WAL mode, closed (no -wal file): even a read-only SQLite connection
        /// would leave -wal and -shm files beside it.
        case walSQLite
        /// Bytes that are not SQLite.
        case notSQLite
        /// A 0-byte file.
        case empty

        var testDescription: String { rawValue }

        /// Creates the file at `path`.
        func make(at path: String) throws {
            switch self {
            case .clashingSQLite, .otherSQLite:
                let queue = try DatabaseQueue(path: path)
                try queue.write { db in
                    let table = self == .clashingSQLite ? "transcriptions" : "invoices"
                    try db.execute(sql: "CREATE TABLE \(table) (id INTEGER PRIMARY KEY, body TEXT)")
                    try db.execute(sql: "INSERT INTO \(table) (body) VALUES ('the other application''s row')")
                }
                try queue.close()
            case .walSQLite:
                let pool = try DatabasePool(path: path)
                try pool.write { try $0.execute(sql: "CREATE TABLE invoices (id INTEGER PRIMARY KEY, body TEXT)") }
                try pool.close()
                try #require(!FileManager.default.fileExists(atPath: path + "-wal"))
            case .notSQLite:
                var generator = SystemRandomNumberGenerator()
                try Data((0..<8192).map { _ in UInt8.random(in: 0...255, using: &generator) })
                    .write(to: URL(fileURLWithPath: path))
            case .empty:
                try Data().write(to: URL(fileURLWithPath: path))
            }
        }
    }

    /// The directory's files and their bytes.
    static func snapshot(_ sandbox: CLISandbox) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: sandbox.work.path) {
            files[name] = try Data(contentsOf: sandbox.work.appendingPathComponent(name))
        }
        return files
    }

    static let readingCommands: [[String]] = [
        ["stats"], ["search", "refund"], ["show", placeholder("TR")],
    ]

    @Test(arguments: Foreign.allCases, readingCommands)
    func aReadingCommandRefusesAndChangesNothing(foreign: Foreign, command: [String]) async throws {
        try await withAsyncCLISandbox { sandbox in
            let db = sandbox.path("other-app.sqlite")
            try foreign.make(at: db)
            let before = try Self.snapshot(sandbox)
            let human = try await sandbox.runAsync(command + ["--db", db])
            #expect(human.status == 1, "\(human)")
            #expect(human.stderr.hasPrefix("transcripts: not a transcripts index: \(db)"), "\(human)")
            #expect(human.stdout == "", "\(human)")
            #expect(try Self.snapshot(sandbox) == before, "\(command.joined(separator: " ")) changed the files")
        }
    }

    @Test(arguments: Foreign.allCases)
    func underJSONTheErrorCodeIsNotAnIndex(foreign: Foreign) async throws {
        try await withAsyncCLISandbox { sandbox in
            let db = sandbox.path("other-app.sqlite")
            try foreign.make(at: db)
            let before = try Self.snapshot(sandbox)
            let json = try await sandbox.runAsync(["stats", "--db", db, "--json"])
            #expect(json.status == 1, "\(json)")
            let error = try #require(try json.json()["error"] as? [String: Any], "\(json)")
            #expect(error["code"] as? String == "not_an_index", "\(json)")
            #expect((error["message"] as? String)?.hasPrefix("not a transcripts index: \(db)") == true, "\(json)")
            #expect(try Self.snapshot(sandbox) == before, "stats --json changed the files")
        }
    }

    @Test(arguments: Foreign.allCases)
    func serveRefusesToStartAndChangesNothing(foreign: Foreign) async throws {
        try await withAsyncCLISandbox { sandbox in
            let db = sandbox.path("other-app.sqlite")
            try foreign.make(at: db)
            let before = try Self.snapshot(sandbox)
            let server = try sandbox.start(["serve", "--db", db, "--port", "0"])
            let deadline = Date().addingTimeInterval(15)
            while server.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
            if server.isRunning {
                Issue.record("serve started on \(foreign.rawValue): \(server.stdoutSoFar)")
                server.send(SIGKILL)
            }
            let result = try await server.finish()
            #expect(result.status == 1, "\(result)")
            #expect(result.stderr.contains("not a transcripts index: \(db)"), "\(result)")
            #expect(!result.stdout.contains("listening"), "\(result)")
            #expect(try Self.snapshot(sandbox) == before, "serve changed the files")
        }
    }

    static let record = """
        {"sid": "\(placeholder("TR"))", "status": "completed", "date_created": "Tue, 05 Mar 2024 14:02:11 +0000", "date_updated": "Tue, 05 Mar 2024 14:02:11 +0000", "transcription_text": "refund please"}
        """

    @Test(arguments: [Foreign.clashingSQLite, .otherSQLite, .walSQLite, .notSQLite])
    func importRefusesAForeignFileAndChangesNothing(foreign: Foreign) async throws {
        try await withAsyncCLISandbox { sandbox in
            let input = try sandbox.write("export.ndjson", Self.record + "\n")
            let db = sandbox.path("other-app.sqlite")
            try foreign.make(at: db)
            let before = try Self.snapshot(sandbox)

            let human = try await sandbox.runAsync(["import", "--db", db, input])
            #expect(human.status == 1, "\(human)")
            let expected = foreign == .notSQLite
                ? "transcripts: not a transcripts index: \(db) — not an SQLite database; refusing to write to it\n"
                : "transcripts: not a transcripts index: \(db) — refusing to add tables to another application's database\n"
            #expect(human.stderr == expected, "\(human)")

            if foreign == .clashingSQLite {
                let json = try await sandbox.runAsync(["import", "--db", db, "--json", input])
                #expect(json.status == 1, "\(json)")
                #expect((try json.json()["error"] as? [String: Any])?["code"] as? String == "not_an_index", "\(json)")
            }

            #expect(try Self.snapshot(sandbox) == before, "import changed the files")
        }
    }

    @Test(arguments: [Foreign.clashingSQLite, .otherSQLite, .walSQLite, .notSQLite])
    func harvestRefusesAForeignFileBeforeAnyRequestAndChangesNothing(foreign: Foreign) async throws {
        try await withAsyncCLISandbox { sandbox in
            let db = sandbox.path("other-app.sqlite")
            try foreign.make(at: db)
            let before = try Self.snapshot(sandbox)
            // Nothing listens on port 9: the refusal must come before any request (a request would be retried).
            let result = try await sandbox.runAsync(
                ["harvest", "--db", db, "--api-base", "http://127.0.0.1:9", "--quiet"],
                environment: ["TWILIO_ACCOUNT_SID": "AC" + String(repeating: "0", count: 32),
                              "TWILIO_AUTH_TOKEN": "a-token-that-is-never-sent", "TWILIO_API_KEY": nil,
                              "TWILIO_API_SECRET": nil, "TWILIO_API_BASE": nil],
                timeout: 20)
            #expect(result.status == 1, "\(result)")
            #expect(result.stderr.contains("not a transcripts index: \(db) — "), "\(result)")
            #expect(try Self.snapshot(sandbox) == before, "harvest changed the files")
        }
    }

    @Test func importTurnsAnEmptyFileIntoAnIndexThatReadersThenAccept() async throws {
        try await withAsyncCLISandbox { sandbox in
            let input = try sandbox.write("export.ndjson", Self.record + "\n")
            let db = sandbox.path("empty.sqlite")
            try Foreign.empty.make(at: db)
            let imported = try await sandbox.runAsync(["import", "--db", db, input])
            #expect(imported.status == 0, "\(imported)")
            let search = try await sandbox.runAsync(["search", "refund", "--db", db, "--json"])
            #expect(try search.sids() == [placeholder("TR")], "\(search)")
        }
    }
}
