/// What an ingest did, for reports and the harvest log.
public struct IngestCounts: Sendable, Equatable {
    /// New rows.
    public var added = 0
    /// Rows whose content changed (a newer date_updated, or text that arrived later).
    public var updated = 0
    /// Records identical to the stored row, or older than it (an older date_updated never replaces a newer one).
    public var unchanged = 0
    /// Rows removed.
    public var deleted = 0

    public init(added: Int = 0, updated: Int = 0, unchanged: Int = 0, deleted: Int = 0) {
        self.added = added
        self.updated = updated
        self.unchanged = unchanged
        self.deleted = deleted
    }

    public static func + (lhs: IngestCounts, rhs: IngestCounts) -> IngestCounts {
        IngestCounts(added: lhs.added + rhs.added, updated: lhs.updated + rhs.updated,
                     unchanged: lhs.unchanged + rhs.unchanged, deleted: lhs.deleted + rhs.deleted)
    }

    public static func += (lhs: inout IngestCounts, rhs: IngestCounts) { lhs = lhs + rhs }
}

/// The result of one upsert.
public enum UpsertOutcome: Sendable, Equatable {
    case added, updated, unchanged

    public var counts: IngestCounts {
        switch self {
        case .added: return IngestCounts(added: 1)
        case .updated: return IngestCounts(updated: 1)
        case .unchanged: return IngestCounts(unchanged: 1)
        }
    }
}

/// The result of one `IndexWriteBatch.ingest`: the upsert's outcome, and the NUL characters it replaced.
public struct Ingested: Sendable, Equatable {
    public var outcome: UpsertOutcome
    public var replacedNULs: NULReplacements
}
