import Foundation
import Testing
import TranscriptIndex
import TwilioClient
import TwilioEmulator
import TwilioHarvest

@Suite("Harvest: incremental refreshes and --full reconciliation")
struct HarvestIncrementalTests {
    @Test("refreshing an unchanged account of 3000 transcriptions costs at most 3 requests")
    func unchangedRefreshIsCheap() async throws {
        try await withHarvestBed(emulatorConfiguration(count: 3000)) { bed in
            let first = await bed.harvest(pageSize: 1000)
            #expect(first.outcome == .succeeded)
            #expect(first.pages == 3)
            bed.server.stats.reset()

            let refresh = await bed.harvest(pageSize: 1000)
            #expect(refresh.outcome == .succeeded, "\(refresh)")
            #expect(refresh.mode == "incremental")
            #expect(bed.server.stats.total <= 3, "\(bed.server.stats.snapshot())")
            #expect(refresh.requests == bed.server.stats.total)
            #expect(refresh.counts.added == 0)
            #expect(refresh.counts.updated == 0)
            #expect(refresh.counts.deleted == 0)
            #expect(!refresh.orderAnomaly)

            // And again: still cheap, still nothing to do.
            bed.server.stats.reset()
            let again = await bed.harvest(pageSize: 1000)
            #expect(again.outcome == .succeeded)
            #expect(bed.server.stats.total <= 3)
            try expectIndexEqualsTruth(bed)
        }
    }

    @Test("a default harvest picks up additions and completions; deletions wait for --full, which removes them")
    func additionsCompletionsAndDeletions() async throws {
        try await withHarvestBed(emulatorConfiguration(count: 3000)) { bed in
            let store = bed.store
            let initial = await bed.harvest(pageSize: 1000)
            #expect(initial.outcome == .succeeded)
            try expectIndexEqualsTruth(bed, "after the first harvest:")

            // Upstream: three additions (one in progress), one completion, one deletion.
            let addedA = store.addTranscription(text: "the quokkaharvest parcel arrived damaged")
            let addedB = store.addTranscription(text: "please cancel the wombatharvest subscription")
            let addedC = store.addTranscription(status: "in-progress")
            let pending = try #require(store.transcriptions().first { $0.status == "in-progress" && $0 != addedC })
            #expect(try bed.detail(pending.transcriptionSid).transcription.text == nil)
            try #require(store.completeTranscription(sid: pending.transcriptionSid,
                                                     text: "my pangolinharvest order never shipped") != nil)
            let doomed = try #require(store.transcriptions().dropFirst(500).first { $0.status == "completed" })
            #expect(store.deleteTranscription(sid: doomed.transcriptionSid))
            #expect(try bed.search("pangolinharvest").total == 0, "not searchable before the harvest")

            bed.server.stats.reset()
            let refresh = await bed.harvest(pageSize: 1000)
            #expect(refresh.outcome == .succeeded, "\(refresh)")
            #expect(refresh.mode == "incremental")
            #expect(refresh.counts.added == 3)
            #expect(refresh.counts.updated == 1)
            #expect(refresh.counts.deleted == 0)
            #expect(bed.server.stats.total <= 10, "an incremental refresh stays cheap: \(bed.server.stats.snapshot())")

            for added in [addedA, addedB, addedC] {
                let detail = try bed.detail(added.transcriptionSid)
                #expect(detail.transcription.status == added.status)
                #expect(detail.transcription.text == added.text)
                #expect(detail.recording?.callSid == added.callSid)
            }
            let completed = try bed.detail(pending.transcriptionSid).transcription
            #expect(completed.status == "completed")
            #expect(completed.text == "my pangolinharvest order never shipped")
            #expect(try bed.search("pangolinharvest").hits.map(\.sid) == [pending.transcriptionSid])
            #expect(try bed.search("quokkaharvest").hits.map(\.sid) == [addedA.transcriptionSid])
            #expect(try bed.search("wombatharvest").hits.map(\.sid) == [addedB.transcriptionSid])
            // The deletion is not visible to an incremental walk: it stays until a --full run.
            #expect(try bed.detail(doomed.transcriptionSid).transcription.text == doomed.text)

            // Upstream again: the added in-progress one completes, an indexed addition is deleted.
            try #require(store.completeTranscription(sid: addedC.transcriptionSid, text: "narwhalharvest refund approved")
                         != nil)
            #expect(store.deleteTranscription(sid: addedA.transcriptionSid))
            let second = await bed.harvest(pageSize: 1000)
            #expect(second.outcome == .succeeded)
            #expect(second.counts.updated == 1)
            #expect(second.counts.deleted == 0)
            #expect(try bed.search("narwhalharvest").hits.map(\.sid) == [addedC.transcriptionSid])
            #expect(try bed.detail(addedC.transcriptionSid).transcription.status == "completed")
            #expect(try bed.search("quokkaharvest").total == 1, "still indexed before --full")

            let full = await bed.harvest(.full, pageSize: 1000)
            #expect(full.outcome == .succeeded, "\(full)")
            #expect(full.mode == "full")
            #expect(full.counts.deleted == 2)
            #expect(full.counts.added == 0)
            for gone in [doomed, addedA] {
                #expect(throws: IndexError.self) { try bed.detail(gone.transcriptionSid) }
                #expect(try bed.search(callSid: gone.callSid).total == 0)
            }
            #expect(try bed.search("quokkaharvest").total == 0, "removed from the full-text index too")
            #expect(try bed.search("wombatharvest").hits.map(\.sid) == [addedB.transcriptionSid])
            try expectIndexEqualsTruth(bed, "after --full:")
            try expectSearchableSample(bed)

            let runs = try bed.indexStats(recentRuns: 10).recentRuns
            #expect(runs.map(\.mode) == ["full", "incremental", "incremental", "initial"])
            #expect(runs.map(\.outcome) == ["succeeded", "succeeded", "succeeded", "succeeded"])
            #expect(runs.first?.deleted == 2)

            // After the full run, the next refresh is cheap again.
            bed.server.stats.reset()
            let after = await bed.harvest(pageSize: 1000)
            #expect(after.outcome == .succeeded)
            #expect(after.counts == IngestCounts(unchanged: after.counts.unchanged))
            #expect(bed.server.stats.total <= 3, "\(bed.server.stats.snapshot())")
        }
    }

    @Test("--full refreshes recordings: one soft-deleted upstream shows \"deleted\", one removed shows not found")
    func fullRefreshesRecordings() async throws {
        try await withHarvestBed(emulatorConfiguration(count: 400, absentRecordingRate: 0, deletedRecordingRate: 0)) { bed in
            let first = await bed.harvest(pageSize: 100)
            #expect(first.outcome == .succeeded)
            let calls = bed.store.transcriptions()
            let softDeleted = calls[10], removed = calls[20]
            #expect(bed.store.softDeleteRecording(sid: softDeleted.recordingSid))
            #expect(bed.store.removeRecording(sid: removed.recordingSid))

            let full = await bed.harvest(.full, pageSize: 100)
            #expect(full.outcome == .succeeded, "\(full)")
            let soft = try bed.detail(softDeleted.transcriptionSid)
            #expect(soft.recording?.status == "deleted")
            #expect(soft.recordingAvailability == "present")
            #expect(soft.recording?.callSid == softDeleted.callSid)
            // A recording gone from upstream (404) after it was indexed: the full run confirms it and marks it.
            let gone = try bed.detail(removed.transcriptionSid)
            #expect(gone.recordingAvailability == "not_found")
            try expectIndexEqualsTruth(bed)
        }
    }
}
