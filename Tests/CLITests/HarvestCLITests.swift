import Foundation
import Testing
import TranscriptIndex
import TwilioEmulator
import TwilioHarvest

/// `transcripts harvest`, the built binary, against an emulator served by this test process on a loopback port.
@Suite("transcripts harvest (the binary against the emulator)")
struct HarvestCLITests {
    static let accountSid = EmulatorConfiguration().accountSid
    static let rightToken = "right-token-Kq7vR2xW9pLm4ZtB"
    static let wrongToken = "wrong-token-Hj3nC8sY6dFq1VeX"

    static func configuration(count: Int, latencyMilliseconds: Int = 0) -> EmulatorConfiguration {
        EmulatorConfiguration(seed: 21, count: count, authToken: rightToken, nullTextRate: 0.3,
                              absentRecordingRate: 0.02, deletedRecordingRate: 0.02,
                              faults: FaultConfiguration(latencyMilliseconds: latencyMilliseconds))
    }

    /// The credentials and API base of a harvest, nothing inherited that could change them.
    static func environment(token: String = rightToken) -> [String: String?] {
        ["TWILIO_ACCOUNT_SID": accountSid, "TWILIO_AUTH_TOKEN": token, "TWILIO_API_KEY": nil,
         "TWILIO_API_SECRET": nil, "TWILIO_API_BASE": nil, "TWILIO_REGION": nil, "TWILIO_EDGE": nil]
    }

    static func withServer(_ configuration: EmulatorConfiguration,
                           _ body: (EmulatorServer) async throws -> Void) async throws {
        try await EmulatorServer.withRunning(configuration, body)
    }

    static func harvestArguments(_ server: EmulatorServer, db: String, _ extra: [String] = []) -> [String] {
        ["harvest", "--db", db, "--api-base", server.baseURL] + extra
    }

    // MARK: kill -9

    @Test("a harvest killed with SIGKILL mid-run keeps whole pages only; re-run, it finishes with the truth")
    func sigkillMidRunThenRerunConverges() async throws {
        try await Self.withServer(Self.configuration(count: 2000, latencyMilliseconds: 4)) { server in
            try await withAsyncCLISandbox { sandbox in
                let db = sandbox.path("index.sqlite")
                let pageSize = 50
                let process = try sandbox.start(Self.harvestArguments(server, db: db, ["--page-size", "\(pageSize)"]),
                                                environment: Self.environment())
                // Wait for a few committed pages (harvest_runs.pages commits with each page).
                let deadline = Date().addingTimeInterval(30)
                var committedPages = 0
                while process.isRunning, Date() < deadline {
                    committedPages = IndexProbe.committedPages(db)
                    if committedPages >= 3 { break }
                    try await Task.sleep(for: .milliseconds(10))
                }
                try #require(committedPages >= 3, "the harvest never committed 3 pages: \(process.stderrSoFar)")
                try #require(process.send(SIGKILL), "the harvest had already ended: the test proves nothing")
                let killed = try await process.finish()
                #expect(process.endedBySignal)
                #expect(killed.status == SIGKILL)

                // What the killed run left: whole pages, the first k of the list, nothing half-written.
                let truth = server.store.transcriptions()
                let left = try IndexProbe.sids(db)
                #expect(left.count % pageSize == 0, "\(left.count) rows: a page was partly committed")
                #expect(left.count < truth.count, "killed before the end")
                #expect(Set(left) == Set(truth.prefix(left.count).map(\.transcriptionSid)))
                let killedRun = try #require(try IndexProbe.stats(db).recentRuns.first)
                #expect(killedRun.pages == left.count / pageSize)

                // The kernel released the lock with the process: the re-run needs no --wait. About 2,000 requests at
                // 4 ms each: seconds alone, but the bound leaves room for a machine loaded by other work.
                let rerun = try await sandbox.runAsync(
                    Self.harvestArguments(server, db: db, ["--page-size", "\(pageSize)", "--json"]),
                    environment: Self.environment(), timeout: 180)
                #expect(rerun.status == 0, "\(rerun)")
                let summary = try rerun.json()
                #expect(summary["outcome"] as? String == "succeeded")
                let transcriptionRun = (summary["sources"] as? [[String: Any]])?.first
                #expect(transcriptionRun?["mode"] as? String == "initial", "the interrupted first walk is resumed")
                #expect(summary["added"] as? Int == truth.count - left.count, "no page fetched twice as new")
                #expect(IndexProbe.differences(db, server.store) == [])
                // The killed run no longer claims to be running.
                let runs = try IndexProbe.stats(db).recentRuns
                #expect(runs.first(where: { $0.id == killedRun.id })?.outcome == "interrupted")
                #expect(!runs.contains { $0.outcome == "running" })
            }
        }
    }

