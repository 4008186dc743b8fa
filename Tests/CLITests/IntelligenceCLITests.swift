import Foundation
import Testing
import TranscriptIndex
import TwilioEmulator

/// The Intelligence source through the built binary: killed and re-run, shown, and its media URLs.
@Suite("transcripts harvest / show / media: Intelligence (the binary against the emulator)")
struct IntelligenceCLITests {
    static func configuration(count: Int, intelligence: Int, latencyMilliseconds: Int = 0) -> EmulatorConfiguration {
        var configuration = HarvestCLITests.configuration(count: count, latencyMilliseconds: latencyMilliseconds)
        configuration.intelligenceCount = intelligence
        return configuration
    }

    /// The SIDs and sentence counts of the index's Intelligence transcripts (opened for writing: only once the
    /// harvest process has ended).
    static func indexed(_ path: String) throws -> [String: Int] {
        let database = try IndexDatabase.openForWriting(path: path)
        defer { try? database.close() }
        var counts: [String: Int] = [:]
        for sid in try database.writeBatch({ try $0.allSids(.intelligence) }) {
            guard case .intelligence(let detail) = try database.document(sid: sid) else { continue }
            counts[sid] = detail.sentences.count
        }
        return counts
    }

    static func truth(_ store: EmulatorStore) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: store.intelligence.transcripts().map { transcript in
            (transcript.sid, transcript.isEncrypted ? 0 : store.intelligence.content(of: transcript).sentences.count)
        })
    }

    @Test("a harvest of Intelligence killed with SIGKILL mid-walk keeps whole pages; re-run, it equals the truth")
    func sigkillThenRerun() async throws {
        try await HarvestCLITests.withServer(Self.configuration(count: 300, intelligence: 300, latencyMilliseconds: 3)) { server in
            try await withAsyncCLISandbox { sandbox in
                let db = sandbox.path("index.sqlite")
                let arguments = HarvestCLITests.harvestArguments(server, db: db, ["--source", "intelligence", "--page-size", "20"])
                let process = try sandbox.start(arguments, environment: HarvestCLITests.environment())
                let deadline = Date().addingTimeInterval(120)
                var committed = 0
                while process.isRunning, Date() < deadline {
                    committed = IndexProbe.committedPages(db)
                    if committed >= 2 { break }
                    try await Task.sleep(for: .milliseconds(10))
                }
                try #require(committed >= 2, "the harvest never committed 2 pages: \(process.stderrSoFar)")
                try #require(process.send(SIGKILL), "the harvest had already ended: the test proves nothing")
                _ = try await process.finish()
                let partial = try Self.indexed(db)
                #expect(partial.count % 20 == 0, "\(partial.count) transcripts: a page was partly committed")
                #expect(partial.count < 300)
                let truth = Self.truth(server.store)
                for (sid, sentences) in partial { #expect(truth[sid] == sentences, "\(sid): sentences of a committed page") }

                let rerun = try await sandbox.runAsync(arguments + ["--json"], environment: HarvestCLITests.environment(),
                                                       timeout: 240)
                #expect(rerun.status == 0, "\(rerun)")
                let run = try #require((try rerun.json()["sources"] as? [[String: Any]])?.first)
                #expect(run["source"] as? String == "intelligence")
                #expect(run["mode"] as? String == "initial", "the interrupted walk is resumed")
                #expect(run["added"] as? Int == 300 - partial.count, "no page fetched twice as new")
                #expect(try Self.indexed(db) == truth)
            }
        }
    }

    @Test("show GT… lists every sentence with speaker and time; media prints a fresh URL each time, never stored")
    func showAndMedia() async throws {
        try await HarvestCLITests.withServer(Self.configuration(count: 30, intelligence: 30)) { server in
            try await withAsyncCLISandbox { sandbox in
                let db = sandbox.path("index.sqlite")
                let harvest = try await sandbox.runAsync(HarvestCLITests.harvestArguments(server, db: db),
                                                         environment: HarvestCLITests.environment())
                try #require(harvest.status == 0, "\(harvest)")
                let transcript = try #require(server.store.intelligence.transcripts().first { $0.isCompleted && !$0.isEncrypted })
                let content = server.store.intelligence.content(of: transcript)

                let show = try await sandbox.runAsync(["show", transcript.sid, "--db", db, "--json"])
                try #require(show.status == 0, "\(show)")
                let body = try show.json()
                #expect(body["source"] as? String == "intelligence")
                let sentences = try #require(body["sentences"] as? [[String: Any]])
                #expect(sentences.map { $0["index"] as? Int } == content.sentences.map(\.sentenceIndex))
                #expect(sentences.first?["start_time"] as? Double == content.sentences.first?.startTime)
                #expect(sentences.allSatisfy { ($0["speaker"] as? String).map { ["Agent", "Customer"].contains($0) } ?? false })
                #expect((body["labels"] as? [[String: Any]])?.isEmpty == false, "the sentiment label")
                let human = try await sandbox.runAsync(["show", transcript.sid, "--db", db])
                #expect(human.status == 0)
                #expect(human.stdout.contains("00:00 "), "\(human.stdout.prefix(400))")

                var urls: [String] = []
                for _ in 0..<2 {
                    let media = try await sandbox.runAsync(["media", transcript.sid, "--json", "--api-base", server.baseURL],
                                                           environment: HarvestCLITests.environment())
                    try #require(media.status == 0, "\(media)")
                    let json = try media.json()
                    #expect(json["sid"] as? String == transcript.sid)
                    urls.append(try #require(json["media_url"] as? String))
                }
                #expect(urls[0] != urls[1], "each URL is asked of Twilio afresh")
                // Nothing of either URL is in the index's files.
                for name in ["index.sqlite", "index.sqlite-wal", "index.sqlite-shm"] where sandbox.exists(name) {
                    let bytes = try Data(contentsOf: URL(fileURLWithPath: sandbox.path(name)))
                    for url in urls {
                        let signature = try #require(url.split(separator: "?").last.map(String.init))
                        #expect(bytes.range(of: Data(signature.utf8)) == nil, "\(name) holds a media URL")
                        #expect(bytes.range(of: Data(url.utf8)) == nil, "\(name) holds a media URL")
                    }
                }
                let unknown = try await sandbox.runAsync(["media", "GT" + String(repeating: "f", count: 32), "--json",
                                                          "--api-base", server.baseURL],
                                                         environment: HarvestCLITests.environment())
                #expect(unknown.status == 1, "\(unknown)")
                #expect((try unknown.json()["error"] as? [String: Any])?["code"] as? String == "not_found")
                let bad = try await sandbox.runAsync(["media", "TR" + String(repeating: "f", count: 32)])
                #expect(bad.status == 2)
            }
        }
    }
}
