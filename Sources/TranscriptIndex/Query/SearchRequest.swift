import Foundation

/// How results are ordered.
public enum SearchSort: String, Sendable, CaseIterable {
    /// bm25, best first; the default when there is a query.
    case relevance
    /// date_created, newest first; the default without a query.
    case newest
    /// date_created, oldest first.
    case oldest
}

/// A validated search: what `transcripts search` and `GET /v1/search` both run.
public struct SearchRequest: Sendable, Equatable {
    public var query: ParsedQuery
    /// Inclusive bounds on date_created, UTC epoch seconds.
    public var from: Int64?
    public var to: Int64?
    public var statuses: [String]
    /// Document sources (DocumentSource raw values), empty for every source. Choosing every source is no filter.
    public var sources: [String] = []
    /// Languages (BCP 47, "en-US", compared case-insensitively), empty for any.
    public var languages: [String] = []
    /// Only documents where the query's words occur in this speaker's sentences (a role such as "agent" or
    /// "customer", or a participant's name; case-insensitive). Only Intelligence transcripts have speakers.
    public var speaker: String?
    public var callSid: String?
    public var recordingSid: String?
    public var accountSid: String?
    public var sort: SearchSort
    public var limit: Int
    public var cursor: SearchCursor?

    public static let defaultLimit = 20
    public static let maxLimit = 1_000
    /// Every source's own statuses: v2010 in-progress, completed, failed; Intelligence queued, in-progress,
    /// completed, failed, canceled, error, new.
    public static let knownStatuses = ["in-progress", "completed", "failed", "queued", "canceled", "error", "new"]

    /// Filters only the general SQL plan checks (the term lists, the phrase scan and the status side scan decline
    /// a request that has one).
    var hasSQLOnlyFilters: Bool { !sources.isEmpty || !languages.isEmpty || speaker != nil }

    /// What identifies "the same search" for a cursor: everything but the page position and size.
    var fingerprint: UInt64 {
        var fields = [query.matchExpression ?? "", query.excludedExpression ?? "", from.map(String.init) ?? "",
                      to.map(String.init) ?? "", statuses.sorted().joined(separator: ","), callSid ?? "",
                      recordingSid ?? "", accountSid ?? "", sort.rawValue]
        // Fields added later join only when set, so the cursors of earlier releases stay valid across an upgrade.
        if !sources.isEmpty { fields.append("sources=" + sources.sorted().joined(separator: ",")) }
        if !languages.isEmpty { fields.append("languages=" + languages.sorted().joined(separator: ",")) }
        if let speaker { fields.append("speaker=" + speaker) }
        var text = fields.joined(separator: "\u{1F}")
        text.makeContiguousUTF8()
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return hash
    }
}

/// Search parameters as a person or an HTTP client typed them. `validated()` turns them into a `SearchRequest`
/// or an `IndexError` (.invalidParameter / .invalidQuery) whose message says what to fix.
public struct SearchParameters: Sendable, Equatable {
    public var query: String?
    public var from: String?
    public var to: String?
    public var statuses: [String] = []
    public var sources: [String] = []
    public var languages: [String] = []
    public var speaker: String?
    public var callSid: String?
    public var recordingSid: String?
    public var accountSid: String?
    public var sort: String?
    public var limit: String?
    public var cursor: String?

    public init(query: String? = nil, from: String? = nil, to: String? = nil, statuses: [String] = [],
                sources: [String] = [], languages: [String] = [], speaker: String? = nil, callSid: String? = nil, recordingSid: String? = nil, accountSid: String? = nil,
                sort: String? = nil, limit: String? = nil, cursor: String? = nil) {
        self.query = query
        self.from = from
        self.to = to
        self.statuses = statuses
        self.sources = sources
        self.languages = languages
        self.speaker = speaker
        self.callSid = callSid
        self.recordingSid = recordingSid
        self.accountSid = accountSid
        self.sort = sort
        self.limit = limit
        self.cursor = cursor
    }

