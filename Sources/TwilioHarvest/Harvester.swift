import Foundation
import Logging
import TranscriptIndex
import TwilioClient

/// One harvest run: Twilio's Transcriptions (and their Recordings) into the index.
///
/// - **initial** (empty index) and **full** runs walk the whole list, newest first, following `next_page_uri`.
///   Each page commits with the URI of the next one, so a killed walk resumes where it stopped. A full run
///   first refreshes every recording (the Recordings list, 1000 a request), and after a complete, error-free
///   walk removes the transcriptions it did not see — each confirmed gone by a 404 first.
/// - **incremental** runs walk from the top until a page holds only transcriptions already indexed at the same
///   version and older than the last run's newest `date_updated` (minus an overlap). If the list is ever seen
///   out of `date_updated` order (the order is not contractual), the run walks to the end instead.
///   Then in-progress transcriptions created recently, and completed ones still without text, are re-fetched.
public final class Harvester: Sendable {
    let client: TwilioClient
    let database: IndexDatabase
    let options: HarvestOptions
    let stop: StopSignal
    let observer: (any HarvestObserver)?
    let logger: Logger

    public init(client: TwilioClient, database: IndexDatabase, options: HarvestOptions = HarvestOptions(),
                stop: StopSignal = StopSignal(), observer: (any HarvestObserver)? = nil,
                logger: Logger = Logger(label: "transcripts.harvest")) {
        self.client = client
        self.database = database
        self.options = options
        self.stop = stop
        self.observer = observer
        self.logger = logger
    }

    private var accountSid: String { client.credentials.accountSid }
    private static func now() -> Int64 { Int64(Date().timeIntervalSince1970) }

    /// Runs to completion, interruption or failure; never throws: the outcome is in the report (and in
    /// harvest_runs). Whatever pages committed before a failure stay committed. Always ends: the work races a
    /// watchdog (`options.maxRuntime`, and `options.stopGrace` after a stop request) that cancels it.
    public func run() async -> HarvestReport {
        let clock = ContinuousClock()
        let started = clock.now
        let baseline = client.metrics.snapshot()
        let watchdog = HarvestWatchdog(stop: stop, maxRuntime: options.maxRuntime, stopGrace: options.stopGrace)
        let (finished, limit) = await withTaskGroup(of: Finish.self) { group in
            group.addTask { .work(await self.perform(baseline: baseline, started: started, clock: clock)) }
            group.addTask { .limit(await watchdog.watch(since: started, clock: clock)) }
            var finished: (RunState, (any Error)?)?
            var limit: HarvestWatchdog.Limit?
            while let next = await group.next() {
                switch next {
                case .work(let result):
                    finished = result
                    group.cancelAll()
                case .limit(let passed):
                    // The work is cancelled; its pages so far are committed, and it returns what it did.
                    if let passed { limit = passed; group.cancelAll() }
                }
            }
            return (finished!, limit)
        }
        var run = finished.0
        switch (finished.1, limit) {
        case (nil, _):
            break  // done, even if a limit passed as it finished
        case (_, .maxRuntime(let maximum)?):
            run.report.outcome = .failed
            run.report.error = "the run was stopped after its maximum run time of \(maximum.humanReadable) "
                + "(--max-runtime); its committed pages are kept and the next run resumes from them"
        case (_, .stopGraceExpired?):
            run.report.outcome = .interrupted
        case (let error?, nil):
            record(error, in: &run.report)
        }
        do {
            // Each page already folded its changes into the term lists; a first harvest into an empty index
            // leaves them to be built here, once. Not after a stop request: that rebuild can take a minute on a
            // large index, a stop must be prompt, and until the next run builds them searches use FTS5 instead.
            if run.report.outcome != .interrupted { try database.refreshTermLists() }
        } catch {
            logger.error("could not update the ranked-search term lists: \(error)")
        }
        update(&run.report, baseline: baseline, started: started, clock: clock)
        if run.report.runID != 0 {
            let report = run.report
            do {
                try database.writeBatch { batch in
                    try batch.recordRun(id: report.runID, progress: Self.progress(report),
                                        outcome: report.outcome.rawValue, error: report.error, finishedAt: Self.now())
                }
            } catch {
                logger.error("could not record the end of harvest run \(report.runID): \(error)")
            }
        }
        return run.report
    }

