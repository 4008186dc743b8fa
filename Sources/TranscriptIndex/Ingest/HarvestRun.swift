import GRDB

/// One recorded harvest (or import) run.
public struct HarvestRun: Sendable, Equatable {
    public var id: Int64
    public var startedAt: Int64
    public var finishedAt: Int64?
    /// "incremental" | "full" | "import"
    public var mode: String
    /// The harvest source it read; nil for an import.
    public var source: String?
    /// "running" | "succeeded" | "failed" | "interrupted"
    public var outcome: String
    public var pages: Int
    public var requests: Int
    public var retries: Int
    public var added: Int
    public var updated: Int
    public var deleted: Int
    public var error: String?

    static func recent(limit: Int, in db: Database) throws -> [HarvestRun] {
        try Row.fetchAll(db, sql: "SELECT * FROM harvest_runs ORDER BY id DESC LIMIT ?", arguments: [limit]).map {
            HarvestRun(id: $0["id"], startedAt: $0["started_at"], finishedAt: $0["finished_at"], mode: $0["mode"],
                       source: $0["source"], outcome: $0["outcome"], pages: $0["pages"], requests: $0["requests"], retries: $0["retries"],
                       added: $0["added"], updated: $0["updated"], deleted: $0["deleted"], error: $0["error"])
        }
    }
}

/// Counters a run reports when it ends (or as it goes).
public struct HarvestRunProgress: Sendable, Equatable {
    public var pages = 0
    public var requests = 0
    public var retries = 0
    public var counts = IngestCounts()
    public init() {}
}

extension IndexWriteBatch {
    /// Records the start of a run; returns its id.
    public func beginRun(mode: String, source: DocumentSource?, at time: Int64) throws -> Int64 {
        try db.execute(sql: "INSERT INTO harvest_runs (started_at, mode, source) VALUES (?, ?, ?)",
                       arguments: [time, mode, source?.rawValue])
        return db.lastInsertedRowID
    }

    /// Marks runs left "running" by a process that died (SIGKILL, power loss) as interrupted.
    public func abandonUnfinishedRuns() throws {
        try db.execute(sql: """
            UPDATE harvest_runs SET outcome = 'interrupted',
                error = coalesce(error, 'the process ended before the run finished (killed?)')
            WHERE outcome = 'running'
            """)
    }

    /// Updates a run's counters, and its outcome when it has ended.
    public func recordRun(id: Int64, progress: HarvestRunProgress, outcome: String, error: String? = nil,
                          finishedAt: Int64? = nil) throws {
        try db.execute(sql: """
            UPDATE harvest_runs SET pages = ?, requests = ?, retries = ?, added = ?, updated = ?, deleted = ?,
                outcome = ?, error = ?, finished_at = ?
            WHERE id = ?
            """, arguments: [progress.pages, progress.requests, progress.retries, progress.counts.added,
                             progress.counts.updated, progress.counts.deleted, outcome,
                             error.map { NULCharacters.replaced(in: $0).text }, finishedAt, id])
    }

    /// All transcription SIDs, for reconciling a full harvest against upstream.
    public func allTranscriptionSids() throws -> [String] {
        try allSids(.transcription)
    }

    /// Every SID of a source's documents (a plain column read: duplicates would show).
    public func allSids(_ source: DocumentSource) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT sid FROM documents WHERE source = ?", arguments: [source.rawValue])
    }
}
