import Foundation
import Testing
import TwilioCorpus
import TwilioEmulator

/// `Redacted` defaults to true for a transcript with redaction: sentences mask names and phone numbers, generative
/// results are wholly replaced; `Redacted=false` returns the raw text. Without redaction the parameter changes nothing.
@Suite("Intelligence redaction")
struct IntelligenceRedactionTests {
    static func texts(_ api: IntelligenceRequests, _ sid: String, _ query: String = "") async throws -> [String] {
        try await api.walk("/v2/Transcripts/\(sid)/Sentences?PageSize=1000" + query, key: "sentences")
            .items.compactMap { $0["transcript"] as? String }
    }

    static func summary(_ api: IntelligenceRequests, _ sid: String, _ query: String = "") async throws -> String? {
        let results = try await api.object("/v2/Transcripts/\(sid)/OperatorResults" + query)["operator_results"] as? [[String: Any]]
        let summary = results?.first { $0["operator_type"] as? String == "text-generation" }
        return (summary?["text_generation_results"] as? [String: Any])?["result"] as? String
    }

    @Test("sentences: markers by default and with Redacted=true, the raw text with Redacted=false")
    func sentences() async throws {
        try await withEmulator(intelligenceConfiguration(count: 100, intelligenceCount: 100)) { server in
            let api = IntelligenceRequests(server: server)
            let intelligence = server.store.intelligence
            let transcript = try #require(intelligence.transcripts().first {
                $0.redaction && !$0.isEncrypted && $0.firstRedactedSentence(in: intelligence.content(of: $0)) != nil
            })
            let content = intelligence.content(of: transcript)
            let masked = try #require(transcript.firstRedactedSentence(in: content))
            let byDefault = try await Self.texts(api, transcript.sid)
            #expect(byDefault == content.sentences.map(\.redactedText))
            #expect(byDefault.joined(separator: " ").contains("[PERSON]") || byDefault.joined().contains("[PHONE_NUMBER]"))
            #expect(!byDefault.contains(masked.text))
            #expect(try await Self.texts(api, transcript.sid, "&Redacted=true") == byDefault)
            let raw = try await Self.texts(api, transcript.sid, "&Redacted=false")
            #expect(raw == content.sentences.map(\.text))
            #expect(raw.contains(masked.text))
            #expect(!raw.joined().contains("[PERSON]") && !raw.joined().contains("[PHONE_NUMBER]"))
        }
    }

    @Test("the summary is \"[Redacted: Summarization]\" unless Redacted=false; sentiment is the same either way")
    func summary() async throws {
        try await withEmulator(intelligenceConfiguration(count: 60, intelligenceCount: 60)) { server in
            let api = IntelligenceRequests(server: server)
            let intelligence = server.store.intelligence
            let transcript = try #require(intelligence.transcripts().first { $0.redaction && $0.isCompleted && !$0.isEncrypted })
            guard case .summary(let truth) = intelligence.content(of: transcript).operatorResults[0].kind else {
                Issue.record("no summary")
                return
            }
            #expect(try await Self.summary(api, transcript.sid) == "[Redacted: Summarization]")
            #expect(try await Self.summary(api, transcript.sid, "?Redacted=true") == "[Redacted: Summarization]")
            #expect(try await Self.summary(api, transcript.sid, "?Redacted=false") == truth)
            let operatorSid = intelligence.generator.summarizationOperatorSid
            let one = try await api.object("/v2/Transcripts/\(transcript.sid)/OperatorResults/\(operatorSid)?Redacted=false")
            #expect((one["text_generation_results"] as? [String: Any])?["result"] as? String == truth)
            #expect(one["operator_sid"] as? String == operatorSid && one["name"] as? String == "Summarization")
            let sentiment = try await api.object(
                "/v2/Transcripts/\(transcript.sid)/OperatorResults/\(intelligence.generator.sentimentOperatorSid)")
            #expect(["positive", "negative", "neutral", "mixed"].contains(sentiment["predicted_label"] as? String ?? ""))
            #expect(sentiment["predicted_probability"] is String || sentiment["predicted_probability"] is NSNumber)
            #expect(try await api.error("GET", "/v2/Transcripts/\(transcript.sid)/OperatorResults/LY" + String(repeating: "0", count: 32)).status == 404)
        }
    }

    @Test("without redaction, Redacted changes nothing: the raw text and summary are served")
    func unredactedTranscript() async throws {
        try await withEmulator(intelligenceConfiguration(count: 100, intelligenceCount: 100)) { server in
            let api = IntelligenceRequests(server: server)
            let intelligence = server.store.intelligence
            let transcript = try #require(intelligence.transcripts().first { !$0.redaction && $0.isCompleted && !$0.isEncrypted })
            let content = intelligence.content(of: transcript)
            #expect(try await Self.texts(api, transcript.sid) == content.sentences.map(\.text))
            guard case .summary(let truth) = content.operatorResults[0].kind else { return }
            #expect(try await Self.summary(api, transcript.sid) == truth)
        }
    }
}
