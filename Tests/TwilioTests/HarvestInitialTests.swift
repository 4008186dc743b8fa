import Foundation
import Testing
import TranscriptIndex
import TwilioClient
import TwilioEmulator
import TwilioHarvest

@Suite("Harvest: a first walk of the account")
struct HarvestInitialTests {
    @Test("the first harvest of 1500 calls in pages of 200 equals the emulator's truth, and costs what it should")
    func initialHarvestEqualsTruth() async throws {
        try await withHarvestBed(emulatorConfiguration(count: 1500)) { bed in
            let truth = bed.store.transcriptions()
            let report = await bed.harvest(pageSize: 200)
            #expect(report.outcome == .succeeded, "\(report)")
            #expect(report.error == nil)
            #expect(report.mode == "initial")
            #expect(report.pages == 8)
            #expect(report.items == 1500)
            #expect(report.counts == IngestCounts(added: 1500))
            try expectIndexEqualsTruth(bed)

            // The corpus has every quirk the test is about.
            // Finished transcriptions (completed, or failed with "(blank)") whose list entry has null text.
            let nullTextFinished = truth.filter {
                $0.status != "in-progress" && bed.store.listOmitsText(transcriptionSid: $0.transcriptionSid)
            }
            let absent = truth.filter { bed.store.recording(sid: $0.recordingSid) == nil }
            let softDeleted = truth.filter { bed.store.recording(sid: $0.recordingSid)?.recordingStatus == "deleted" }
            #expect(nullTextFinished.count > 100)
            #expect(nullTextFinished.contains { $0.status == "failed" })
            #expect(absent.count > 5)
            #expect(softDeleted.count > 5)
            #expect(truth.contains { $0.status == "failed" })
            #expect(truth.contains { $0.status == "in-progress" })

            // Null-text list items got their text through the .txt representation, one request each.
            #expect(report.textsFetched == nullTextFinished.count)
            #expect(bed.server.stats.count(.fetchTranscriptionText, status: 200) == nullTextFinished.count)
            #expect(bed.server.stats.count(.fetchTranscription) == 0)
            for call in nullTextFinished.filter({ $0.status == "failed" }) {
                #expect(try bed.detail(call.transcriptionSid).transcription.text == "(blank)")
            }
            for call in nullTextFinished.prefix(20) {
                #expect(try bed.detail(call.transcriptionSid).transcription.text == call.text)
            }
            // Absent recordings are recorded as not found (not an error); soft-deleted ones keep status "deleted".
            #expect(report.recordingsMissing == absent.count)
            for call in absent {
                let detail = try bed.detail(call.transcriptionSid)
                #expect(detail.recordingAvailability == "not_found")
            }
            for call in softDeleted {
                let detail = try bed.detail(call.transcriptionSid)
                #expect(detail.recording?.status == "deleted")
                #expect(detail.recording?.callSid == call.callSid)
            }
            // Failed transcriptions keep Twilio's "(blank)", which is not searchable as a word.
            for call in truth.filter({ $0.status == "failed" }).prefix(5) {
                #expect(try bed.detail(call.transcriptionSid).transcription.text == "(blank)")
            }
            #expect(try bed.search("blank", statuses: ["failed"]).total == 0)
            try expectSearchableSample(bed)

            // The report's request count is what the emulator received (no faults: no retries).
            #expect(report.requests == bed.server.stats.total)
            #expect(report.retries == 0)
            #expect(bed.server.stats.count(.listTranscriptions) == 8)
            // Recordings came in bulk (the Recordings list), not one request per transcription.
            #expect(bed.server.stats.count(.fetchRecording) < 200,
                    "\(bed.server.stats.count(.fetchRecording)) single recording fetches for 1500 transcriptions")

            let run = try #require(try bed.indexStats().recentRuns.first)
            #expect(run.id == report.runID)
            #expect(run.outcome == "succeeded")
            #expect(run.mode == "initial")
            #expect(run.pages == 8)
            #expect(run.added == 1500)
            #expect(run.requests == report.requests)
            #expect(run.finishedAt != nil)
        }
    }

    @Test("a --full harvest right after the first one changes nothing and still equals the truth")
    func fullHarvestOfAnUnchangedAccount() async throws {
        try await withHarvestBed(emulatorConfiguration(count: 600)) { bed in
            let first = await bed.harvest(pageSize: 250)
            #expect(first.outcome == .succeeded)
            let full = await bed.harvest(.full, pageSize: 250)
            #expect(full.outcome == .succeeded, "\(full)")
            #expect(full.mode == "full")
            #expect(full.items == 600)
            #expect(full.counts.added == 0)
            #expect(full.counts.updated == 0)
            #expect(full.counts.deleted == 0)
            #expect(full.counts.unchanged == 600)
            // Texts already indexed are not fetched again.
            #expect(full.textsFetched == 0)
            try expectIndexEqualsTruth(bed)
        }
    }

    @Test("with no null texts in the list, a first harvest makes no per-transcription requests")
    func textInListNeedsNoTextFetches() async throws {
        try await withHarvestBed(emulatorConfiguration(count: 500, nullTextRate: 0, absentRecordingRate: 0)) { bed in
            let report = await bed.harvest(pageSize: 100)
            #expect(report.outcome == .succeeded)
            #expect(report.textsFetched == 0)
            #expect(bed.server.stats.count(.fetchTranscriptionText) == 0)
            #expect(bed.server.stats.count(.fetchTranscription) == 0)
            try expectIndexEqualsTruth(bed)
        }
    }
}
