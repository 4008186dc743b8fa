import Foundation
import Testing
import TwilioCorpus
import TwilioEmulator

/// `GET /v2/Transcripts/{Sid}/Sentences`: the store's sentences, in order, with times as numbers or (Twilio's type
/// drift, per transcript) as strings, words only on request, paged up to 5000.
@Suite("Intelligence sentences")
struct IntelligenceSentenceTests {
    /// A JSON time as the client must read it: a number or a numeric string.
    static func seconds(_ value: Any?) -> Double? {
        if let text = value as? String { return Double(text) }
        return (value as? NSNumber)?.doubleValue
    }

    @Test("sentences match the truth; some transcripts render times and confidence as strings, the rest as numbers")
    func stringAndNumberTimes() async throws {
        try await withEmulator(intelligenceConfiguration(count: 80, intelligenceCount: 80)) { server in
            let api = IntelligenceRequests(server: server)
            let intelligence = server.store.intelligence
            let completed = intelligence.transcripts().filter { $0.isCompleted && !$0.isEncrypted }
            let stringly = try #require(completed.first { intelligence.rendersTimesAsStrings(transcriptSid: $0.sid) })
            let numeric = try #require(completed.first { !intelligence.rendersTimesAsStrings(transcriptSid: $0.sid) })
            let share = Double(completed.filter { intelligence.rendersTimesAsStrings(transcriptSid: $0.sid) }.count) / Double(completed.count)
            #expect((0.1...0.5).contains(share))
            for (transcript, asStrings) in [(stringly, true), (numeric, false)] {
                let items = try await api.walk("/v2/Transcripts/\(transcript.sid)/Sentences?Redacted=false&PageSize=5000",
                                               key: "sentences").items
                let truth = intelligence.content(of: transcript).sentences
                #expect(items.count == truth.count)
                for (item, sentence) in zip(items, truth) {
                    #expect((item["start_time"] is String) == asStrings)
                    #expect((item["end_time"] is String) == asStrings)
                    #expect((item["confidence"] is String) == asStrings)
                    #expect(Self.seconds(item["start_time"]) == sentence.startTime)
                    #expect(Self.seconds(item["end_time"]) == sentence.endTime)
                    #expect(Self.seconds(item["confidence"]) == sentence.confidence)
                    #expect(item["transcript"] as? String == sentence.text)
                    #expect(item["sid"] as? String == sentence.sid)
                    #expect(item["media_channel"] as? Int == sentence.mediaChannel)
                    #expect(item["sentence_index"] as? Int == sentence.sentenceIndex)
                    #expect(item["words"] == nil, "words only with WordTimestamps=true")
                }
                let starts = items.compactMap { Self.seconds($0["start_time"]) }
                #expect(starts == starts.sorted() && (starts.last ?? 0) <= Double(transcript.durationSeconds))
            }
        }
    }

    @Test("WordTimestamps=true adds each word with its times; sentences page by next_page_url; PageSize 5001 is 400")
    func wordsAndPaging() async throws {
        try await withEmulator(intelligenceConfiguration(count: 40, intelligenceCount: 40)) { server in
            let api = IntelligenceRequests(server: server)
            let transcript = try #require(server.store.intelligence.transcripts().first { $0.isCompleted && !$0.isEncrypted })
            let truth = server.store.intelligence.content(of: transcript).sentences
            let path = "/v2/Transcripts/\(transcript.sid)/Sentences"
            let (paged, metas) = try await api.walk(path + "?PageSize=7&WordTimestamps=true", key: "sentences")
            #expect(paged.compactMap { $0["sid"] as? String } == truth.map(\.sid))
            #expect(metas.count == (truth.count + 6) / 7)
            #expect(metas.allSatisfy { ($0["url"] as? String)?.hasPrefix(server.baseURL + path + "?WordTimestamps=true&PageSize=7") == true })
            let words = try #require(paged.first?["words"] as? [[String: Any]])
            #expect(words.compactMap { $0["word"] as? String }.joined(separator: " ") == paged.first?["transcript"] as? String)
            #expect(words.allSatisfy { $0["start_time"] != nil && $0["end_time"] != nil })
            #expect(try await api.object(path + "?PageSize=5000")["sentences"].map { ($0 as? [Any])?.count } == truth.count)
            let tooBig = try await api.error("GET", path + "?PageSize=5001")
            #expect(tooBig.status == 400 && tooBig.body.code == 20001)
            #expect(try await api.error("GET", path + "?WordTimestamps=maybe").status == 400)
            #expect(try await api.error("GET", "/v2/Transcripts/GT" + String(repeating: "f", count: 32) + "/Sentences").status == 404)
        }
    }

    @Test("a transcript that is not completed has no sentences and no operator results yet")
    func notCompletedIsEmpty() async throws {
        try await withEmulator(intelligenceConfiguration(count: 5, intelligenceCount: 0)) { server in
            let api = IntelligenceRequests(server: server)
            let queued = server.store.addIntelligenceTranscript(status: "queued")
            #expect(!queued.isEncrypted, "added transcripts are unencrypted unless asked")
            #expect(queued.durationSeconds == 0)
            let sentences = try await api.object("/v2/Transcripts/\(queued.sid)/Sentences")
            #expect((sentences["sentences"] as? [Any])?.isEmpty == true)
            let results = try await api.object("/v2/Transcripts/\(queued.sid)/OperatorResults")
            #expect((results["operator_results"] as? [Any])?.isEmpty == true)
        }
    }
}
