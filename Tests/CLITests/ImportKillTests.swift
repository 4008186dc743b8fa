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
            let records = Self.ndjson()
            let input = try sandbox.write("calls.ndjson", records)
            // The first import reads a FIFO that is given 25,000 records and then nothing: it commits two batches of
            // 10,000 and waits for more, mid-load, where it is killed (whatever the machine's load).
            let fifo = sandbox.path("calls.fifo")
            try #require(mkfifo(fifo, 0o600) == 0)
            let firstPart = records.split(separator: "\n", omittingEmptySubsequences: false).prefix(25_000)
                .joined(separator: "\n") + "\n"
            let process = try sandbox.start(["import", "--db", db, fifo])
            signal(SIGPIPE, SIG_IGN)  // a write to the FIFO after the kill fails with EPIPE rather than ending the tests
            let writer = FIFOWriter(path: fifo, bytes: Data(firstPart.utf8))
            defer { writer.close() }
            let deadline = Date().addingTimeInterval(120)
            var loaded = 0
            while process.isRunning, Date() < deadline {
                loaded = Self.loadedWhileMarked(db)
                if loaded >= 20_000 { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            try #require(loaded == 20_000, "two batches did not commit under the marker: \(process.stderrSoFar)")
            try #require(await writer.finishedWriting(within: 60), "the import did not read the FIFO's 25,000 records")
            try #require(process.send(SIGKILL), "the import had already ended: the test proves nothing")
            _ = try await process.finish()
            writer.close()

            let refused = try await sandbox.runAsync(["search", "refund", "--db", db])
            #expect(refused.status == 1, "\(refused)")
            #expect(refused.stderr.contains("is loading this index"), "\(refused)")
            let refusedJSON = try await sandbox.runAsync(["search", "refund", "--db", db, "--json"])
            #expect(refusedJSON.stdout.contains("\"index_loading\""), "\(refusedJSON)")
            let listing = try await sandbox.runAsync(["search", "--db", db, "--json"])
            #expect(listing.status == 0, "\(listing)")
            let partial = try #require(try listing.json()["total"] as? Int)
            #expect(partial == 20_000, "\(partial) listed after the kill")

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

/// Opens a FIFO for writing on a thread of its own (the open blocks until the reader opens it), writes `bytes`,
/// and keeps it open, so that the reader waits for more, until `close`.
final class FIFOWriter: @unchecked Sendable {
    private let lock = NSLock()
    private var descriptor: Int32 = -1
    private var closed = false
    private var written = false

    init(path: String, bytes: Data) {
        Thread {
            let descriptor = open(path, O_WRONLY)
            guard descriptor >= 0 else { return }
            self.lock.lock()
            if self.closed { Foundation.close(descriptor); self.lock.unlock(); return }
            self.descriptor = descriptor
            self.lock.unlock()
            bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                    if written <= 0 { return }  // the reader was killed
                    offset += written
                }
            }
            self.lock.lock()
            self.written = true
            self.lock.unlock()
        }.start()
    }

    /// Whether every byte was written within `seconds`.
    func finishedWriting(within seconds: Double) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if lock.withLock({ written }) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    func close() {
        lock.lock()
        defer { lock.unlock() }
        if !closed, descriptor >= 0 { Foundation.close(descriptor) }
        closed = true
    }
}
