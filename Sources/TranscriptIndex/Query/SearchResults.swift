/// One search result: the fields of the `--json` contract.
public struct SearchHit: Sendable, Equatable {
    public var sid: String
    /// The harvest source the document came from: "transcription" (v2010 Recording Transcriptions).
    public var source: String
    public var callSid: String?
    public var recordingSid: String?
    public var accountSid: String?
    public var status: String?
    /// UTC epoch seconds.
    public var dateCreated: Int64?
    public var duration: Int?
    /// Relevance, higher is better (the negated bm25 rank); nil when results are not ranked.
    public var score: Double?
    public var snippet: Snippet?
    /// For documents with sentences (Intelligence transcripts) and a query with words: the sentences that
    /// contain them, at most three, best first. nil for the others.
    public var sentences: [SentenceHit]? = nil
}

/// A page of results.
public struct SearchPage: Sendable, Equatable {
    /// The exact number of matches for the query and filters (all pages).
    public var total: Int
    public var hits: [SearchHit]
    /// Pass back as `cursor` for the next page; nil on the last page.
    public var nextCursor: String?
}

/// Text around the matches, with the matched words delimited by two control characters that cannot occur in
/// tokenised text (the tokenizer treats them as separators), rendered for each audience on the way out.
public struct Snippet: Sendable, Equatable {
    static let open: Character = "\u{1}"
    static let close: Character = "\u{2}"

    /// The snippet with `\u{1}`…`\u{2}` around matches.
    public var marked: String

    public init(marked: String) { self.marked = marked }

    /// HTML-safe: the text is escaped (`&`, `<`, `>`, `"`, `'`) and matches are wrapped in `<mark>`…`</mark>`,
    /// so a dashboard can insert it as HTML without opening itself to markup inside a transcript.
    public var html: String {
        var out = ""
        out.reserveCapacity(marked.utf8.count + 32)
        for character in marked {
            switch character {
            case Self.open: out += "<mark>"
            case Self.close: out += "</mark>"
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// With matches between `before` and `after` (e.g. ANSI bold/reset on a terminal, or nothing).
    public func rendered(before: String, after: String) -> String {
        var out = ""
        for character in marked {
            switch character {
            case Self.open: out += before
            case Self.close: out += after
            default: out.append(character)
            }
        }
        return out
    }
}
