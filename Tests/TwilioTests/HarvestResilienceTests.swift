import Foundation
import Testing
import TranscriptIndex
import TwilioClient
import TwilioEmulator
import TwilioHarvest

@Suite("Harvest: faults, malformed responses and interruptions")
struct HarvestResilienceTests {
    /// 20% of requests fail: 10% 429 (without Retry-After, so the client's fast backoff applies) and 10% 500/503.
    static let twentyPercent = FaultConfiguration(rateLimitRate: 0.1, retryAfterRate: 0, serverErrorRate: 0.1, seed: 5)

    @Test("with 20% of requests answered 429 or 5xx, a first harvest, a refresh and a --full run converge to the truth")
    func convergesUnderRateLimitsAndServerErrors() async throws {
        try await withHarvestBed(emulatorConfiguration(count: 1500, faults: Self.twentyPercent)) { bed in
            let report = await bed.harvest(pageSize: 100)
            #expect(report.outcome == .succeeded, "\(report)")
            #expect(report.counts.added == 1500)
            try expectIndexEqualsTruth(bed, "after the first harvest under faults:")
            let rateLimited = bed.server.stats.snapshot().endpoints.values.reduce(0) { $0 + ($1["429"] ?? 0) }
            let serverErrors = bed.server.stats.snapshot().endpoints.values
                .reduce(0) { $0 + ($1["500"] ?? 0) + ($1["503"] ?? 0) }
            #expect(rateLimited > 10)
            #expect(serverErrors > 10)
            #expect(report.retries == rateLimited + serverErrors)
            #expect(report.requests == bed.server.stats.total)
            // Faults hit the per-item requests too (texts, recordings), not only the list.
            #expect(bed.server.stats.count(.fetchTranscriptionText, status: 429)
                    + bed.server.stats.count(.fetchTranscriptionText, status: 500)
                    + bed.server.stats.count(.fetchTranscriptionText, status: 503) > 0)

            // Changes upstream, then a refresh and a --full run, still under faults.
            let added = bed.store.addTranscription(text: "the axolotlharvest invoice is wrong")
            let deleted = try #require(bed.store.transcriptions().dropFirst(700).first)
            #expect(bed.store.deleteTranscription(sid: deleted.transcriptionSid))
            let refresh = await bed.harvest(pageSize: 100)
            #expect(refresh.outcome == .succeeded, "\(refresh)")
            #expect(try bed.search("axolotlharvest").hits.map(\.sid) == [added.transcriptionSid])
            let full = await bed.harvest(.full, pageSize: 100)
            #expect(full.outcome == .succeeded, "\(full)")
            #expect(full.counts.deleted == 1)
            try expectIndexEqualsTruth(bed, "after --full under faults:")
        }
    }

    @Test("with dropped connections on top of 429s and 5xx, a first harvest converges to the truth")
    func convergesWithDroppedConnections() async throws {
        var faults = Self.twentyPercent
        faults.dropRate = 0.05
        faults.seed = 9
        try await withHarvestBed(emulatorConfiguration(count: 800, faults: faults)) { bed in
            let report = await bed.harvest(pageSize: 100)
            #expect(report.outcome == .succeeded, "\(report)")
            #expect(report.counts.added == 800)
            let dropped = bed.server.stats.snapshot().endpoints.values.reduce(0) { $0 + ($1[RequestStats.dropped] ?? 0) }
            #expect(dropped > 0)
            try expectIndexEqualsTruth(bed)
        }
    }

    @Test("a list that stays malformed fails the run clearly, naming the path, after its retries; the index stays consistent and a re-run converges")
    func malformedListFailsTheRun() async throws {
        try await withHarvestBed(emulatorConfiguration(count: 500)) { bed in
            // From the very first request.
            bed.server.faults.configuration = FaultConfiguration(malformedRate: 1)
            let failed = await bed.harvest(pageSize: 100)
            #expect(failed.outcome == .failed)
            let error = try #require(failed.error)
            #expect(error.contains("malformed"), "\(error)")
            #expect(error.contains("/2010-04-01/Accounts/\(TestCredentials.accountSid)/Transcriptions.json"), "\(error)")
            #expect(!failed.authenticationFailed)
            #expect(try bed.indexedSids().isEmpty)
            let run = try #require(try bed.indexStats().recentRuns.first)
            #expect(run.outcome == "failed")
            #expect(run.error == error)
            #expect(run.finishedAt != nil)
            // A malformed body is a fault like a 5xx: retried up to the budget, then the run fails.
            #expect(bed.server.stats.count(.listTranscriptions) == fastRetries.maxAttempts)
            #expect(error.contains("gave up after \(fastRetries.maxAttempts) attempts"), "\(error)")

            // In the middle of a walk: the pages committed before stay, nothing half-written.
            bed.server.faults.configuration = .none
            let server = bed.server
            let tap = ProgressTap(when: { $0.pages == 2 }) {
                server.faults.configuration = FaultConfiguration(malformedRate: 1)
            }
            let midway = await bed.harvest(pageSize: 100, observer: tap)
            #expect(midway.outcome == .failed)
            #expect(midway.pages == 2)
            #expect(midway.error?.contains("malformed") == true)
            let committed = try bed.indexedSids()
            #expect(committed.count == 200)
            #expect(Set(committed) == Set(bed.store.transcriptions().prefix(200).map(\.transcriptionSid)))

            bed.server.faults.configuration = .none
            let rerun = await bed.harvest(pageSize: 100)
            #expect(rerun.outcome == .succeeded, "\(rerun)")
            #expect(rerun.mode == "initial", "resumes the interrupted first walk")
            #expect(rerun.counts.added == 300)
            try expectIndexEqualsTruth(bed)
            #expect(try bed.indexStats(recentRuns: 5).recentRuns.map(\.outcome) == ["succeeded", "failed", "failed"])
        }
    }

    @Test("with 5% of answers malformed (cut-off JSON, also on .txt), a harvest succeeds and stores every text exactly")
    func malformedBodiesAreRetriedNeverStored() async throws {
        try await withHarvestBed(emulatorConfiguration(count: 1200, nullTextRate: 0.5,
                                                       faults: FaultConfiguration(malformedRate: 0.05, seed: 4))) { bed in
            let report = await bed.harvest(pageSize: 100)
            #expect(report.outcome == .succeeded, "\(report)")
            #expect(report.textsFetched > 300)
            #expect(bed.client.metrics.snapshot().malformedBodies > 10)
            try expectIndexEqualsTruth(bed)
            #expect(try bed.search("first_page_uri").hits.isEmpty, "no HTTP body stored as text")
        }
    }

    @Test("a --full run repairs texts an earlier version stored from a broken .txt answer (an HTTP body, not speech)")
    func fullRunRepairsSuspectTexts() async throws {
        try await withHarvestBed(emulatorConfiguration(count: 300, nullTextRate: 1)) { bed in
            #expect(await bed.harvest(pageSize: 100).outcome == .succeeded)
            // What the old .txt fetch stored under --malformed-rate: the emulator's cut-off JSON, at the same version.
            let damaged = Array(bed.store.transcriptions().filter { $0.text != nil }.prefix(4))
            try bed.database.writeBatch { batch in
                for call in damaged {
                    try batch.setText(sid: call.transcriptionSid, text: #"{"first_page_uri":"/2010-04-01/x.txt","items":[{"sid":"#)
                }
            }
            #expect(try bed.search("first_page_uri").hits.count == 4)
            let refresh = await bed.harvest(pageSize: 100)
            #expect(refresh.outcome == .succeeded)
            #expect(try bed.search("first_page_uri").hits.count == 4, "an incremental run does not re-verify")

            let full = await bed.harvest(.full, pageSize: 100)
            #expect(full.outcome == .succeeded, "\(full)")
            #expect(full.textsReverified == 4)
            #expect(full.counts.updated == 4)
            #expect(try bed.search("first_page_uri").hits.isEmpty)
            try expectIndexEqualsTruth(bed)
            let again = await bed.harvest(.full, pageSize: 100)
            #expect(again.textsReverified == 0, "nothing suspect is left")
        }
    }

    @Test("refused credentials fail the run at once as an authentication failure naming the account, token-free")
    func refusedCredentialsFailAtOnce() async throws {
        try await withHarvestBed(emulatorConfiguration(count: 100)) { bed in
            let token = "harvest-wrong-token-5cE7aQ"
            let wrong = try makeClient(for: bed.server, credentials: try Credentials(
                accountSid: TestCredentials.accountSid, authToken: token))
            let started = ContinuousClock.now
            let report = await bed.harvest(pageSize: 50, client: wrong)
            // Without the refusal the request would wait for its 120 s deadline; 20 s leaves room for a loaded machine.
            #expect(ContinuousClock.now - started < .seconds(20))
            #expect(report.outcome == .failed)
            #expect(report.authenticationFailed)
            let error = try #require(report.error)
            #expect(error.contains(TestCredentials.accountSid))
            #expect(!error.contains(token))
            #expect(bed.server.stats.total == 1, "a 401 is not retried")
            #expect(try bed.indexedSids().isEmpty)
            #expect(try bed.indexStats().recentRuns.first?.error == error)
        }
    }

    @Test("a stop requested after the first page ends the run as interrupted; the next run resumes without duplicates")
    func interruptedAfterTheFirstPageResumes() async throws {
        try await withHarvestBed(emulatorConfiguration(count: 1000)) { bed in
            let stop = StopSignal()
            let tap = ProgressTap(when: { $0.pages >= 1 }) { stop.request() }
            let interrupted = await bed.harvest(pageSize: 150, stop: stop, observer: tap)
            #expect(interrupted.outcome == .interrupted)
            #expect(interrupted.pages == 1)
            #expect(interrupted.counts.added == 150)
            #expect(try bed.indexedSids().count == 150)
            #expect(bed.server.stats.count(.listTranscriptions) == 1, "no page fetched after the stop")
            #expect(try bed.indexStats().recentRuns.first?.outcome == "interrupted")

            let resumed = await bed.harvest(pageSize: 150)
            #expect(resumed.outcome == .succeeded, "\(resumed)")
            #expect(resumed.mode == "initial")
            #expect(resumed.pages == 6)
            #expect(resumed.counts.added == 850)
            #expect(resumed.counts.updated == 0)
            try expectIndexEqualsTruth(bed)
        }
    }

    @Test("a --full run interrupted mid-walk is finished by the next run, which then removes what was deleted")
    func interruptedFullRunIsFinishedAndReconciles() async throws {
        try await withHarvestBed(emulatorConfiguration(count: 900)) { bed in
            #expect(await bed.harvest(pageSize: 200).outcome == .succeeded)
            let deleted = try #require(bed.store.transcriptions().dropFirst(450).first)
            #expect(bed.store.deleteTranscription(sid: deleted.transcriptionSid))

            let stop = StopSignal()
            let tap = ProgressTap(when: { $0.pages >= 2 }) { stop.request() }
            let interrupted = await bed.harvest(.full, pageSize: 200, stop: stop, observer: tap)
            #expect(interrupted.outcome == .interrupted)
            #expect(interrupted.counts.deleted == 0)
            #expect(try bed.detail(deleted.transcriptionSid).transcription.sid != nil)

            // A default run finishes the interrupted full walk, reconciliation included.
            let next = await bed.harvest(pageSize: 200)
            #expect(next.outcome == .succeeded, "\(next)")
            #expect(next.mode == "full")
            #expect(next.counts.deleted == 1)
            try expectIndexEqualsTruth(bed)
        }
    }
}
