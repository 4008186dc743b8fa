import Foundation
import GRDB
import Testing
@testable import TranscriptIndex
import TwilioCorpus

/// Intelligence transcripts in the one document index: stored with their sentences and results, searchable
/// beside v2010 transcriptions with one bm25, filtered by speaker and language, with sentence hits.
@Suite("Index: Intelligence transcripts")
struct IntelligenceIndexTests {
    typealias P = SearchParameters

    static func sid(_ prefix: String, _ n: Int) -> String { prefix + String(format: "%032x", n) }

    /// A completed call: the customer asks for a refund of order 4471, the agent answers.
    static func call(_ n: Int, created: Int64 = 1_709_640_000, customerSays: String = "I want a refund for order 4471 [noise]",
                     agentSays: String = "Let me check that order for you [hes]", language: String = "en-US",
                     recording: String? = nil) -> IntelligenceDocument {
        IntelligenceDocument(
            sid: sid("GT", n), accountSid: sid("AC", 1), serviceSid: sid("GA", 1), status: "completed",
            dateCreated: created + Int64(n), dateUpdated: created + Int64(n) + 60, language: language,
            recordingSid: recording, duration: 40,
            content: .init(sentences: [
                DocumentSentence(index: 0, mediaChannel: 1, speaker: "Agent", speakerName: "Lauryn Trujillo",
                                 startTime: 0.5, endTime: 3.25, confidence: 0.9, text: "Thanks for calling, how can I help"),
                DocumentSentence(index: 1, mediaChannel: 2, speaker: "Customer", speakerName: "Veronica Meyer",
                                 startTime: 3.5, endTime: 7.0, confidence: 0.8, text: customerSays),
                DocumentSentence(index: 2, mediaChannel: 1, speaker: "Agent", speakerName: "Lauryn Trujillo",
                                 startTime: 192.0, endTime: 195.5, confidence: 0.95, text: agentSays),
            ], operatorResults: [
                OperatorResult(operatorSid: sid("LY", 1), name: "Summarization", operatorType: "text-generation",
                               textResult: "The customer asked about a reimbursement."),
                OperatorResult(operatorSid: sid("LY", 2), name: "Sentiment Analysis",
                               operatorType: "conversation-classify", predictedLabel: "negative",
                               predictedProbability: 0.87),
            ], redacted: true))
    }

    @Test("a transcript is stored with its sentences, summary and labels, and shown in order")
    func storedAndShown() throws {
        try withFreshIndex { db, _ in
            #expect(try db.writeBatch { try $0.upsert(Self.call(1)) } == .added)
            #expect(try db.writeBatch { try $0.upsert(Self.call(1)) } == .unchanged)
            guard case .intelligence(let detail) = try db.document(sid: Self.sid("GT", 1)) else {
                Issue.record("not an Intelligence detail"); return
            }
            #expect(detail.sentences.map(\.index) == [0, 1, 2])
            #expect(detail.sentences.map(\.speaker) == ["Agent", "Customer", "Agent"])
            #expect(detail.sentences[2].startTime == 192.0)
            #expect(detail.sentences[1].text.hasSuffix("[noise]"), "stored as sent")
            #expect(detail.summary == "The customer asked about a reimbursement.")
            #expect(detail.readRedacted == true)
            #expect(detail.operatorResults.compactMap(\.predictedLabel) == ["negative"])
            // A list page (no content) keeps the sentences; a newer version with other sentences replaces them.
            var listed = Self.call(1)
            listed.content = nil
            #expect(try db.writeBatch { try $0.upsert(listed) } == .unchanged)
            var changed = Self.call(1, customerSays: "never mind")
            changed.dateUpdated! += 10
            #expect(try db.writeBatch { try $0.upsert(changed) } == .updated)
            #expect(try db.search(P(query: "4471")).total == 0)
            #expect(try db.search(P(query: "mind")).total == 1)
            #expect(try db.search(P(query: "4471", speaker: "customer")).total == 0, "the speaker index follows")
            #expect(try db.search(P(query: "mind", speaker: "customer")).total == 1)
            // Deleting the document deletes its sentences and results.
            #expect(try db.writeBatch { try $0.deleteDocument(.intelligence, sid: Self.sid("GT", 1)) })
            let left = try db.read { db in
                try Int.fetchOne(db, sql: "SELECT (SELECT count(*) FROM sentences) + (SELECT count(*) FROM operator_results) + (SELECT count(*) FROM intelligence_details)")
            }
            #expect(left == 0)
            try db.write { db in
                #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM document_speakers") == 0)
                // The speaker index lost the deleted rows' words too (FTS5 checks it against its content table).
                try db.execute(sql: "INSERT INTO speaker_fts(speaker_fts) VALUES ('integrity-check')")
                try db.execute(sql: "INSERT INTO documents_fts(documents_fts) VALUES ('integrity-check')")
            }
        }
    }

