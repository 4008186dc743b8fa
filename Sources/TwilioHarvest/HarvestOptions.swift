/// How a harvest runs.
public struct HarvestOptions: Sendable {
    public enum Mode: String, Sendable {
        /// Walk newest-first until caught up with the last run (the default).
        case incremental
        /// Walk everything, refresh every recording, and remove what no longer exists upstream.
        case full
    }

    public var mode: Mode
    /// Items per list request (Twilio's maximum is 1000: fewest requests).
    public var pageSize: Int
    /// Parallel per-item requests (texts, recordings, re-checks).
    public var concurrency: Int
    /// An incremental walk stops at a page whose items are all already indexed at the same version and all
    /// older than the last run's newest date_updated minus this margin (seconds): an overlap against clock
    /// skew and same-second updates.
    public var overlapSeconds: Int64
    /// Incremental runs re-fetch transcriptions still in progress that were created this recently (seconds),
    /// in case their completion did not surface at the top of the list.
    public var inProgressWindowSeconds: Int64
    /// At most this many such re-checks (and missing-text fetches) per run.
    public var recheckLimit: Int
    /// Fetch a page's unknown recordings through the Recordings list (by date) when at least this many are
    /// needed; fewer are fetched one by one.
    public var bulkRecordingThreshold: Int
    /// At most this many stored texts that look like an HTTP body are re-fetched per full run.
    public var suspectTextLimit = 10_000
    /// A run still going after this long is stopped (its committed pages stay; the next run resumes the walk),
    /// so a scheduled harvest always ends and releases its lock. nil: no limit.
    public var maxRuntime: Duration?
    /// After a stop request, how long the page in flight has to commit before the run's work is cancelled.
    public var stopGrace: Duration
    /// A source the credentials may not read (HTTP 403 before its first page) is skipped rather than failed:
    /// `harvest` without `--source` reads every source the account can read. Off when sources are named.
    public var skipsForbiddenSources = false

    /// Six hours: far above an incremental run (seconds) and a daily full run of a large account, short enough
    /// that a wedged run does not hold the index's harvest lock for a day.
    public static let defaultMaxRuntime: Duration = .seconds(6 * 3600)

    public init(mode: Mode = .incremental, pageSize: Int = 1000, concurrency: Int = 4, overlapSeconds: Int64 = 3600,
                inProgressWindowSeconds: Int64 = 7 * 86_400, recheckLimit: Int = 200, bulkRecordingThreshold: Int = 20,
                maxRuntime: Duration? = HarvestOptions.defaultMaxRuntime, stopGrace: Duration = .seconds(5)) {
        self.mode = mode
        self.pageSize = pageSize
        self.concurrency = concurrency
        self.overlapSeconds = overlapSeconds
        self.inProgressWindowSeconds = inProgressWindowSeconds
        self.recheckLimit = recheckLimit
        self.bulkRecordingThreshold = bulkRecordingThreshold
        self.maxRuntime = maxRuntime
        self.stopGrace = stopGrace
    }
}