    // MARK: Credentials

    @Test("a refused auth token: exit 3 at once, the account named, and the token nowhere in output or database")
    func badCredentials() async throws {
        try await Self.withServer(Self.configuration(count: 50)) { server in
            try await withAsyncCLISandbox { sandbox in
                let db = sandbox.path("index.sqlite")
                let started = Date()
                let result = try await sandbox.runAsync(Self.harvestArguments(server, db: db),
                                                        environment: Self.environment(token: Self.wrongToken))
                let elapsed = Date().timeIntervalSince(started)
                #expect(result.status == 3, "\(result)")
                #expect(elapsed < 20, "took \(elapsed) s: a 401 with WWW-Authenticate must not hang")
                #expect(result.stderr.contains(Self.accountSid), "\(result.stderr)")
                #expect(result.stderr.contains("refused"), "\(result.stderr)")
                #expect(server.stats.count(.listTranscriptions, status: 401) == 1, "a 401 is not retried")
                try Self.expectSecretAbsent(Self.wrongToken, from: [result], sandbox: sandbox)
                #expect(try IndexProbe.stats(db).recentRuns.first?.outcome == "failed")

                let json = try await sandbox.runAsync(Self.harvestArguments(server, db: db, ["--json"]),
                                                      environment: Self.environment(token: Self.wrongToken))
                #expect(json.status == 3)
                let summary = try json.json()
                #expect(summary["outcome"] as? String == "failed")
                #expect((summary["error"] as? String)?.contains(Self.accountSid) == true)
                try Self.expectSecretAbsent(Self.wrongToken, from: [result, json], sandbox: sandbox)
            }
        }
    }

    @Test("a successful harvest with the right token leaves the token nowhere in output or database")
    func rightTokenIsNotStored() async throws {
        try await Self.withServer(Self.configuration(count: 120)) { server in
            try await withAsyncCLISandbox { sandbox in
                let db = sandbox.path("index.sqlite")
                let result = try await sandbox.runAsync(Self.harvestArguments(server, db: db, ["--page-size", "50"]),
                                                        environment: Self.environment())
                #expect(result.status == 0, "\(result)")
                #expect(!result.stderr.isEmpty, "progress lines go to stderr")
                let json = try await sandbox.runAsync(Self.harvestArguments(server, db: db, ["--json", "--full"]),
                                                      environment: Self.environment())
                #expect(json.status == 0, "\(json)")
                #expect(IndexProbe.differences(db, server.store) == [])
                try Self.expectSecretAbsent(Self.rightToken, from: [result, json], sandbox: sandbox)
            }
        }
    }

    /// The secret is in no output and in no byte of any file in the sandbox's work directory (the database, its
    /// -wal and -shm while they exist, the lock file).
    static func expectSecretAbsent(_ secret: String, from results: [CLIResult], sandbox: CLISandbox,
                                   sourceLocation: SourceLocation = #_sourceLocation) throws {
        for result in results {
            #expect(!result.stdout.contains(secret), "token in stdout", sourceLocation: sourceLocation)
            #expect(!result.stderr.contains(secret), "token in stderr", sourceLocation: sourceLocation)
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: sandbox.work.path)
        #expect(files.contains("index.sqlite"), sourceLocation: sourceLocation)
        let needle = Data(secret.utf8)
        for file in files {
            let bytes = try Data(contentsOf: sandbox.work.appendingPathComponent(file))
            #expect(bytes.range(of: needle) == nil, "token in the bytes of \(file)", sourceLocation: sourceLocation)
        }
    }

