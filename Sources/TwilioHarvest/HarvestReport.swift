import TranscriptIndex

/// What a harvest did: printed by the CLI (`--json` too) and stored in harvest_runs.
public struct HarvestReport: Sendable, Equatable {
    public enum Outcome: String, Sendable {
        case succeeded, failed, interrupted
        /// The credentials may not read this source (HTTP 403) and it was not named with `--source`.
        case skipped
    }

    public var runID: Int64
    /// The source this run read ("transcription", "intelligence").
    public var source = ""
    /// "incremental", "full", or "initial" (the first walk of a source into the index, or its resumption).
    public var mode: String
    public var outcome: Outcome
    public var pages = 0
    public var items = 0
    public var requests = 0
    public var retries = 0
    public var counts = IngestCounts()
    public var textsFetched = 0
    public var recordingsFetched = 0
    public var recordingsMissing = 0
    /// Stored texts a full run fetched again because they looked like an HTTP body rather than speech.
    public var textsReverified = 0
    /// Documents recorded without text for a reason the run could not fix (an encrypted Intelligence
    /// transcript): each is a per-item problem, shown by `show`, never a failed run.
    public var problems = 0
    public var seconds = 0.0
    /// The reason a failed run failed.
    public var error: String?
    /// True when the list was seen out of date_updated order: the run walked to the end instead of stopping.
    public var orderAnomaly = false
    /// True when the run stopped because the credentials were refused.
    public var authenticationFailed = false

    public var json: JSONOut {
        .object([
            ("source", .string(source)),
            ("run_id", .int(runID)),
            ("mode", .string(mode)),
            ("outcome", .string(outcome.rawValue)),
            ("pages", .int(Int64(pages))),
            ("items", .int(Int64(items))),
            ("requests", .int(Int64(requests))),
            ("retries", .int(Int64(retries))),
            ("added", .int(Int64(counts.added))),
            ("updated", .int(Int64(counts.updated))),
            ("unchanged", .int(Int64(counts.unchanged))),
            ("deleted", .int(Int64(counts.deleted))),
            ("texts_fetched", .int(Int64(textsFetched))),
            ("recordings_fetched", .int(Int64(recordingsFetched))),
            ("recordings_missing", .int(Int64(recordingsMissing))),
            ("texts_reverified", .int(Int64(textsReverified))),
            ("problems", .int(Int64(problems))),
            ("seconds", .double((seconds * 1000).rounded() / 1000)),
            ("order_anomaly", .bool(orderAnomaly)),
            ("error", .optional(error)),
        ])
    }
}

/// Told about progress as pages commit (the CLI's progress bar or log lines).
public protocol HarvestObserver: Sendable {
    func progress(_ report: HarvestReport)
    func notice(_ message: String)
}