    private enum Finish: Sendable {
        case work((RunState, (any Error)?))
        case limit(HarvestWatchdog.Limit?)
    }

    /// The run's work: what it did, and the error that ended it early, if one did.
    private func perform(baseline: TwilioRequestMetrics.Snapshot, started: ContinuousClock.Instant,
                         clock: ContinuousClock) async -> (RunState, (any Error)?) {
        var run = RunState(report: HarvestReport(runID: 0, mode: options.mode.rawValue, outcome: .succeeded))
        do {
            let plan = try begin()
            run.report.runID = plan.runID
            run.report.mode = plan.mode
            run.watermark = plan.watermark
            run.newWatermark = plan.walkWatermark ?? plan.watermark
            if plan.mode == "full", plan.resumeURI == nil {
                try await refreshAllRecordings(&run, baseline: baseline, started: started, clock: clock)
            }
            let complete = try await walk(plan, &run, baseline: baseline, started: started, clock: clock)
            if complete {
                if plan.mode == "full" {
                    try await reconcileDeletions(&run)
                    try await reverifySuspectTexts(&run)
                }
                if plan.mode == "incremental" { try await recheck(&run) }
                try finishWalk(newWatermark: run.newWatermark)
            } else {
                run.report.outcome = .interrupted
            }
            return (run, nil)
        } catch {
            return (run, error)
        }
    }

    /// The outcome and message of the error that ended a run.
    private func record(_ error: any Error, in report: inout HarvestReport) {
        switch error {
        case let error as TwilioError:
            report.outcome = .failed
            report.error = error.description
            report.authenticationFailed = error.isAuthenticationFailure
        case let error as IndexError:
            report.outcome = .failed
            report.error = error.message
        case is CancellationError:
            report.outcome = .interrupted
        default:
            report.outcome = .failed
            report.error = String(describing: error)
        }
    }

    // MARK: Plan

    private struct Plan {
        var runID: Int64
        var mode: String
        var watermark: Int64?
        var walkWatermark: Int64?
        var resumeURI: String?
    }

    private struct RunState {
        var report: HarvestReport
        var watermark: Int64?
        /// The newest date_updated seen this run: the next run's stopping point, once this one completes.
        var newWatermark: Int64?
        var previousDateUpdated: Int64?
    }

    private func begin() throws -> Plan {
        let accountSid = self.accountSid
        let requested = options.mode
        return try database.writeBatch { batch in
            if let stored = try batch.checkpoint(.transcription, HarvestStateKey.account), stored != accountSid {
                throw IndexError(.invalidInput, "this index holds account \(stored); harvest \(accountSid) into "
                    + "another --db file")
            }
            try batch.setCheckpoint(.transcription, HarvestStateKey.account, accountSid)
            let watermark = try batch.checkpoint(.transcription, HarvestStateKey.watermark).flatMap { Int64($0) }
            var plan = Plan(runID: 0, mode: requested.rawValue, watermark: watermark, walkWatermark: nil, resumeURI: nil)
            if let resume = try batch.checkpoint(.transcription, HarvestStateKey.walkNextPage) {
                // A walk was interrupted: finish it (a full run upgrades an interrupted initial walk).
                plan.resumeURI = resume
                let interrupted = try batch.checkpoint(.transcription, HarvestStateKey.walkMode) ?? "initial"
                plan.mode = requested == .full ? "full" : interrupted
                plan.walkWatermark = try batch.checkpoint(.transcription, HarvestStateKey.walkWatermark).flatMap { Int64($0) }
            } else if requested == .full || watermark == nil {
                plan.mode = requested == .full ? "full" : "initial"
                try batch.clearSeen()
            }
            if plan.mode != "incremental" { try batch.setCheckpoint(.transcription, HarvestStateKey.walkMode, plan.mode) }
            // Runs still "running" were killed (harvests of one index never overlap: the CLI holds its lock).
            try batch.abandonUnfinishedRuns()
            plan.runID = try batch.beginRun(mode: plan.mode, source: .transcription, at: Self.now())
            return plan
        }
    }

