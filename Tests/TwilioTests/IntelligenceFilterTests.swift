import Foundation
import Testing
import TwilioCorpus
import TwilioEmulator

/// The `GET /v2/Transcripts` filters, each checked against the store's truth, and the SourceSid link to v2010.
@Suite("Intelligence transcript filters")
struct IntelligenceFilterTests {
    static func sids(_ api: IntelligenceRequests, _ query: String) async throws -> [String] {
        try await api.walk("/v2/Transcripts?PageSize=9&" + query, key: "transcripts").items.compactMap { $0["sid"] as? String }
    }

    @Test("AfterDateCreated and BeforeDateCreated are strict bounds at second granularity, and carried into page URLs")
    func dateCreated() async throws {
        try await withEmulator(intelligenceConfiguration(count: 150, intelligenceCount: 150)) { server in
            let api = IntelligenceRequests(server: server)
            let truth = server.store.intelligence.transcripts()
            let pivot = truth[70].dateCreated
            let text = ISO8601.format(pivot)
            let after = try await Self.sids(api, "AfterDateCreated=" + text)
            #expect(after == truth.filter { $0.dateCreated > pivot }.map(\.sid))
            #expect(after.count == 70 && !after.contains(truth[70].sid))
            let before = try await Self.sids(api, "BeforeDateCreated=" + text)
            #expect(before == truth.filter { $0.dateCreated < pivot }.map(\.sid))
            // Half a second after the pivot still excludes it from "before" and includes nothing new in "after".
            let halfPast = text.replacingOccurrences(of: "Z", with: ".5Z")
            #expect(try await Self.sids(api, "BeforeDateCreated=" + halfPast) == truth.filter { $0.dateCreated <= pivot }.map(\.sid))
            let window = try await Self.sids(api, "AfterDateCreated=\(ISO8601.format(truth[100].dateCreated))&BeforeDateCreated=\(text)")
            #expect(window == Array(truth[71..<100].map(\.sid)))
            let page = try await api.object("/v2/Transcripts?PageSize=5&AfterDateCreated=" + text)
            let next = try #require((page["meta"] as? [String: Any])?["next_page_url"] as? String)
            #expect(next.contains("AfterDateCreated=" + text.replacingOccurrences(of: ":", with: "%3A")))
            let bad = try await api.error("GET", "/v2/Transcripts?AfterDateCreated=yesterday")
            #expect(bad.status == 400 && bad.body.code == 20001)
        }
    }

    @Test("Status, LanguageCode and ServiceSid are exact matches")
    func exactFilters() async throws {
        try await withEmulator(intelligenceConfiguration(count: 300, intelligenceCount: 300)) { server in
            let api = IntelligenceRequests(server: server)
            let truth = server.store.intelligence.transcripts()
            for status in ["completed", "queued", "failed"] {
                let expected = truth.filter { $0.status == status }.map(\.sid)
                let listed = try await Self.sids(api, "Status=" + status)
                #expect(!expected.isEmpty)
                #expect(listed == expected, "\(status)")
            }
            let spanish = try await Self.sids(api, "LanguageCode=es-US")
            #expect(spanish == truth.filter { $0.languageCode == "es-US" }.map(\.sid))
            let service = server.store.intelligence.services[1].sid
            let ofService = try await Self.sids(api, "ServiceSid=" + service)
            #expect(ofService == truth.filter { $0.serviceSid == service }.map(\.sid))
            let both = try await Self.sids(api, "Status=completed&LanguageCode=en-US")
            #expect(both == truth.filter { $0.isCompleted && $0.languageCode == "en-US" }.map(\.sid))
        }
    }

    @Test("SourceSid finds the recording's transcript, and the recording leads to the call as on Twilio")
    func sourceSidLinksToTheCall() async throws {
        var configuration = intelligenceConfiguration(count: 40, intelligenceCount: 40)
        configuration.absentRecordingRate = 0
        try await withEmulator(configuration) { server in
            let api = IntelligenceRequests(server: server)
            let call = server.store.generator.call(17)
            let found = try await api.walk("/v2/Transcripts?SourceSid=" + call.recordingSid, key: "transcripts").items
            #expect(found.count == 1)
            let transcript = try #require(found.first)
            #expect(transcript["sid"] as? String == server.store.generator.sid("GT", 17))
            let source = (transcript["channel"] as? [String: Any])?["media_properties"] as? [String: Any]
            let recordingSid = try #require(source?["source_sid"] as? String)
            let recording = try await RawTwilioRequests(server: server)
                .object(RawTwilioRequests(server: server).accountPath + "/Recordings/\(recordingSid).json")
            #expect(recording["call_sid"] as? String == call.callSid)
            #expect(try await Self.sids(api, "SourceSid=RE" + String(repeating: "0", count: 32)).isEmpty)
        }
    }
}