    // MARK: The lock

    @Test("a second harvest on a locked index exits 1 saying so; with --wait it runs once the lock is released")
    func twoHarvestsNeverRunAtOnce() async throws {
        try await Self.withServer(Self.configuration(count: 150)) { server in
            try await withAsyncCLISandbox { sandbox in
                let db = sandbox.path("index.sqlite")
                var lock: HarvestLock? = try HarvestLock(databasePath: db, wait: false)
                #expect(lock != nil)
                let refused = try await sandbox.runAsync(Self.harvestArguments(server, db: db),
                                                         environment: Self.environment(), timeout: 10)
                #expect(refused.status == 1, "\(refused)")
                #expect(refused.stderr.contains("another harvest is running"), "\(refused.stderr)")
                #expect(server.stats.total == 0, "no request made while another harvest holds the index")

                let waiting = try sandbox.start(Self.harvestArguments(server, db: db, ["--wait", "--json"]),
                                                environment: Self.environment())
                try await Task.sleep(for: .milliseconds(800))
                #expect(waiting.isRunning, "--wait waits: \(waiting.stderrSoFar)")
                #expect(server.stats.total == 0)
                lock = nil  // released
                let result = try await waiting.finish(timeout: 30)
                #expect(result.status == 0, "\(result)")
                #expect(try result.json()["added"] as? Int == 150)
                #expect(IndexProbe.differences(db, server.store) == [])
            }
        }
    }

    // MARK: --json

    @Test("harvest --json prints the documented summary, and stats --json lists the run under last_harvests")
    func jsonSummaryAndStats() async throws {
        try await Self.withServer(Self.configuration(count: 300)) { server in
            try await withAsyncCLISandbox { sandbox in
                let db = sandbox.path("index.sqlite")
                let first = try await sandbox.runAsync(Self.harvestArguments(server, db: db, ["--json", "--page-size", "100"]),
                                                       environment: Self.environment())
                #expect(first.status == 0, "\(first)")
                #expect(topLevelKeys(first.stdout) == [
                    "outcome", "pages", "items", "requests", "retries", "added", "updated", "unchanged", "deleted",
                    "seconds", "error", "sources",
                ])
                let summary = try first.json()
                #expect(summary["outcome"] as? String == "succeeded")
                // Every source ran, in turn: the emulator's Intelligence account is empty (one page, nothing).
                #expect(summary["pages"] as? Int == 4)
                #expect(summary["items"] as? Int == 300)
                #expect(summary["added"] as? Int == 300)
                #expect(summary["deleted"] as? Int == 0)
                #expect(summary["requests"] as? Int == server.stats.total)
                #expect(summary["retries"] as? Int == 0)
                #expect(summary["error"] is NSNull)
                #expect((summary["seconds"] as? Double).map { $0 > 0 } == true)
                let sources = try #require(summary["sources"] as? [[String: Any]])
                #expect(sources.map { $0["source"] as? String } == ["transcription", "intelligence"])
                let transcription = sources[0]
                #expect(transcription.keys.sorted() == [
                    "added", "deleted", "error", "items", "mode", "order_anomaly", "outcome", "pages", "problems",
                    "recordings_fetched", "recordings_missing", "requests", "retries", "run_id", "seconds", "source",
                    "texts_fetched", "texts_reverified", "unchanged", "updated",
                ])
                #expect(transcription["mode"] as? String == "initial")
                #expect(transcription["pages"] as? Int == 3)
                #expect(transcription["added"] as? Int == 300)
                #expect(transcription["order_anomaly"] as? Bool == false)
                #expect(sources[1]["mode"] as? String == "initial")
                #expect(sources[1]["items"] as? Int == 0)
                let runID = try #require(transcription["run_id"] as? Int)
                #expect(sources[1]["run_id"] as? Int == runID + 1)

                let second = try await sandbox.runAsync(Self.harvestArguments(server, db: db, ["--json", "--source", "transcription"]),
                                                        environment: Self.environment())
                #expect(second.status == 0)
                let refresh = try second.json()
                let refreshed = try #require(refresh["sources"] as? [[String: Any]])
                #expect(refreshed.map { $0["source"] as? String } == ["transcription"], "--source restricts")
                #expect(refreshed[0]["mode"] as? String == "incremental")
                #expect(refresh["added"] as? Int == 0)
                #expect(refreshed[0]["run_id"] as? Int == runID + 2)

                let stats = try await sandbox.runAsync(["stats", "--db", db, "--json"])
                #expect(stats.status == 0, "\(stats)")
                let runs = try #require(try stats.json()["last_harvests"] as? [[String: Any]])
                #expect(runs.count == 3)
                #expect(runs.map { $0["id"] as? Int } == [runID + 2, runID + 1, runID])
                #expect(runs.map { $0["source"] as? String } == ["transcription", "intelligence", "transcription"])
                #expect(runs.map { $0["mode"] as? String } == ["incremental", "initial", "initial"])
                #expect(runs.map { $0["outcome"] as? String } == ["succeeded", "succeeded", "succeeded"])
                #expect(runs.last?["added"] as? Int == 300)
                #expect(runs.last?["pages"] as? Int == 3)
                #expect(runs.last?["finished_at"] is String)
            }
        }
    }
}

