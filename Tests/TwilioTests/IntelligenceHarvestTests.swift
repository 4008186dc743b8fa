import Foundation
import Testing
import TranscriptIndex
import TwilioClient
import TwilioCorpus
import TwilioEmulator
import TwilioHarvest
import TranscriptionHarvest
import IntelligenceHarvest

/// The Intelligence source end to end: the emulator over real HTTP, a real SQLite index, the harvest core.
@Suite("Harvest: Conversational Intelligence transcripts")
struct IntelligenceHarvestTests {
    static func configuration(count: Int = 120, intelligence: Int = 80,
                              faults: FaultConfiguration = .none) -> EmulatorConfiguration {
        var configuration = emulatorConfiguration(count: count, faults: faults)
        configuration.intelligenceCount = intelligence
        return configuration
    }

    /// Every way the index's Intelligence documents differ from the emulator's truth: SIDs, status, the sentences
    /// (order, text of the variant read, speaker, times), the summary, the labels, the call link.
    static func differences(_ bed: HarvestBed) throws -> [String] {
        let store = bed.store.intelligence
        let truth = store.transcripts()
        var problems: [String] = []
        let indexed = try bed.database.writeBatch { try $0.allSids(.intelligence) }
        if Set(indexed) != Set(truth.map(\.sid)) || indexed.count != truth.count {
            problems.append("SIDs differ: \(indexed.count) indexed, \(truth.count) upstream")
        }
        for transcript in truth where indexed.contains(transcript.sid) {
            guard case .intelligence(let detail) = try bed.database.document(sid: transcript.sid) else { continue }
            let sid = transcript.sid
            if detail.document.status != transcript.status { problems.append("\(sid) status") }
            if detail.document.language != transcript.languageCode { problems.append("\(sid) language") }
            if detail.document.recordingSid != transcript.sourceSid { problems.append("\(sid) recording link") }
            if let recording = bed.store.recording(sid: transcript.sourceSid), detail.callSid != recording.callSid {
                problems.append("\(sid) call \(detail.callSid ?? "nil") ≠ \(recording.callSid)")
            }
            if transcript.isEncrypted {
                if detail.document.problem == nil || !detail.sentences.isEmpty { problems.append("\(sid) encrypted kept with text") }
                continue
            }
            let content = store.content(of: transcript)
            let expected = content.sentences.sorted { $0.sentenceIndex < $1.sentenceIndex }
            if detail.sentences.count != expected.count {
                problems.append("\(sid) \(detail.sentences.count) sentences ≠ \(expected.count)")
                continue
            }
            let participants = transcript.participants ?? []
            for (stored, sentence) in zip(detail.sentences, expected) {
                let text = transcript.redaction ? sentence.redactedText : sentence.text
                if stored.text != text { problems.append("\(sid) sentence \(sentence.sentenceIndex) text"); break }
                if stored.startTime != sentence.startTime || stored.endTime != sentence.endTime {
                    problems.append("\(sid) sentence \(sentence.sentenceIndex) times \(stored.startTime ?? -1) ≠ \(sentence.startTime)")
                    break
                }
                let role = participants.isEmpty ? (sentence.mediaChannel == 1 ? "Agent" : "Customer")
                    : participants.first { $0.channelParticipant == sentence.mediaChannel }?.role
                if stored.speaker != role { problems.append("\(sid) sentence \(sentence.sentenceIndex) speaker"); break }
            }
            for result in content.operatorResults {
                switch result.kind {
                case .summary(let summary):
                    let readable = !transcript.redaction
                    if detail.summary != (readable ? summary : nil) {
                        problems.append("\(sid) summary \(detail.summary ?? "nil")")
                    }
                case .sentiment(let label, _, _):
                    if !detail.operatorResults.contains(where: { $0.predictedLabel == label }) {
                        problems.append("\(sid) sentiment label")
                    }
                }
            }
            if detail.readRedacted != transcript.redaction, transcript.isCompleted { problems.append("\(sid) variant read") }
        }
        return problems
    }

