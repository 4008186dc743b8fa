import GRDB

/// What is in the index: `transcripts stats` and `GET /v1/stats`.
public struct IndexStats: Sendable, Equatable {
    public var transcriptions: Int
    public var recordings: Int
    /// Status → count, sorted by status (each source's own statuses together).
    public var byStatus: [(status: String, count: Int)]
    /// Source → count of its documents, in DocumentSource order.
    public var bySource: [(source: String, count: Int)] = []
    /// Oldest and newest date_created, UTC epoch seconds.
    public var earliest: Int64?
    public var latest: Int64?
    /// Database file plus WAL.
    public var databaseBytes: Int64
    /// The newest applied schema migration, e.g. "0001_initial.sql".
    public var schemaVersion: String
    /// The most recent harvest runs, newest first.
    public var recentRuns: [HarvestRun]

    public init(transcriptions: Int, recordings: Int, byStatus: [(status: String, count: Int)],
                bySource: [(source: String, count: Int)] = [], earliest: Int64?, latest: Int64?, databaseBytes: Int64,
                schemaVersion: String, recentRuns: [HarvestRun]) {
        self.transcriptions = transcriptions
        self.recordings = recordings
        self.byStatus = byStatus
        self.bySource = bySource
        self.earliest = earliest
        self.latest = latest
        self.databaseBytes = databaseBytes
        self.schemaVersion = schemaVersion
        self.recentRuns = recentRuns
    }

    public static func == (lhs: IndexStats, rhs: IndexStats) -> Bool {
        lhs.transcriptions == rhs.transcriptions && lhs.recordings == rhs.recordings
            && lhs.byStatus.map(\.status) == rhs.byStatus.map(\.status)
            && lhs.byStatus.map(\.count) == rhs.byStatus.map(\.count)
            && lhs.bySource.map(\.source) == rhs.bySource.map(\.source) && lhs.bySource.map(\.count) == rhs.bySource.map(\.count)
            && lhs.earliest == rhs.earliest && lhs.latest == rhs.latest && lhs.databaseBytes == rhs.databaseBytes
            && lhs.schemaVersion == rhs.schemaVersion && lhs.recentRuns == rhs.recentRuns
    }
}

extension IndexDatabase {
    public func stats(recentRuns: Int = 5) throws -> IndexStats {
        let size = fileSizeBytes
        return try read { db in try IndexStats.fetch(db, databaseBytes: size, recentRuns: recentRuns) }
    }

    /// The same, without blocking a Swift concurrency thread while SQLite works (the HTTP server).
    public func statsAsync(recentRuns: Int = 5) async throws -> IndexStats {
        let size = fileSizeBytes
        return try await read { db in try IndexStats.fetch(db, databaseBytes: size, recentRuns: recentRuns) }
    }

    /// The schema version and row count, cheaply: `GET /healthz`.
    public func healthAsync() async throws -> Health {
        try await read { db in
            Health(schemaVersion: try SchemaMigrations.applied(db).last ?? "",
                   // Every source's documents. count(*) of the table reads its smallest index.
                   transcriptions: try Int.fetchOne(db, sql: "SELECT count(*) FROM documents") ?? 0)
        }
    }
}

/// `GET /healthz`: the index is readable, at this schema version, with this many rows.
public struct Health: Sendable, Equatable {
    public var schemaVersion: String
    public var transcriptions: Int
}

extension IndexStats {
    static func fetch(_ db: Database, databaseBytes size: Int64, recentRuns: Int) throws -> IndexStats {
        // The status index covers this count (documents of every source).
        let byStatus = try Row.fetchAll(db, sql: """
            SELECT coalesce(status, 'unknown') AS status, count(*) AS n FROM documents
            GROUP BY 1 ORDER BY 1
            """).map { (status: $0["status"] as String, count: $0["n"] as Int) }
        // min/max of the time-ordered rowid are two B-tree seeks, not a scan.
        let span = try Row.fetchOne(db, sql: """
            SELECT (SELECT date_created FROM documents ORDER BY id ASC LIMIT 1) AS earliest,
                   (SELECT date_created FROM documents ORDER BY id DESC LIMIT 1) AS latest
            """)
        return IndexStats(
            transcriptions: byStatus.reduce(0) { $0 + $1.count },
            recordings: try Int.fetchOne(db, sql: "SELECT count(*) FROM recordings WHERE availability = 'present'") ?? 0,
            byStatus: byStatus, bySource: try bySource(db), earliest: span?["earliest"], latest: span?["latest"],
            databaseBytes: size, schemaVersion: try SchemaMigrations.applied(db).last ?? "", recentRuns: try HarvestRun.recent(limit: recentRuns, in: db))
    }
}

extension IndexStats {
    /// Each source's documents, counted from its side table (one row per document, a small B-tree), where a
    /// `GROUP BY source` would read every document (`source` has no index: it cost 15% of an import).
    static func bySource(_ db: Database) throws -> [(source: String, count: Int)] {
        try DocumentSource.allCases.map { source in
            let table = switch source {
            case .transcription: "transcription_details"
            case .intelligence: "intelligence_details"
            }
            return (source.rawValue, try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0)
        }
    }
}
