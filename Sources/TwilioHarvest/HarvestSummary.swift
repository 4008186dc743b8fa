import TranscriptIndex

/// What a harvest of every requested source did: one report per source, in the order they ran, and their
/// totals. Printed by the CLI (`--json` too).
public struct HarvestSummary: Sendable, Equatable {
    public var reports: [HarvestReport]

    public init(reports: [HarvestReport]) { self.reports = reports }

    /// Failed if any source failed (or every one was skipped: nothing could be read), else interrupted if any
    /// was, else succeeded.
    public var outcome: HarvestReport.Outcome {
        if reports.contains(where: { $0.outcome == .failed }) { return .failed }
        if !reports.isEmpty, reports.allSatisfy({ $0.outcome == .skipped }) { return .failed }
        if reports.contains(where: { $0.outcome == .interrupted }) { return .interrupted }
        return .succeeded
    }

    /// True when a source stopped because the credentials were refused.
    public var authenticationFailed: Bool { reports.contains(where: \.authenticationFailed) }

    public func report(_ source: DocumentSource) -> HarvestReport? {
        reports.first { $0.source == source.rawValue }
    }

    public var pages: Int { reports.map(\.pages).reduce(0, +) }
    public var items: Int { reports.map(\.items).reduce(0, +) }
    public var requests: Int { reports.map(\.requests).reduce(0, +) }
    public var retries: Int { reports.map(\.retries).reduce(0, +) }
    public var counts: IngestCounts { reports.map(\.counts).reduce(IngestCounts(), +) }
    public var seconds: Double { reports.map(\.seconds).reduce(0, +) }
    /// The first failure's message.
    public var error: String? { reports.lazy.compactMap(\.error).first }

    public var json: JSONOut {
        let counts = self.counts
        return .object([
            ("outcome", .string(outcome.rawValue)),
            ("pages", .int(Int64(pages))),
            ("items", .int(Int64(items))),
            ("requests", .int(Int64(requests))),
            ("retries", .int(Int64(retries))),
            ("added", .int(Int64(counts.added))),
            ("updated", .int(Int64(counts.updated))),
            ("unchanged", .int(Int64(counts.unchanged))),
            ("deleted", .int(Int64(counts.deleted))),
            ("seconds", .double((seconds * 1000).rounded() / 1000)),
            ("error", .optional(error)),
            ("sources", .array(reports.map(\.json))),
        ])
    }
}