    @Test("non-speech tags are not searchable; the summary is")
    func tagsAreNotWords() throws {
        try withFreshIndex { db, _ in
            _ = try db.writeBatch { try $0.upsert(Self.call(1)) }
            #expect(try db.search(P(query: "noise")).total == 0)
            #expect(try db.search(P(query: "hes")).total == 0)
            #expect(try db.search(P(query: "reimbursement")).total == 1)
            #expect(NonSpeechTags.removed(from: "[hes] well [NOISE] ok [unknown]") == "well ok [unknown]")
        }
    }

    @Test("results carry the sentences that contain the match, with speaker, times and marks")
    func sentenceHits() throws {
        try withFreshIndex { db, _ in
            _ = try db.writeBatch { try $0.upsert(Self.call(1)) }
            let page = try db.search(P(query: "refund order"))
            #expect(page.total == 1)
            let sentences = try #require(page.hits.first?.sentences)
            // "order" is said twice (customer, agent); both sentences are hits, the one with both words first.
            #expect(sentences.map(\.index) == [1, 2])
            #expect(sentences[0].speaker == "Customer")
            #expect(sentences[0].speakerName == "Veronica Meyer")
            #expect(sentences[0].startTime == 3.5)
            #expect(sentences[0].endTime == 7.0)
            #expect(sentences[0].text.html == "I want a <mark>refund</mark> for <mark>order</mark> 4471")
            let json = page.hits[0].json.text
            #expect(json.contains(#""sentences":[{"index":1,"start_time":3.5,"end_time":7.0,"speaker":"Customer","speaker_name":"Veronica Meyer","text":"I want a <mark>refund</mark>"#), "\(json)")
            // A listing (no words) has no sentence hits.
            #expect(try db.search(P()).hits.first?.sentences == nil)
        }
    }

    @Test("--speaker: the words must occur in that speaker's sentences (role or name, any case)")
    func speakerFilter() throws {
        try withFreshIndex { db, _ in
            _ = try db.writeBatch { batch in
                _ = try batch.upsert(Self.call(1))
                // Here the agent says "refund", the customer does not.
                _ = try batch.upsert(Self.call(2, customerSays: "my order is late", agentSays: "a refund is on its way"))
            }
            let customer = try db.search(P(query: "refund", speaker: "customer"))
            #expect(customer.hits.map(\.sid) == [Self.sid("GT", 1)])
            #expect(customer.total == 1)
            #expect(customer.hits[0].sentences?.allSatisfy { $0.speaker == "Customer" } == true)
            #expect(try db.search(P(query: "refund", speaker: "Agent")).hits.map(\.sid) == [Self.sid("GT", 2)])
            #expect(try db.search(P(query: "refund", speaker: "veronica meyer")).total == 1)
            #expect(try db.search(P(query: "refund order", speaker: "customer")).total == 1, "words across sentences")
            #expect(try db.search(P(query: "refund", speaker: "nobody")).total == 0)
            #expect(try db.search(P(speaker: "customer")).total == 2, "no words: every transcript the speaker is in")
            // Paging a speaker search keeps to it.
            let first = try db.search(P(query: "order", speaker: "customer", limit: "1"))
            #expect(first.total == 2)
            let next = try db.search(P(query: "order", speaker: "customer", limit: "1", cursor: first.nextCursor))
            #expect(Set(first.hits.map(\.sid) + next.hits.map(\.sid)).count == 2)
            _ = expectIndexError(.invalidParameter) { _ = try P(query: "refund", speaker: " ").validated() }
        }
    }