    public func validated() throws -> SearchRequest {
        let parsed = try QueryParser.parse(query ?? "")
        if let query, !query.trimmingCharacters(in: .whitespaces).isEmpty, parsed.isEmpty {
            throw IndexError(.invalidQuery, "the query has no searchable words (letters or digits)")
        }
        let fromSeconds = try from.map { try Self.parseDate($0, name: "from", endOfDay: false) }
        let toSeconds = try to.map { try Self.parseDate($0, name: "to", endOfDay: true) }
        if let fromSeconds, let toSeconds, fromSeconds > toSeconds {
            throw IndexError(.invalidParameter, "from (\(from!)) is after to (\(to!))")
        }
        let statusList = try Self.list(statuses, name: "status", known: SearchRequest.knownStatuses)
        let sourceList = try DocumentSource.parse(sources)
        let sortOrder: SearchSort
        if let sort {
            guard let chosen = SearchSort(rawValue: sort) else {
                throw IndexError(.invalidParameter, "unknown sort \"\(sort)\"; use relevance, newest or oldest")
            }
            if chosen == .relevance, parsed.requiredExpression == nil {
                throw IndexError(.invalidParameter, "sort relevance needs a query with words to rank by")
            }
            sortOrder = chosen
        } else {
            sortOrder = parsed.requiredExpression == nil ? .newest : .relevance
        }
        var pageSize = SearchRequest.defaultLimit
        if let limit {
            guard let value = Int(limit), (1...SearchRequest.maxLimit).contains(value) else {
                throw IndexError(.invalidParameter, "limit must be a whole number from 1 to \(SearchRequest.maxLimit)")
            }
            pageSize = value
        }
        var request = SearchRequest(
            query: parsed, from: fromSeconds, to: toSeconds, statuses: Array(Set(statusList)).sorted(),
            // Every source chosen is the same search as none, and keeps the plans that need no row lookups.
            sources: sourceList.count == DocumentSource.allCases.count ? [] : sourceList.map(\.rawValue).sorted(),
            callSid: try Self.sid(callSid, .call, name: "call_sid"),
            recordingSid: try Self.sid(recordingSid, .recording, name: "recording_sid"),
            accountSid: try Self.sid(accountSid, .account, name: "account_sid"),
            sort: sortOrder, limit: pageSize, cursor: nil)
        request.languages = try Self.languages(languages)
        if let speaker {
            let trimmed = speaker.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, trimmed.count <= 200, !trimmed.unicodeScalars.contains(where: {
                $0.properties.generalCategory == .control
            }) else {
                throw IndexError(.invalidParameter, "speaker must be agent, customer or a participant's name (1–200 characters)")
            }
            request.speaker = trimmed
        }
        if let cursor {
            request.cursor = try SearchCursor.decode(cursor, for: request)
        }
        return request
    }

    /// "completed,failed" and repeated flags both work; an empty one ("", "failed,") is a mistake, not "any".
    static func list(_ values: [String], name: String, known: [String]) throws -> [String] {
        let list = values.flatMap {
            $0.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        }
        for value in list where !known.contains(value) {
            throw IndexError(.invalidParameter, (value.isEmpty ? "empty \(name)" : "unknown \(name) \"\(value)\"")
                + "; use one of \(known.joined(separator: ", "))")
        }
        return list
    }

    /// Language tags like "en-US" or "es": letters, digits and hyphens, lower-cased for comparison.
    static func languages(_ values: [String]) throws -> [String] {
        let list = values.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        for tag in list where tag.isEmpty || tag.count > 35
            || !tag.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) {
            throw IndexError(.invalidParameter, tag.isEmpty ? "empty language"
                : "language \"\(tag)\" is not a language tag like en-US")
        }
        return Array(Set(list.map { $0.lowercased() })).sorted()
    }

    private static func sid(_ value: String?, _ kind: SIDKind, name: String) throws -> String? {
        guard let value else { return nil }
        guard kind.matches(value) else {
            throw IndexError(.invalidParameter, "\(name) \"\(value)\" is not a Twilio SID (\(kind.rawValue) + 32 hex digits)")
        }
        return value
    }

    /// "YYYY-MM-DD" is the whole UTC day (its first second for `from`, its last for `to`); an ISO 8601
    /// date-time ("2024-03-05T14:02:11Z", "…+01:00") is that instant.
    static func parseDate(_ text: String, name: String, endOfDay: Bool) throws -> Int64 {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.count == 10, let start = TwilioDate.parseISO8601(trimmed + "T00:00:00Z") {
            return endOfDay ? start + 86_399 : start
        }
        if trimmed.count > 10, let instant = TwilioDate.parseISO8601(trimmed) { return instant }
        throw IndexError(.invalidParameter,
            "\(name) \"\(text)\" is not a date: use YYYY-MM-DD or an ISO 8601 date-time like 2024-03-05T14:02:11Z")
    }
}
