import GRDB

/// The full-text index's own tokenizer (porter over unicode61, diacritics removed — Schema/0003_documents.sql),
/// called directly: the tokens it returns are exactly the ones FTS5 stores and matches, so term frequencies and
/// document lengths computed from them equal FTS5's.
struct SearchTokenizer {
    /// Keep in step with the `tokenize` option of documents_fts.
    static let components = ["porter", "unicode61", "remove_diacritics", "2"]

    private let tokenizer: any FTS5Tokenizer

    init(_ db: Database) throws {
        tokenizer = try db.makeTokenizer(FTS5TokenizerDescriptor(components: Self.components))
    }

    func document(_ text: String) throws -> [Token] {
        try tokenizer.tokenize(document: text).map { Token($0.token) }
    }

    func query(_ text: String) throws -> [Token] {
        try tokenizer.tokenize(query: text).map { Token($0.token) }
    }

    /// Tokenizes a document's UTF-8 bytes, calling `callback` with `context` for every token (the C interface,
    /// for scans that cannot afford a String per token). Returns SQLite's result code.
    func tokenizeDocument(_ bytes: UnsafePointer<CChar>, count: Int32, context: UnsafeMutableRawPointer,
                          callback: @escaping FTS5TokenCallback) -> CInt {
        tokenizer.tokenize(context: context, tokenization: .document, pText: bytes, nText: count, tokenCallback: callback)
    }
}

/// A token or list unit compared by its UTF-8 bytes, as FTS5 compares terms. Swift's String equality follows
/// Unicode canonical equivalence, so a precomposed and a decomposed "한" would be one key here but two terms in
/// FTS5 — enough to corrupt a document frequency.
struct Token: Hashable {
    let utf8: [UInt8]

    init(_ text: String) { utf8 = Array(text.utf8) }
    init(utf8: [UInt8]) { self.utf8 = utf8 }

    /// The same bytes as a String (for binding to SQL: decoding valid UTF-8 never normalises it).
    var text: String { String(decoding: utf8, as: UTF8.self) }
}

/// A document as tokens: its length (what FTS5 stores in %_docsize) and how often each list unit occurs —
/// each token, and each 3-character prefix as `"ref*"` (what FTS5's `ref*` counts: every token starting so).
struct TokenCounts {
    var length: Int
    var counts: [Token: Int]

    init(_ tokens: [Token]) {
        length = tokens.count
        counts = [:]
        for token in tokens {
            counts[token, default: 0] += 1
            if let prefix = ListUnit.prefixUnit(of: token) { counts[prefix, default: 0] += 1 }
        }
    }

    func frequency(of unit: Token) -> Int { counts[unit] ?? 0 }
}

/// What a term list is kept for: a token as FTS5 stores it ("refund"), or the 3-character prefix FTS5's
/// prefix index answers ("ref*"; the tokenizer never leaves a `*` inside a token, so the two cannot clash).
enum ListUnit {
    /// FTS5's prefix index length (Schema/0003_documents.sql, prefix='3'), in characters (Unicode scalars).
    static let prefixLength = 3

    static func prefixUnit(of token: Token) -> Token? {
        // The bytes of the first three scalars (UTF-8 lead bytes are those not of the form 10xxxxxx).
        var scalars = 0
        for (index, byte) in token.utf8.enumerated() where byte & 0xC0 != 0x80 {
            if scalars == prefixLength { return Token(utf8: Array(token.utf8[..<index]) + [UInt8(ascii: "*")]) }
            scalars += 1
        }
        return scalars == prefixLength ? Token(utf8: token.utf8 + [UInt8(ascii: "*")]) : nil
    }

    /// The terms of a prefix unit ("ref*") as a range of FTS5's binary order: [its bytes, its bytes with the last
    /// one plus 1). UTF-8 never has a 0xFF byte, so the increment does not carry.
    static func termRange(of unit: Token) -> (low: [UInt8], high: [UInt8]) {
        let low = Array(unit.utf8.dropLast())  // without the '*'
        var high = low
        high[high.count - 1] += 1
        return (low, high)
    }

    /// Whether a prefix as typed (`ref` of `ref*`) is letters and digits of the indexed length: its token nearly
    /// always is too, so the plans that want another length decline it without making a tokenizer (which cost a
    /// 3-letter prefix search a third more). Declining is always safe; another plan answers.
    static func isIndexedLength(typed text: String) -> Bool {
        text.unicodeScalars.count == prefixLength
            && text.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0.properties.numericType != nil }
    }

    /// The unit for a query prefix `text*` whose token is exactly the indexed prefix length, else nil.
    static func unit(forPrefixToken token: Token) -> Token? {
        token.utf8.filter { $0 & 0xC0 != 0x80 }.count == prefixLength ? Token(utf8: token.utf8 + [UInt8(ascii: "*")]) : nil
    }
}

extension Token: DatabaseValueConvertible {
    var databaseValue: DatabaseValue { text.databaseValue }

    static func fromDatabaseValue(_ dbValue: DatabaseValue) -> Token? {
        String.fromDatabaseValue(dbValue).map(Token.init)
    }
}