    static func expectTruth(_ bed: HarvestBed, _ comment: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let problems = try differences(bed)
        #expect(problems.isEmpty, "\(comment): \(problems.count) differences: \(problems.prefix(6).joined(separator: "; "))",
                sourceLocation: sourceLocation)
    }

    @Test("the first harvest of both sources equals the truth: sentences, speakers, times, summaries, labels, calls")
    func initialHarvestEqualsTruth() async throws {
        try await withHarvestBed(Self.configuration()) { bed in
            let summary = await bed.harvestSources([TranscriptionSource(), IntelligenceSource()], pageSize: 25)
            #expect(summary.outcome == .succeeded, "\(summary)")
            let intelligence = try #require(summary.report(.intelligence))
            #expect(intelligence.mode == "initial")
            #expect(intelligence.counts.added == 80)
            let encrypted = bed.store.intelligence.transcripts().filter(\.isEncrypted).count
            #expect(intelligence.problems == encrypted)
            try Self.expectTruth(bed, "after the first harvest")
            try expectIndexEqualsTruth(bed, "v2010 beside it:")
            // The stats count every source's documents.
            #expect(try bed.indexStats().transcriptions == 120 + 80)
        }
    }

    @Test("one index holds one account: a source new to the index refuses another account's credentials")
    func oneAccountPerIndex() async throws {
        try await withHarvestBed(Self.configuration(count: 10, intelligence: 0)) { bed in
            #expect(await bed.harvest(pageSize: 25).outcome == .succeeded)
            // Another account's credentials (the emulator would refuse them; the index must refuse first).
            try bed.database.writeBatch { batch in
                try batch.setCheckpoint(.transcription, "account_sid", "AC" + String(repeating: "9", count: 32))
            }
            let summary = await bed.harvestSources([IntelligenceSource()], pageSize: 25)
            #expect(summary.outcome == .failed)
            #expect(summary.error?.contains("this index holds account") == true, "\(summary.error ?? "")")
            #expect(try bed.database.writeBatch { try $0.checkpoint(.intelligence, "account_sid") } == nil)
        }
    }

    @Test("speaker-filtered and call-SID searches across sources; tags are not searchable")
    func searchesAcrossSources() async throws {
        try await withHarvestBed(Self.configuration(count: 40, intelligence: 0)) { bed in
            let call = try #require(bed.store.transcriptions().first { bed.store.recording(sid: $0.recordingSid) != nil && $0.status == "completed" })
            let said = bed.store.addIntelligenceTranscript(sentences: [
                ScriptedSentence(mediaChannel: 1, transcript: "thank you for calling zebracorp [hes] support"),
                ScriptedSentence(mediaChannel: 2, transcript: "I need a quokkarefund for order 4471 [noise]"),
                ScriptedSentence(mediaChannel: 1, transcript: "the quokkarefund is on its way"),
            ], participants: .absent, sourceSid: call.recordingSid)
            let summary = await bed.harvestSources([TranscriptionSource(), IntelligenceSource()], pageSize: 25)
            #expect(summary.outcome == .succeeded, "\(summary)")
            func search(_ parameters: SearchParameters) throws -> SearchPage { try bed.database.search(parameters.validated()) }
            let customer = try search(SearchParameters(query: "quokkarefund", speaker: "customer"))
            #expect(customer.hits.map(\.sid) == [said.sid])
            let sentence = try #require(customer.hits.first?.sentences?.first)
            #expect(sentence.speaker == "Customer")
            #expect(sentence.index == 1)
            #expect(sentence.text.html.contains("<mark>quokkarefund</mark>"))
            #expect(sentence.startTime != nil && sentence.endTime! > sentence.startTime!)
            #expect(try search(SearchParameters(query: "zebracorp", speaker: "customer")).total == 0)
            #expect(try search(SearchParameters(query: "zebracorp", speaker: "agent")).total == 1)
            // One call, two sources: the v2010 transcription and the Intelligence transcript of its recording.
            let byCall = try search(SearchParameters(callSid: call.callSid))
            #expect(Set(byCall.hits.map(\.sid)) == [call.transcriptionSid, said.sid])
            #expect(Set(byCall.hits.map(\.source)) == ["transcription", "intelligence"])
            for tag in ["hes", "noise"] {
                #expect(try search(SearchParameters(query: tag, sources: ["intelligence"])).total == 0, "\(tag)")
            }
        }
    }

    @Test("an incremental run picks up adds and completions; --full removes deletions, each confirmed by a 404")
    func incrementalAndFull() async throws {
        try await withHarvestBed(Self.configuration(count: 40, intelligence: 40)) { bed in
            let sources: [any HarvestSource] = [IntelligenceSource()]
            #expect(await bed.harvestSources(sources, pageSize: 10).outcome == .succeeded)
            let queued = bed.store.addIntelligenceTranscript(status: "queued")
            let first = await bed.harvestSources(sources, pageSize: 10)
            #expect(first.report(.intelligence)?.mode == "incremental")
            #expect(first.counts.added == 1, "\(first)")
            // It completes upstream without moving in a date_created list: the re-check of non-terminal ones finds it.
            bed.store.completeIntelligenceTranscript(sid: queued.sid, sentences: [
                ScriptedSentence(mediaChannel: 1, transcript: "your wombatticket is resolved"),
            ])
            let completion = await bed.harvestSources(sources, pageSize: 10)
            #expect(completion.counts.updated >= 1, "\(completion)")
            #expect(try bed.database.search(SearchParameters(query: "wombatticket").validated()).hits.map(\.sid) == [queued.sid])
            let added = bed.store.addIntelligenceTranscript(sentences: [
                ScriptedSentence(mediaChannel: 2, transcript: "where is my platypusparcel"),
            ])
            let refresh = await bed.harvestSources(sources, pageSize: 10)
            #expect(refresh.counts.added == 1, "\(refresh)")
            #expect(try bed.database.search(SearchParameters(query: "platypusparcel").validated()).hits.map(\.sid) == [added.sid])
            // Deleted upstream: an incremental run does not notice, a full run does.
            let doomed = try #require(bed.store.intelligence.transcripts().dropFirst(5).first)
            #expect(bed.store.deleteIntelligenceTranscript(sid: doomed.sid))
            #expect(await bed.harvestSources(sources, pageSize: 10).counts.deleted == 0)
            let full = await bed.harvestSources(sources, .full, pageSize: 10)
            #expect(full.outcome == .succeeded)
            #expect(full.counts.deleted == 1)
            try Self.expectTruth(bed, "after the full run")
        }
    }

    @Test("with 20% of requests answered 429 or 5xx, harvests converge; a run stopped mid-walk resumes to the truth")
    func faultsAndInterruption() async throws {
        let faults = FaultConfiguration(rateLimitRate: 0.1, retryAfterRate: 0, serverErrorRate: 0.1, seed: 3)
        try await withHarvestBed(Self.configuration(count: 60, intelligence: 60, faults: faults)) { bed in
            let sources: [any HarvestSource] = [IntelligenceSource()]
            // Stopped after the first page commits (as SIGTERM does): whole pages only, then resumed.
            let stop = StopSignal()
            let observer = StopAfterPages(pages: 1, stop: stop)
            let stopped = await bed.harvestSources(sources, pageSize: 10, stop: stop, observer: observer)
            #expect(stopped.outcome == .interrupted, "\(stopped)")
            let partial = try bed.database.writeBatch { try $0.allSids(.intelligence) }.count
            #expect(partial == 10, "one whole page")
            let resumed = await bed.harvestSources(sources, pageSize: 10)
            #expect(resumed.outcome == .succeeded, "\(resumed)")
            #expect(resumed.report(.intelligence)?.mode == "initial", "the interrupted walk is resumed")
            #expect(resumed.counts.added == 50, "nothing fetched twice as new")
            #expect(resumed.retries > 0)
            try Self.expectTruth(bed, "after the resumed walk under faults")
        }
    }
}

/// Requests a stop once `pages` pages have committed.
final class StopAfterPages: HarvestObserver, @unchecked Sendable {
    let pages: Int
    let stop: StopSignal
    init(pages: Int, stop: StopSignal) {
        self.pages = pages
        self.stop = stop
    }
    func progress(_ report: HarvestReport) { if report.pages >= pages { stop.request() } }
    func notice(_ message: String) {}
}