    private func finishWalk(newWatermark: Int64?) throws {
        try database.writeBatch { batch in
            if let newWatermark { try batch.setCheckpoint(.transcription, HarvestStateKey.watermark, String(newWatermark)) }
            try batch.setCheckpoint(.transcription, HarvestStateKey.walkNextPage, nil)
            try batch.setCheckpoint(.transcription, HarvestStateKey.walkWatermark, nil)
            try batch.setCheckpoint(.transcription, HarvestStateKey.walkMode, nil)
        }
    }

    // MARK: Walk

    /// Returns true when the walk reached its end (or caught up), false when stopped by a signal.
    private func walk(_ plan: Plan, _ run: inout RunState, baseline: TwilioRequestMetrics.Snapshot,
                      started: ContinuousClock.Instant, clock: ContinuousClock) async throws -> Bool {
        let isWalk = plan.mode != "incremental"
        var page: TwilioPage<Transcription>
        if let resume = plan.resumeURI {
            do {
                page = try await client.transcriptionsPage(following: resume)
            } catch let error as TwilioError where error.isRejectedPageURI {
                // The stored PageToken is no longer accepted (expired, or Twilio changed paging): the walk starts
                // over from the top, keeping what it has seen, rather than failing every run from now on.
                observer?.notice("the interrupted walk's next page was refused (\(error)); walking from the top")
                page = try await client.transcriptionsPage(pageSize: options.pageSize)
            }
        } else {
            page = try await client.transcriptionsPage(pageSize: options.pageSize)
        }
        if plan.resumeURI != nil { observer?.notice("resuming an interrupted \(plan.mode) walk") }
        while true {
            let pageNewest = page.items.compactMap(\.dateUpdated).max()
            if let pageNewest, pageNewest > (run.newWatermark ?? Int64.min) { run.newWatermark = pageNewest }
            for item in page.items {
                if let updated = item.dateUpdated, let previous = run.previousDateUpdated, updated > previous,
                   !run.report.orderAnomaly {
                    run.report.orderAnomaly = true
                    observer?.notice("Twilio listed transcriptions out of date_updated order; walking to the end")
                }
                if let updated = item.dateUpdated { run.previousDateUpdated = updated }
            }
            let result = try await process(page.items, marksSeen: isWalk, nextPageURI: isWalk ? page.nextPageURI : nil,
                                           walkWatermark: isWalk ? run.newWatermark : nil, run: &run,
                                           baseline: baseline, started: started, clock: clock)
            observer?.progress(run.report)
            if stop.isRequested { return false }
            guard let next = page.nextPageURI else { return true }
            if !isWalk, !run.report.orderAnomaly, let watermark = run.watermark,
               result.allKnown, result.oldest.map({ $0 < watermark - options.overlapSeconds }) ?? true {
                return true
            }
            page = try await client.transcriptionsPage(following: next)
        }
    }

    private struct PageResult {
        /// Every item was already indexed at the same date_updated.
        var allKnown: Bool
        var oldest: Int64?
    }