    @Test("--language filters; --source and --status take Intelligence's values")
    func languageSourceStatus() throws {
        try withFreshIndex { db, _ in
            _ = try db.writeBatch { batch in
                _ = try batch.upsert(Self.call(1))
                _ = try batch.upsert(Self.call(2, customerSays: "quiero un refund", language: "es-US"))
                var queued = Self.call(3)
                queued.status = "queued"
                queued.content = nil
                _ = try batch.upsert(queued)
                _ = try batch.upsert(Transcription(sid: Self.sid("TR", 1), status: "completed", dateCreated: 1_709_640_000,
                                                   dateUpdated: 1_709_640_100, text: "refund for order 4471"))
            }
            #expect(try db.search(P(query: "refund", languages: ["es-us"])).hits.map(\.sid) == [Self.sid("GT", 2)])
            let both = try db.search(P(query: "refund"))
            #expect(Set(both.hits.map(\.source)) == ["intelligence", "transcription"])
            #expect(try db.search(P(query: "refund", sources: ["intelligence"])).total == 2)
            #expect(try db.search(P(statuses: ["queued"])).hits.map(\.sid) == [Self.sid("GT", 3)])
            _ = expectIndexError(.invalidParameter) { _ = try P(languages: ["en US"]).validated() }
        }
    }

    @Test("a call SID finds the documents of every source for that call")
    func callSidAcrossSources() throws {
        try withFreshIndex { db, _ in
            let recording = Self.sid("RE", 7)
            _ = try db.writeBatch { batch in
                _ = try batch.upsert(Self.call(1, recording: recording))
                _ = try batch.upsert(Transcription(sid: Self.sid("TR", 1), recordingSid: recording, status: "completed",
                                                   dateCreated: 1_709_640_000, dateUpdated: 1_709_640_100,
                                                   text: "refund for order 4471"))
                // The recording arrives after both documents: the triggers link them to its call.
                _ = try batch.upsert(Recording(sid: recording, callSid: Self.sid("CA", 7), status: "completed",
                                               dateCreated: 1_709_639_000, dateUpdated: 1_709_639_000))
            }
            let page = try db.search(P(query: "refund", callSid: Self.sid("CA", 7)))
            #expect(Set(page.hits.map(\.sid)) == [Self.sid("GT", 1), Self.sid("TR", 1)])
            guard case .intelligence(let detail) = try db.document(sid: Self.sid("GT", 1)) else { return }
            #expect(detail.callSid == Self.sid("CA", 7))
        }
    }
}

/// `import` reads Intelligence bundles (a transcript with its sentences and results in one object), the shape
/// `transcripts-corpus --intelligence-share` writes and the emulator's truth endpoint returns.
@Suite("Import: Intelligence bundles")
struct IntelligenceImportTests {
    @Test("bundles import with their sentences, speakers and summary; a re-import changes nothing")
    func bundlesImport() throws {
        try withFreshIndex { db, directory in
            let generator = IntelligenceGenerator(corpus: CorpusGenerator(seed: 4, count: 12))
            var lines: [String] = []
            var expected: [String: TranscriptContent] = [:]
            for index in 0..<12 {
                var transcript = generator.transcript(index)
                transcript.encryptionCredentialSid = nil
                let content = generator.content(of: transcript)
                expected[transcript.sid] = content
                lines.append(transcript.bundleJSON(content: content, base: "https://intelligence.twilio.com",
                                                   timesAsStrings: index % 2 == 0))
            }
            let path = try directory.write("bundles.ndjson", lines.joined(separator: "\n") + "\n")
            let summary = try TwilioImporter(database: db).importSource(path)
            #expect(summary.problems.isEmpty, "\(summary.problems)")
            #expect(summary.counts.added == 12)
            for (sid, content) in expected {
                guard case .intelligence(let detail) = try db.document(sid: sid) else { Issue.record("\(sid)"); continue }
                #expect(detail.sentences.map(\.text) == content.sentences.map(\.text))
                #expect(detail.sentences.map(\.startTime) == content.sentences.map(\.startTime), "numbers or strings")
                #expect(detail.sentences.allSatisfy { $0.speaker != nil } || content.sentences.isEmpty)
                #expect(detail.readRedacted == (content.sentences.isEmpty ? nil : false))
            }
            #expect(try TwilioImporter(database: db).importSource(path).counts.unchanged == 12)
        }
    }
}
