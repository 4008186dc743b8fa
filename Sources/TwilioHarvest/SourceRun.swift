import Foundation
import Synchronization
import TranscriptIndex
import TwilioClient

/// One source's part of a harvest run: what the source is given to do its walk, and where the core keeps the
/// run's report, its watermark and its checkpoint. Every write goes through `commitPage` or `commit`, which
/// record the run's progress in the same transaction.
public final class SourceRun: Sendable {
    public let source: DocumentSource
    public let client: TwilioClient
    public let database: IndexDatabase
    public let options: HarvestOptions
    public let stop: StopSignal
    public let plan: HarvestPlan
    public let observer: (any HarvestObserver)?
    private let baseline: TwilioRequestMetrics.Snapshot
    private let started: ContinuousClock.Instant
    private let state: Mutex<State>

    private struct State {
        var report: HarvestReport
        /// The newest watermark value seen this run: the next run's stopping point, once this one completes.
        var newWatermark: Int64?
    }

    init(source: DocumentSource, client: TwilioClient, database: IndexDatabase, options: HarvestOptions,
         stop: StopSignal, observer: (any HarvestObserver)?, plan: HarvestPlan, runID: Int64) {
        self.source = source
        self.client = client
        self.database = database
        self.options = options
        self.stop = stop
        self.observer = observer
        self.plan = plan
        baseline = client.metrics.snapshot()
        started = ContinuousClock().now
        var report = HarvestReport(runID: runID, mode: plan.mode.rawValue, outcome: .succeeded)
        report.source = source.rawValue
        state = Mutex(State(report: report, newWatermark: plan.walkWatermark ?? plan.watermark))
    }

    public var accountSid: String { client.credentials.accountSid }

    /// The report so far (requests, retries and time brought up to date).
    public var report: HarvestReport {
        let timing = timing()
        return state.withLock { state in
            state.report.requests = timing.requests
            state.report.retries = timing.retries
            state.report.seconds = timing.seconds
            return state.report
        }
    }

    /// Changes the report's counters (texts fetched, problems, …).
    public func update(_ change: (inout HarvestReport) -> Void) {
        state.withLock { change(&$0.report) }
    }

    public var newWatermark: Int64? { state.withLock { $0.newWatermark } }

    /// Moves the watermark forward to `value` (never back).
    public func advanceWatermark(to value: Int64?) {
        guard let value else { return }
        state.withLock { state in
            if value > (state.newWatermark ?? Int64.min) { state.newWatermark = value }
        }
    }

    public func notice(_ message: String) { observer?.notice(message) }

    // MARK: Writes

    /// Commits one page in one transaction: what `write` stores, the SIDs a walk saw (for reconciliation), the
    /// next page and the watermark to resume from, and the run's progress. A killed run leaves the whole page
    /// or none of it, and the next run resumes after the last committed page.
    public func commitPage(items: Int, seen: [String], nextPage: String?,
                           _ write: (IndexWriteBatch) throws -> IngestCounts) throws {
        let isWalk = plan.isWalk
        let source = self.source
        let watermark = newWatermark
        var report = self.report
        let counts = try database.writeBatch { batch -> IngestCounts in
            let counts = try write(batch)
            if isWalk {
                try batch.markSeen(source, sids: seen)
                try batch.setCheckpoint(source, CheckpointKey.walkNextPage, nextPage)
                if let watermark { try batch.setCheckpoint(source, CheckpointKey.walkWatermark, String(watermark)) }
            }
            report.counts += counts
            report.pages += 1
            try batch.recordRun(id: report.runID, progress: report.progress, outcome: "running")
            return counts
        }
        state.withLock { state in
            state.report.counts += counts
            state.report.pages += 1
            state.report.items += items
        }
        observer?.progress(self.report)
    }

    /// Commits writes that are not a page of the walk (re-checks, reconciliation), with the run's progress.
    public func commit(_ write: (IndexWriteBatch) throws -> IngestCounts) throws {
        var report = self.report
        let counts = try database.writeBatch { batch -> IngestCounts in
            let counts = try write(batch)
            report.counts += counts
            try batch.recordRun(id: report.runID, progress: report.progress, outcome: "running")
            return counts
        }
        state.withLock { $0.report.counts += counts }
    }

    /// Reads (or writes without counting) in one transaction.
    public func transaction<T>(_ body: (IndexWriteBatch) throws -> T) throws -> T {
        try database.writeBatch(body)
    }

    // MARK: Shared steps

    /// After a complete full walk: the documents of this source the walk did not see are handed to `confirm`,
    /// which fetches each and commits what Twilio says (found: updated; 404: deleted). Then the seen set is
    /// cleared.
    public func reconcileDeletions(confirm: ([String]) async throws -> Void) async throws {
        let source = self.source
        let accountSid = self.accountSid
        let unseen = try database.writeBatch { try $0.unseenSids(source, accountSid: accountSid) }
        let deletedBefore = report.counts.deleted
        if !unseen.isEmpty { try await confirm(unseen) }
        try database.writeBatch { try $0.clearSeen(source) }
        let removed = report.counts.deleted - deletedBefore
        if removed > 0 { notice("removed \(removed) \(source.rawValue) documents deleted upstream") }
    }

    /// The v2010 recordings these documents were made from that the index lacks: fetched (through the
    /// Recordings list when many are needed), to be written with the page (`RecordingLinks.write`). The
    /// recording links a document to its call SID.
    public func resolveRecordings(_ references: [(recordingSid: String, dateCreated: Int64?)]) async throws -> RecordingLinks {
        let referenced = Set(references.map(\.recordingSid))
        guard !referenced.isEmpty else { return RecordingLinks() }
        let unknown = try database.writeBatch { try $0.unknownRecordingSids(referenced) }
        guard !unknown.isEmpty else { return RecordingLinks() }
        let dates = references.filter { unknown.contains($0.recordingSid) }.compactMap(\.dateCreated)
        let range = dates.min().flatMap { low in dates.max().map { low...$0 } }
        let links = try await RecordingResolver(client: client, width: options.concurrency, pageSize: options.pageSize,
                                                bulkThreshold: options.bulkRecordingThreshold)
            .resolve(unknown, createdRange: range)
        update { report in
            report.recordingsFetched += links.fetched
            report.recordingsMissing += links.missing.count
        }
        return links
    }

    // MARK: Timing

    private func timing() -> (requests: Int, retries: Int, seconds: Double) {
        let now = client.metrics.snapshot()
        let elapsed = ContinuousClock().now - started
        return (now.requests - baseline.requests, now.retries - baseline.retries,
                Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}

extension HarvestReport {
    var progress: HarvestRunProgress {
        var progress = HarvestRunProgress()
        progress.pages = pages
        progress.requests = requests
        progress.retries = retries
        progress.counts = counts
        return progress
    }
}