    private func process(_ items: [Transcription], marksSeen: Bool, nextPageURI: String?, walkWatermark: Int64?,
                         run: inout RunState, baseline: TwilioRequestMetrics.Snapshot,
                         started: ContinuousClock.Instant, clock: ContinuousClock) async throws -> PageResult {
        let sids = items.compactMap(\.sid)
        let stored = try database.writeBatch { try $0.storedVersions(sids: sids) }
        let allKnown = items.allSatisfy { item in
            guard let sid = item.sid, let version = stored[sid] else { return false }
            return version.dateUpdated == item.dateUpdated
        }
        let texts = try await TextResolver(client: client, width: options.concurrency).complete(items) { item in
            guard Self.lacksText(item), let sid = item.sid else { return false }
            guard let version = stored[sid] else { return true }
            return version.dateUpdated != item.dateUpdated || !version.hasText || version.status != item.status
        }
        let recordings = try await resolveRecordings(for: texts.items)
        let progressBefore = run.report
        let counts = try database.writeBatch { batch -> IngestCounts in
            var counts = IngestCounts()
            for recording in recordings.recordings { _ = try batch.upsert(recording) }
            for sid in recordings.missing { try batch.markRecordingNotFound(sid: sid) }
            for item in texts.items { counts += try batch.upsert(item).counts }
            for sid in texts.vanished where try batch.deleteTranscription(sid: sid) { counts.deleted += 1 }
            if marksSeen { try batch.markSeen(sids: texts.items.compactMap(\.sid)) }
            if marksSeen {
                try batch.setCheckpoint(.transcription, HarvestStateKey.walkNextPage, nextPageURI)
                if let walkWatermark { try batch.setCheckpoint(.transcription, HarvestStateKey.walkWatermark, String(walkWatermark)) }
            }
            var report = progressBefore
            report.counts += counts
            report.pages += 1
            try batch.recordRun(id: report.runID, progress: Self.progress(report), outcome: "running")
            return counts
        }
        run.report.counts += counts
        run.report.pages += 1
        run.report.items += items.count
        run.report.textsFetched += texts.fetched
        run.report.recordingsFetched += recordings.fetched
        run.report.recordingsMissing += recordings.missing.count
        update(&run.report, baseline: baseline, started: started, clock: clock)
        return PageResult(allKnown: allKnown, oldest: items.compactMap(\.dateUpdated).min())
    }

    private func resolveRecordings(for items: [Transcription]) async throws -> RecordingResolver.Outcome {
        let referenced = Set(items.compactMap(\.recordingSid))
        let unknown = try database.writeBatch { try $0.unknownRecordingSids(referenced) }
        guard !unknown.isEmpty else { return RecordingResolver.Outcome() }
        let dates = items.filter { $0.recordingSid.map(unknown.contains) ?? false }.compactMap(\.dateCreated)
        let range = dates.min().flatMap { low in dates.max().map { low...$0 } }
        return try await RecordingResolver(client: client, width: options.concurrency, pageSize: options.pageSize,
                                           bulkThreshold: options.bulkRecordingThreshold)
            .resolve(unknown, createdRange: range)
    }

    // MARK: Full runs

    /// Every recording, soft-deleted ones included: statuses change (a recording deleted upstream) and a full
    /// run is where the index converges to the source.
    private func refreshAllRecordings(_ run: inout RunState, baseline: TwilioRequestMetrics.Snapshot,
                                      started: ContinuousClock.Instant, clock: ContinuousClock) async throws {
        var page = try await client.recordingsPage(RecordingQuery(includeSoftDeleted: true), pageSize: options.pageSize)
        var listed: Set<String> = []
        while true {
            let recordings = page.items
            try database.writeBatch { batch in
                for recording in recordings { _ = try batch.upsert(recording) }
            }
            listed.formUnion(recordings.compactMap(\.sid))
            run.report.recordingsFetched += recordings.count
            update(&run.report, baseline: baseline, started: started, clock: clock)
            observer?.progress(run.report)
            if stop.isRequested { throw CancellationError() }
            guard let next = page.nextPageURI else { break }
            page = try await client.recordingsPage(following: next)
        }
        // Indexed recordings the list no longer returns: removed upstream (or past the 40 days Twilio keeps
        // soft-deleted ones). Each is confirmed by its own 404 before it is marked not found.
        let missing = try database.writeBatch { try $0.presentRecordingSids() }.filter { !listed.contains($0) }
        let client = self.client
        let lookups = try await boundedMap(missing, width: options.concurrency) { sid in
            (sid, try await client.recording(sid: sid))
        }
        try database.writeBatch { batch in
            for (sid, lookup) in lookups {
                if let recording = lookup.value { _ = try batch.upsert(recording) } else { try batch.markRecordingNotFound(sid: sid) }
            }
        }
        run.report.recordingsMissing += lookups.filter { $0.1.value == nil }.count
    }

