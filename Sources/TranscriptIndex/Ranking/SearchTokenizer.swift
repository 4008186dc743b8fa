import GRDB

/// The full-text index's own tokenizer (porter over unicode61, diacritics removed — Schema/0001_initial.sql),
/// called directly: the tokens it returns are exactly the ones FTS5 stores and matches, so term frequencies and
/// document lengths computed from them equal FTS5's.
struct SearchTokenizer {
    /// Keep in step with the `tokenize` option of transcriptions_fts.
    static let components = ["porter", "unicode61", "remove_diacritics", "2"]

    private let tokenizer: any FTS5Tokenizer

    init(_ db: Database) throws {
        tokenizer = try db.makeTokenizer(FTS5TokenizerDescriptor(components: Self.components))
    }

    func document(_ text: String) throws -> [String] {
        try tokenizer.tokenize(document: text).map(\.token)
    }

    func query(_ text: String) throws -> [String] {
        try tokenizer.tokenize(query: text).map(\.token)
    }
}

/// A document as tokens: its length (what FTS5 stores in %_docsize) and how often each list unit occurs —
/// each token, and each 3-character prefix as `"ref*"` (what FTS5's `ref*` counts: every token starting so).
struct TokenCounts {
    var length: Int
    var counts: [String: Int]

    init(_ tokens: [String]) {
        length = tokens.count
        counts = [:]
        for token in tokens {
            counts[token, default: 0] += 1
            if let prefix = ListUnit.prefixUnit(of: token) { counts[prefix, default: 0] += 1 }
        }
    }

    func frequency(of unit: String) -> Int { counts[unit] ?? 0 }
}

/// What a term list is kept for: a token as FTS5 stores it ("refund"), or the 3-character prefix FTS5's
/// prefix index answers ("ref*"; the tokenizer never leaves a `*` inside a token, so the two cannot clash).
enum ListUnit {
    /// FTS5's prefix index length (Schema/0001_initial.sql, prefix='3'), in characters (Unicode scalars).
    static let prefixLength = 3

    static func prefixUnit(of token: String) -> String? {
        let scalars = token.unicodeScalars
        guard scalars.count >= prefixLength else { return nil }
        return String(String.UnicodeScalarView(scalars.prefix(prefixLength))) + "*"
    }

    /// The unit for a query prefix `text*` whose token is exactly the indexed prefix length, else nil.
    static func unit(forPrefixToken token: String) -> String? {
        token.unicodeScalars.count == prefixLength ? token + "*" : nil
    }
}
