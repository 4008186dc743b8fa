import Foundation
import Testing
import TwilioCorpus
import TwilioEmulator

/// `/_emulator/intelligence/transcripts`: the truth, and adding, completing and deleting transcripts, each visible
/// through the v2 API as a harvest would see it.
@Suite("Intelligence control API")
struct IntelligenceControlAPITests {
    static func json(_ data: Data) throws -> Any { try JSONSerialization.jsonObject(with: data) }

    @Test("GET gives every transcript in list order with its unredacted sentences and operator results")
    func truth() async throws {
        try await withEmulator(intelligenceConfiguration(count: 40, intelligenceCount: 40)) { server in
            let (status, body) = try await control(server, "GET", "intelligence/transcripts")
            #expect(status == 200)
            let items = try #require(try Self.json(body) as? [[String: Any]])
            let truth = server.store.intelligence.transcripts()
            #expect(items.compactMap { $0["sid"] as? String } == truth.map(\.sid))
            for (item, transcript) in zip(items, truth) {
                let content = server.store.intelligence.content(of: transcript)
                let sentences = try #require(item["sentences"] as? [[String: Any]])
                #expect(sentences.compactMap { $0["transcript"] as? String } == content.sentences.map(\.text))
                #expect((item["operator_results"] as? [Any])?.count == content.operatorResults.count)
            }
            #expect(server.stats.total == 0, "control routes are not counted")
        }
    }

    @Test("add (queued, with participants), complete with sentences, delete: each visible through the API")
    func addCompleteDelete() async throws {
        try await withEmulator(intelligenceConfiguration(count: 30, intelligenceCount: 30)) { server in
            let api = IntelligenceRequests(server: server)
            let participants = #"[{"channel_participant": 1, "role": "Customer", "full_name": "Zoë Müller"}, {"channel_participant": 2, "role": "Agent"}]"#
            let (addStatus, addBody) = try await control(server, "POST", "intelligence/transcripts",
                                                         json: #"{"status": "queued", "redaction": true, "participants": \#(participants)}"#)
            #expect(addStatus == 201)
            let added = try #require(try Self.json(addBody) as? [String: Any])
            let sid = try #require(added["sid"] as? String)
            #expect(added["status"] as? String == "queued")
            let top = try await api.object("/v2/Transcripts?PageSize=1")
            #expect(((top["transcripts"] as? [[String: Any]])?.first?["sid"]) as? String == sid)
            let channel = try #require(added["channel"] as? [String: Any])
            #expect((channel["participants"] as? [[String: Any]])?.first?["role"] as? String == "Customer")
            // A transcript of a new call: its recording is in the v2010 API, and leads to that call.
            let recordingSid = try #require((channel["media_properties"] as? [String: Any])?["source_sid"] as? String)
            let raw = RawTwilioRequests(server: server)
            #expect(try await raw.object(raw.accountPath + "/Recordings/\(recordingSid).json")["sid"] as? String == recordingSid)

            let sentences = #"[{"media_channel": 2, "transcript": "thanks for holding, this is Søren"}, {"media_channel": 1, "transcript": "my card was charged twice"}]"#
            let (completeStatus, completeBody) = try await control(server, "POST", "intelligence/transcripts/\(sid)/complete",
                                                                   json: #"{"sentences": \#(sentences), "date_updated": "2030-01-02T03:04:05Z"}"#)
            #expect(completeStatus == 200)
            let completed = try #require(try Self.json(completeBody) as? [String: Any])
            #expect(completed["status"] as? String == "completed")
            #expect(completed["date_updated"] as? String == "2030-01-02T03:04:05Z")
            #expect((completed["duration"] as? Int ?? 0) > 0)
            let listed = try await api.object("/v2/Transcripts/\(sid)/Sentences?Redacted=false")["sentences"] as? [[String: Any]]
            #expect(listed?.compactMap { $0["transcript"] as? String } == ["thanks for holding, this is Søren", "my card was charged twice"])
            #expect(listed?.compactMap { $0["media_channel"] as? Int } == [2, 1])
            let redacted = try await api.object("/v2/Transcripts/\(sid)/Sentences")["sentences"] as? [[String: Any]]
            #expect(redacted?.first?["transcript"] as? String == "thanks for holding, this is [PERSON]")
            let results = try await api.object("/v2/Transcripts/\(sid)/OperatorResults?Redacted=false")["operator_results"] as? [Any]
            #expect(results?.count == 2)

            #expect(try await control(server, "DELETE", "intelligence/transcripts/\(sid)").status == 204)
            #expect(try await api.error("GET", "/v2/Transcripts/\(sid)").body.code == 20404)
            #expect(try await control(server, "DELETE", "intelligence/transcripts/\(sid)").status == 404)
            let all = try await api.walk("/v2/Transcripts?PageSize=1000", key: "transcripts").items
            #expect(!all.contains { $0["sid"] as? String == sid })
        }
    }

    @Test("completing without sentences generates them; adding a completed one of a given recording; bad bodies are 400")
    func generatedAndValidation() async throws {
        try await withEmulator(intelligenceConfiguration(count: 20, intelligenceCount: 20)) { server in
            let api = IntelligenceRequests(server: server)
            let recording = server.store.generator.call(3).recordingSid
            let (status, body) = try await control(server, "POST", "intelligence/transcripts",
                                                   json: #"{"source_sid": "\#(recording)", "participants": null}"#)
            #expect(status == 201)
            let added = try #require(try Self.json(body) as? [String: Any])
            let channel = try #require(added["channel"] as? [String: Any])
            #expect((channel["media_properties"] as? [String: Any])?["source_sid"] as? String == recording)
            #expect(channel["participants"] == nil)
            let sid = try #require(added["sid"] as? String)
            let sentences = try await api.walk("/v2/Transcripts/\(sid)/Sentences", key: "sentences").items
            #expect((20...60).contains(sentences.count))
            #expect(try await api.walk("/v2/Transcripts?SourceSid=" + recording, key: "transcripts").items.count == 2)

            let inProgress = server.store.addIntelligenceTranscript(status: "in-progress")
            let newest = server.store.intelligence.transcripts().map(\.dateUpdated).max() ?? 0
            let (completeStatus, _) = try await control(server, "POST", "intelligence/transcripts/\(inProgress.sid)/complete")
            #expect(completeStatus == 200)
            let done = try #require(server.store.intelligence.transcript(sid: inProgress.sid))
            #expect(done.isCompleted && done.dateUpdated == newest + 1)
            #expect(!server.store.intelligence.content(of: done).sentences.isEmpty)

            for bad in [#"{"status": "finished"}"#, #"{"status": "queued", "sentences": []}"#, "{not json"] {
                #expect(try await control(server, "POST", "intelligence/transcripts", json: bad).status == 400, "\(bad)")
            }
            #expect(try await control(server, "POST", "intelligence/transcripts/GTmissing/complete").status == 404)
        }
    }
}
