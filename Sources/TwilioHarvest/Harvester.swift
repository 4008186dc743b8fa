import Foundation
import Logging
import Synchronization
import TranscriptIndex
import TwilioClient

/// One harvest run: each source in turn, into the index. Per source, the core decides the plan from its
/// checkpoint, records a `harvest_runs` row, lets the source walk, and records the outcome; after a complete
/// walk it stores the new watermark. The term lists are brought up to date once, at the end.
///
/// A source that fails does not stop the others (each has its own outcome); a stop request or a time limit
/// ends the whole run. Never throws: outcomes are in the summary and in harvest_runs. Always ends: the work races
/// a watchdog (`options.maxRuntime`, and `options.stopGrace` after a stop request) that cancels it.
public final class Harvester: Sendable {
    let client: TwilioClient
    let database: IndexDatabase
    let sources: [any HarvestSource]
    let options: HarvestOptions
    let stop: StopSignal
    let observer: (any HarvestObserver)?
    let logger: Logger

    public init(client: TwilioClient, database: IndexDatabase, sources: [any HarvestSource],
                options: HarvestOptions = HarvestOptions(), stop: StopSignal = StopSignal(),
                observer: (any HarvestObserver)? = nil, logger: Logger = Logger(label: "transcripts.harvest")) {
        self.client = client
        self.database = database
        self.sources = sources
        self.options = options
        self.stop = stop
        self.observer = observer
        self.logger = logger
    }

    private static func now() -> Int64 { Int64(Date().timeIntervalSince1970) }

    /// The runs so far: finished ones with their reports, and the one in progress.
    private final class Progress: Sendable {
        let finished = Mutex<[HarvestReport]>([])
        let current = Mutex<SourceRun?>(nil)
    }

    public func run() async -> HarvestSummary {
        let clock = ContinuousClock()
        let started = clock.now
        let progress = Progress()
        let watchdog = HarvestWatchdog(stop: stop, maxRuntime: options.maxRuntime, stopGrace: options.stopGrace)
        let limit = await withTaskGroup(of: HarvestWatchdog.Limit?.self) { group in
            group.addTask { await self.perform(progress); return nil }
            group.addTask { await watchdog.watch(since: started, clock: clock) }
            var limit: HarvestWatchdog.Limit?
            while let next = await group.next() {
                // The work finished (nil), or a limit passed: either way the other task is cancelled. A cancelled
                // source's pages so far are committed.
                if let next { limit = next }
                group.cancelAll()
            }
            return limit
        }
        var reports = progress.finished.withLock { $0 }
        if let cut = progress.current.withLock({ $0 }) {
            // The source in progress when a limit passed.
            var report = cut.report
            switch limit {
            case .maxRuntime(let maximum)?:
                report.outcome = .failed
                report.error = "the run was stopped after its maximum run time of \(maximum.humanReadable) "
                    + "(--max-runtime); its committed pages are kept and the next run resumes from them"
            default:
                report.outcome = .interrupted
            }
            recordEnd(report)
            reports.append(report)
        }
        let summary = HarvestSummary(reports: reports)
        do {
            // Each page already folded its changes into the term lists; a first harvest into an empty index
            // leaves them to be built here, once. Not after a stop request: that rebuild can take a minute on a
            // large index, a stop must be prompt, and until the next run builds them searches use FTS5 instead.
            if summary.outcome != .interrupted { try database.refreshTermLists() }
        } catch {
            logger.error("could not update the ranked-search term lists: \(error)")
        }
        return summary
    }

    /// Each source in turn, until a stop request.
    private func perform(_ progress: Progress) async {
        for source in sources {
            if stop.isRequested || Task.isCancelled { break }
            let run: SourceRun
            do {
                run = try begin(source.source)
            } catch {
                var report = HarvestReport(runID: 0, mode: options.mode.rawValue, outcome: .failed)
                report.source = source.source.rawValue
                Self.record(error, in: &report)
                progress.finished.withLock { $0.append(report) }
                continue
            }
            progress.current.withLock { $0 = run }
            var report: HarvestReport
            var credentialsRefused = false
            do {
                let complete = try await source.harvest(run)
                if complete {
                    let newWatermark = run.newWatermark
                    try database.writeBatch { batch in
                        try HarvestPlan.finish(source.source, newWatermark: newWatermark, in: batch)
                    }
                }
                report = run.report
                if !complete { report.outcome = .interrupted }
            } catch {
                report = run.report
                Self.record(error, in: &report)
                credentialsRefused = (error as? TwilioError)?.isCredentialsRefused ?? false
                if options.skipsForbiddenSources, report.pages == 0, let error = error as? TwilioError, error.isForbidden {
                    report.outcome = .skipped
                    report.authenticationFailed = false
                    report.error = "the credentials may not read this source (HTTP 403); skipped"
                    observer?.notice("\(source.source.rawValue): \(report.error!)")
                }
            }
            // A cancellation is the watchdog's: `run()` records this source's end with the limit's reason.
            if Task.isCancelled { return }
            progress.current.withLock { $0 = nil }
            recordEnd(report)
            progress.finished.withLock { $0.append(report) }
            // Refused credentials (401) are refused by every product: the other sources would only repeat it.
            if credentialsRefused { break }
        }
    }

    private func begin(_ source: DocumentSource) throws -> SourceRun {
        let accountSid = client.credentials.accountSid
        let requested = options.mode
        let (plan, runID) = try database.writeBatch { batch -> (HarvestPlan, Int64) in
            let plan = try HarvestPlan.begin(source, requested: requested, accountSid: accountSid, in: batch)
            // Runs still "running" were killed (harvests of one index never overlap: the CLI holds its lock,
            // and this run's earlier sources have recorded their end).
            try batch.abandonUnfinishedRuns()
            return (plan, try batch.beginRun(mode: plan.mode.rawValue, source: source, at: Self.now()))
        }
        return SourceRun(source: source, client: client, database: database, options: options, stop: stop,
                         observer: observer, plan: plan, runID: runID)
    }

    private func recordEnd(_ report: HarvestReport) {
        guard report.runID != 0 else { return }
        do {
            try database.writeBatch { batch in
                try batch.recordRun(id: report.runID, progress: report.progress, outcome: report.outcome.rawValue,
                                    error: report.error, finishedAt: Self.now())
            }
        } catch {
            logger.error("could not record the end of harvest run \(report.runID): \(error)")
        }
    }

    /// The outcome and message of the error that ended a source's run.
    static func record(_ error: any Error, in report: inout HarvestReport) {
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
}

extension TwilioError {
    /// HTTP 401: the account SID and secret are refused, by every product alike.
    var isCredentialsRefused: Bool {
        switch self {
        case .authenticationFailed: return true
        case .gaveUp(_, let last): return last.isCredentialsRefused
        default: return false
        }
    }

    /// HTTP 403: these credentials may not read this resource (a restricted API key, a product not enabled).
    var isForbidden: Bool {
        switch self {
        case .forbidden: return true
        case .gaveUp(_, let last): return last.isForbidden
        default: return false
        }
    }

    /// A 4xx other than 401/403 for a stored page URI: that URI will not work again.
    public var isRejectedPageURI: Bool {
        switch self {
        case .http(let status, _, _): return (400..<500).contains(status) && status != 429
        case .invalidPageURI: return true
        case .gaveUp(_, let last): return last.isRejectedPageURI
        default: return false
        }
    }
}
