import Foundation
import GRDB
import Testing
import TranscriptIndex

/// An import into a new index loads in bulk: FTS5 is built when it ends. Killed with SIGKILL halfway, it leaves
/// whole batches and its marker; a search by words then says that the index is loading (a listing answers), and
/// the rerun finishes the index, loads the rest, and ends with every word found and FTS5 consistent.
@Suite("CLI: a killed bulk import")
struct ImportKillTests {
    static let count = 40_000

    /// Transcriptions only, each with "refund" and a number word of its own.
    static func ndjson() -> String {
        (0..<count).map { n in
            let hex = String(n, radix: 16)
            let sid = "TR" + String(repeating: "0", count: 32 - hex.count) + hex
            return """
                {"sid": "\(sid)", "account_sid": "AC\(String(repeating: "a", count: 32))", \
                "date_created": "Tue, 05 Mar 2024 14:02:11 +0000", "date_updated": "Tue, 05 Mar 2024 14:02:11 +0000", \
                "status": "completed", "duration": "12", "transcription_text": "a refund for order item\(n) please"}
                """
        }.joined(separator: "\n") + "\n"
    }

    @Test func aKilledBulkImportSaysSoUntilTheRerunFinishesIt() async throws {
        try await withAsyncCLISandbox { sandbox in
            let db = sandbox.path("index.sqlite")
            let input = try sandbox.write("calls.ndjson", Self.ndjson())
            let process = try sandbox.start(["import", "--db", db, input])
            let deadline = Date().addingTimeInterval(120)
            var loaded = 0
            while process.isRunning, Date() < deadline {
                loaded = Self.loadedWhileMarked(db)
                if loaded > 0 { break }
                try await Task.sleep(for: .milliseconds(10))
            }
            try #require(loaded > 0, "no batch committed under the marker: \(process.stderrSoFar)")
            try #require(process.send(SIGKILL), "the import had already ended: the test proves nothing")
            _ = try await process.finish()

            let refused = try await sandbox.runAsync(["search", "refund", "--db", db])
            #expect(refused.status == 1, "\(refused)")
            #expect(refused.stderr.contains("is loading this index"), "\(refused)")
            let refusedJSON = try await sandbox.runAsync(["search", "refund", "--db", db, "--json"])
            #expect(refusedJSON.stdout.contains("\"index_loading\""), "\(refusedJSON)")
            let listing = try await sandbox.runAsync(["search", "--db", db, "--json"])
            #expect(listing.status == 0, "\(listing)")
            let partial = try #require(try listing.json()["total"] as? Int)
            #expect(partial >= loaded && partial < Self.count, "\(partial) listed after the kill")

            let rerun = try await sandbox.runAsync(["import", "--db", db, input], timeout: 240)
            #expect(rerun.status == 0, "\(rerun)")
            #expect(rerun.stderr.contains("finishing the full-text index"), "\(rerun)")
            #expect(rerun.stdout == "imported: \(Self.count - partial) added, 0 updated, \(partial) unchanged\n", "\(rerun)")

            for (query, expected) in [("refund", Self.count), ("item7", 1), ("item39999", 1), ("item40000", 0)] {
                let search = try await sandbox.runAsync(["search", query, "--db", db, "--json"])
                #expect(search.status == 0, "\(search)")
                #expect(try search.json()["total"] as? Int == expected, "\(query)")
            }
            let check = try DatabaseQueue(path: db)
            try await check.write { db in
                try db.execute(sql: "INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)")
                #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM bulk_load") == 0)
            }
        }
    }

    /// Documents committed while the bulk marker is set; 0 before the first batch (or without a marker).
    static func loadedWhileMarked(_ path: String) -> Int {
        guard FileManager.default.fileExists(atPath: path),
              let queue = try? DatabaseQueue(path: path, configuration: { var c = Configuration(); c.readonly = true; return c }()),
              let counts = try? queue.read({ db -> (Int, Int)? in
                  guard try db.tableExists("bulk_load") else { return nil }
                  return (try Int.fetchOne(db, sql: "SELECT count(*) FROM bulk_load")!,
                          try Int.fetchOne(db, sql: "SELECT count(*) FROM documents")!)
              }) ?? nil
        else { return 0 }
        return counts.0 == 1 ? counts.1 : 0
    }
}