/// Reads the index the binary wrote, synchronously (the async overloads are for the server).
enum IndexProbe {
    static func committedPages(_ path: String) -> Int {
        guard FileManager.default.fileExists(atPath: path),
              let database = try? IndexDatabase.openForReading(path: path) else { return 0 }
        defer { try? database.close() }
        return (try? database.stats().recentRuns.first?.pages) ?? 0
    }

    static func stats(_ path: String) throws -> IndexStats {
        let database = try IndexDatabase.openForReading(path: path)
        defer { try? database.close() }
        return try database.stats(recentRuns: 10)
    }

    /// Every transcription SID (a plain column read, so duplicates would show). Opens for writing: only once the
    /// harvest process has ended.
    static func sids(_ path: String) throws -> [String] {
        let database = try IndexDatabase.openForWriting(path: path)
        defer { try? database.close() }
        return try database.writeBatch { try $0.allTranscriptionSids() }
    }

    /// How the index differs from the emulator's truth: SIDs (missing, extra, duplicated), status, text, call SID
    /// via the recording. Empty when equal.
    static func differences(_ path: String, _ store: EmulatorStore) -> [String] {
        do {
            let indexed = try sids(path)
            let database = try IndexDatabase.openForReading(path: path)
            defer { try? database.close() }
            let truth = store.transcriptions()
            var problems: [String] = []
            let indexedSet = Set(indexed), truthSet = Set(truth.map(\.transcriptionSid))
            if indexed.count != indexedSet.count { problems.append("\(indexed.count - indexedSet.count) duplicates") }
            if indexedSet != truthSet {
                problems.append("\(truthSet.subtracting(indexedSet).count) missing, "
                    + "\(indexedSet.subtracting(truthSet).count) extra")
            }
            for call in truth where indexedSet.contains(call.transcriptionSid) {
                let detail = try database.transcription(sid: call.transcriptionSid)
                if detail.transcription.status != call.status { problems.append("\(call.transcriptionSid) status") }
                if detail.transcription.text != call.text { problems.append("\(call.transcriptionSid) text (\(call.status))") }
                if let recording = store.recording(sid: call.recordingSid) {
                    if detail.recording?.callSid != recording.callSid {
                        problems.append("\(call.transcriptionSid) call SID via recording")
                    }
                } else if detail.recordingAvailability != "not_found" {
                    problems.append("\(call.transcriptionSid) absent recording not recorded as not found")
                }
            }
            return Array(problems.prefix(10))
        } catch {
            return ["cannot read the index: \(error)"]
        }
    }
}