    /// After a complete walk: what the index has and the walk did not see is deleted, once Twilio confirms.
    private func reconcileDeletions(_ run: inout RunState) async throws {
        let accountSid = self.accountSid
        let unseen = try database.writeBatch { try $0.unseenTranscriptionSids(accountSid: accountSid) }
        let deletedBefore = run.report.counts.deleted
        try await refetch(unseen, &run, alsoInTransaction: { try $0.clearSeen() })
        let removed = run.report.counts.deleted - deletedBefore
        if removed > 0 { observer?.notice("removed \(removed) transcriptions deleted upstream") }
    }

    /// Stored texts that look like an HTTP body, not speech, are fetched again from the `.json` resource (whose
    /// body is checked: it decodes and names this SID). The list walk already corrected every text the list
    /// carries; these are the ones it gave as null.
    private func reverifySuspectTexts(_ run: inout RunState) async throws {
        let limit = options.suspectTextLimit
        let suspect = try database.writeBatch { try $0.sidsWithSuspectText(limit: limit) }
        guard !suspect.isEmpty else { return }
        let updatedBefore = run.report.counts.updated
        try await refetch(suspect, &run)
        run.report.textsReverified += suspect.count
        observer?.notice("re-verified \(suspect.count) stored texts that looked like an HTTP body; "
            + "\(run.report.counts.updated - updatedBefore) corrected")
    }

    // MARK: Incremental re-checks

    /// In-progress transcriptions created recently and completed ones without text, fetched one by one.
    private func recheck(_ run: inout RunState) async throws {
        let since = Self.now() - options.inProgressWindowSeconds
        let limit = options.recheckLimit
        let sids = try database.writeBatch { batch in
            Array(Set(try batch.inProgressSids(createdSince: since, limit: limit)
                      + batch.sidsMissingText(createdSince: since, limit: limit))).sorted()
        }
        try await refetch(sids, &run)
    }

    /// Fetches these transcriptions one by one (their text too when missing) and commits what Twilio says:
    /// found ones are upserted, 404s deleted — with `alsoInTransaction` in the same transaction.
    private func refetch(_ sids: [String], _ run: inout RunState,
                         alsoInTransaction: (IndexWriteBatch) throws -> Void = { _ in }) async throws {
        let client = self.client
        let lookups = try await boundedMap(sids, width: options.concurrency) { sid in
            (sid, try await client.transcription(sid: sid))
        }
        let completed = try await TextResolver(client: client, width: options.concurrency)
            .complete(lookups.compactMap { $0.1.value }, needsText: Self.lacksText)
        let gone = lookups.filter { $0.1.value == nil }.map(\.0) + completed.vanished
        let counts = try database.writeBatch { batch -> IngestCounts in
            var counts = IngestCounts()
            for item in completed.items { counts += try batch.upsert(item).counts }
            for sid in gone where try batch.deleteTranscription(sid: sid) { counts.deleted += 1 }
            try alsoInTransaction(batch)
            return counts
        }
        run.report.counts += counts
        run.report.textsFetched += completed.fetched
    }

    /// A finished transcription (completed, or failed with Twilio's "(blank)") whose representation carried no
    /// text: the list often gives null for either. In-progress ones have no text yet.
    static func lacksText(_ item: Transcription) -> Bool {
        item.text == nil && (item.status == "completed" || item.status == "failed")
    }

    // MARK: Reporting

    private func update(_ report: inout HarvestReport, baseline: TwilioRequestMetrics.Snapshot,
                        started: ContinuousClock.Instant, clock: ContinuousClock) {
        let now = client.metrics.snapshot()
        report.requests = now.requests - baseline.requests
        report.retries = now.retries - baseline.retries
        let elapsed = clock.now - started
        report.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    static func progress(_ report: HarvestReport) -> HarvestRunProgress {
        var progress = HarvestRunProgress()
        progress.pages = report.pages
        progress.requests = report.requests
        progress.retries = report.retries
        progress.counts = report.counts
        return progress
    }
}

extension TwilioError {
    /// A 4xx other than 401/403 for a stored page URI: that URI will not work again.
    var isRejectedPageURI: Bool {
        switch self {
        case .http(let status, _, _): return (400..<500).contains(status) && status != 429
        case .invalidPageURI: return true
        case .gaveUp(_, let last): return last.isRejectedPageURI
        default: return false
        }
    }
}
