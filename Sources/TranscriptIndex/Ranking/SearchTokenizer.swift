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

/// A document as tokens: its length (what FTS5 stores in %_docsize) and how often each token occurs.
struct TokenCounts {
    var length: Int
    var counts: [String: Int]

    init(_ tokens: [String]) {
        length = tokens.count
        counts = Dictionary(tokens.map { ($0, 1) }, uniquingKeysWith: +)
    }

    func frequency(of token: String) -> Int { counts[token] ?? 0 }
}
