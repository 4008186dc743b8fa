import Foundation
import Testing
@testable import TranscriptIndex

/// Queries built from every kind of character Unicode has — NUL and the other controls, combining marks alone
/// and after letters and quotes, format characters, private use, noncharacters, one sample of every general
/// category — alone and mixed with words and the query operators, thousands of them from a fixed seed.
///
/// Each must parse into an FTS5 expression that SQLite reads exactly as Swift built it (the bound string is a
/// C string, so a NUL would end it; a quote followed by a combining mark is one Swift Character but two things
/// to FTS5), and each must search without a database error: results, or a clear `invalid_query`.
@Suite("Query fuzzing")
struct QueryFuzzTests {
    static let words = ["refund", "order", "4471", "jose", "José", "Jose\u{301}", "müller", "late", "fee", "account"]
    static let operators = ["-", "*", "\"", "OR", " OR ", " ", "(", ")", "NEAR(", ":", "^", "AND", "NOT", "''", "\\"]

    /// One scalar of every general category but `surrogate` (a lone surrogate cannot be in a Swift String; the
    /// HTTP tests send one as invalid UTF-8).
    static let categorySamples: [Unicode.Scalar] = [
        "A", "a", "\u{01C5}", "\u{02B0}", "\u{3042}",            // Lu Ll Lt Lm Lo
        "\u{0301}", "\u{0903}", "\u{20DD}",                      // Mn Mc Me
        "7", "\u{216B}", "\u{00BD}",                             // Nd Nl No
        "_", "-", "(", ")", "\u{00AB}", "\u{00BB}", "!",         // Pc Pd Ps Pe Pi Pf Po
        "+", "$", "^", "\u{00A9}",                               // Sm Sc Sk So
        "\u{00A0}", "\u{2028}", "\u{2029}",                      // Zs Zl Zp
        "\u{0007}", "\u{200D}", "\u{E000}", "\u{0378}",          // Cc Cf Co Cn
    ]

    /// The characters most likely to break a translation into SQL.
    static let hostileScalars: [Unicode.Scalar] = {
        var scalars: [Unicode.Scalar] = (0x00...0x1F).map { Unicode.Scalar($0)! }   // C0, NUL included
        scalars += (0x7F...0x9F).map { Unicode.Scalar($0)! }                        // DEL and C1
        scalars += ["\u{0300}", "\u{0301}", "\u{0308}", "\u{0327}", "\u{FE0F}", "\u{1AB0}", "\u{1DC0}"] // combining
        scalars += ["\u{200B}", "\u{200C}", "\u{200D}", "\u{200E}", "\u{202E}", "\u{2066}", "\u{FEFF}"] // format
        scalars += ["\u{E000}", "\u{F8FF}", "\u{F0000}", "\u{10FFFD}"]                                   // private use
        // Non-characters (Swift refuses them as literals) and the replacement character.
        scalars += [0xFDD0, 0xFFFE, 0xFFFF, 0x10FFFF, 0xFFFD].map { Unicode.Scalar(UInt32($0))! }
        scalars += ["\u{1E900}", "\u{1F600}", "\u{1F1EB}", "\u{3000}", "\u{00AD}", "\u{0640}", "\u{115F}"]
        return scalars
    }()

    static var specials: [String] {
        (hostileScalars + categorySamples).map { String($0) } + [
            "\u{0}\u{301}", "\"\u{301}", "\u{301}\"", "\"\u{0}", "*\u{301}", "-\u{301}", "\r\n", "👩‍👩‍👧", "🇫🇷",
            "a\u{0}\u{301}", "\u{0}\u{0}", "O\u{0}R",
        ]
    }

    /// Every special character alone and in the places an operator or a word could be.
    static var systematicQueries: [String] {
        var queries: [String] = []
        for s in specials {
            queries += [
                s, "a" + s, s + "a", "refund" + s, s + "refund", "ref" + s + "und", "\"" + s, s + "\"",
                "\"refund" + s + "\"", "\"" + s + "refund\"", "\"" + s + "\" refund", "-" + s, "-" + s + "refund",
                "refund -" + s, s + "*", "refund" + s + "*", "re" + s + "*", "ref" + s + "* order",
                "refund OR " + s, s + " OR refund", "refund " + s + "OR order", "O" + s + "R refund",
                "\"late" + s + "fee\" -\"" + s + "\"", s + s + s, "refund" + s + "order" + s + "\"late fee\"",
            ]
        }
        return queries
    }

    /// `count` queries of 1–8 fragments drawn from words, operators and special characters, from a fixed seed.
    static func randomQueries(count: Int, seed: UInt64) -> [String] {
        var random = SplitMix64(seed: seed)
        let pools = [words, operators, specials, categorySamples.map { String($0) }]
        return (0..<count).map { _ in
            var query = ""
            for _ in 0..<(1 + random.below(8)) {
                let pool = pools[random.below(pools.count)]
                query += pool[random.below(pool.count)]
                if random.below(3) == 0 { query += " " }
            }
            return query
        }
    }

    static let texts = [
        "I want a refund for order 4471", "José asked about the refund and the late fee", "müller order late",
        "refund refund account", "the account fee was refunded", "late order, no refund", "order 4471 arrived late",
        "Jose\u{301} called twice about his account", "私の注文 refund", "the fee for the order",
    ]

    /// A small index whose common words have term lists, so the fuzzed queries run through every plan.
    static func withFuzzIndex(_ body: (IndexDatabase) throws -> Void) throws {
        try withFreshIndex { (db, _) throws in
            try db.upsert((1...60).map { n in
                transcription(n, text: texts[n % texts.count] + " \(n)", created: "2024-03-01T10:00:00Z")
            })
            try db.write { db in try TermLists.rebuild(db, settings: .init(minimumDocumentFrequency: 5, entriesPerTerm: 40,
                                                                                 pairMinimumDocumentFrequency: 5)) }
            // The lists (and so SearchTokenizer on the query's words) really answer the common words here.
            for word in ["refund", "ref*", "order\u{1}"] {
                try #require(try TermListTests.answeredByLists(db, SearchParameters(query: word, limit: "5")), "\(word)")
            }
            try body(db)
        }
    }

    /// Runs one query; records an issue unless it returns a page or a clear invalid_query.
    static func expectRunsOrIsInvalid(_ db: IndexDatabase, _ query: String, sort: String? = nil) {
        do {
            _ = try db.search(SearchParameters(query: query, sort: sort, limit: "5"))
        } catch let error as IndexError {
            let clear = error.code == .invalidQuery || (error.code == .invalidParameter && sort == "relevance")
            #expect(clear, "\(debugQuery(query)) sort \(sort ?? "default"): \(error.code) \(error.message)")
            #expect(!error.message.lowercased().contains("sqlite") && !error.message.contains("fts5"), "\(error.message)")
        } catch {
            Issue.record("\(debugQuery(query)): not an IndexError: \(error)")
        }
    }

    @Test("the reported query: a NUL followed by a combining mark")
    func nulThenCombiningMark() throws {
        try Self.withFuzzIndex { db in
            for query in ["a\u{0}\u{301}", "refund\u{0}\u{301}", "\"refund\u{0}\u{301}\"", "refund\u{0}\u{301}*"] {
                Self.expectRunsOrIsInvalid(db, query)
                Self.expectRunsOrIsInvalid(db, query, sort: "newest")
            }
        }
    }

    @Test("every special character, alone and next to words and operators, searches or is invalid_query")
    func systematic() throws {
        let queries = Self.systematicQueries
        #expect(queries.count > 2_000)
        try Self.withFuzzIndex { db in
            for query in queries { Self.expectRunsOrIsInvalid(db, query) }
            for query in queries where query.unicodeScalars.contains(where: { $0.value < 0x20 }) {
                Self.expectRunsOrIsInvalid(db, query, sort: "newest")
            }
        }
    }

    @Test("3,000 random mixes of words, operators and special characters search or are invalid_query")
    func random() throws {
        try Self.withFuzzIndex { db in
            for (index, query) in Self.randomQueries(count: 3_000, seed: 0x7F4A_7C15).enumerated() {
                Self.expectRunsOrIsInvalid(db, query, sort: [nil, "newest", "oldest"][index % 3])
            }
        }
    }

    /// The property behind both: SQLite reads every expression as the terms the parser built, nothing more.
    @Test("SQLite reads each translated expression as exactly the terms the parser built")
    func sqliteReadsWhatSwiftBuilt() throws {
        for query in Self.systematicQueries + Self.randomQueries(count: 3_000, seed: 0x5EED) {
            let parsed: ParsedQuery
            do { parsed = try QueryParser.parse(query) } catch { continue }  // invalid_query: nothing reaches SQLite
            let required = parsed.required.flatMap { $0 }
            for (expression, terms) in [(parsed.matchExpression, required + parsed.excluded),
                                        (parsed.excludedExpression, parsed.excluded)] {
                guard let expression else { continue }
                let read = FTS5ExpressionReading(expression)
                #expect(read.strings == terms.map(\.text) && read.barewords.allSatisfy { ["AND", "OR", "NOT"].contains($0) },
                        "\(debugQuery(query)) → \(debugQuery(expression)) reads as \(read)")
            }
            for term in required + parsed.excluded {
                #expect(!term.text.unicodeScalars.contains { $0.properties.generalCategory == .control },
                        "\(debugQuery(query)): control character in term \(debugQuery(term.text))")
            }
        }
    }

    @Test("control characters separate words like a space, inside and outside phrases")
    func controlsAreSeparators() throws {
        let controls = ((0x00...0x1F).map { $0 } + (0x7F...0x9F).map { $0 }).map { String(Unicode.Scalar($0)!) }
        for control in controls {
            let label = "U+\(String(control.unicodeScalars.first!.value, radix: 16))"
            #expect(try QueryParser.parse("refund\(control)order") == (try QueryParser.parse("refund order")), "\(label)")
            #expect(try QueryParser.parse("\"late\(control)fee\"") == (try QueryParser.parse("\"late fee\"")), "\(label)")
            #expect(try QueryParser.parse("refund\(control)-fee") == (try QueryParser.parse("refund -fee")), "\(label)")
            #expect(try QueryParser.parse("\(control)") == (try QueryParser.parse("")), "\(label)")
        }
    }

    @Test("a quote or an operator followed by a combining mark is still that quote or operator")
    func combiningMarksDoNotHideQuotes() throws {
        // "\"\u{301}" is one Character in Swift; FTS5 sees the quote byte and then the mark.
        let phrase = try QueryParser.parse("\"\u{301}late fee\"")
        #expect(phrase.required == [[.init(text: "\u{301}late fee", isPhrase: true, isPrefix: false)]])
        let inside = try QueryParser.parse("o\"\u{301}brien")
        #expect(inside.matchExpression == "\"o\"\"\u{301}brien\"")
        try Self.withFuzzIndex { db in
            let marked = try db.search(SearchParameters(query: "\"\u{301}late fee\"")).total
            let plain = try db.search(SearchParameters(query: "\"late fee\"")).total
            #expect(marked == plain && plain > 0)
        }
    }

    @Test("the samples cover every general category but surrogate")
    func samplesCoverEveryCategory() {
        let covered = Set(Self.categorySamples.map { "\($0.properties.generalCategory)" })
        let all: [Unicode.GeneralCategory] = [
            .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .nonspacingMark,
            .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber, .connectorPunctuation,
            .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation,
            .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol, .spaceSeparator,
            .lineSeparator, .paragraphSeparator, .control, .format, .privateUse, .unassigned,
        ]
        #expect(covered == Set(all.map { "\($0)" }))
    }
}

/// An FTS5 expression read the way SQLite receives it: as the bytes of a C string (up to the first NUL),
/// split into quoted strings (`""` inside one is a quote), barewords, parentheses and `*`.
struct FTS5ExpressionReading: CustomStringConvertible {
    var strings: [String] = []
    var barewords: [String] = []
    var unterminated = false
    var truncatedAtNUL = false

    init(_ expression: String) {
        var bytes = Array(expression.utf8)
        if let nul = bytes.firstIndex(of: 0) { bytes = Array(bytes[..<nul]); truncatedAtNUL = true }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "(") || byte == UInt8(ascii: ")") || byte == UInt8(ascii: "*") {
                index += 1
            } else if byte == UInt8(ascii: "\"") {
                var string: [UInt8] = []
                index += 1
                var closed = false
                while index < bytes.count {
                    if bytes[index] == UInt8(ascii: "\"") {
                        if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") {
                            string.append(bytes[index]); index += 2; continue
                        }
                        index += 1; closed = true; break
                    }
                    string.append(bytes[index]); index += 1
                }
                if !closed { unterminated = true }
                strings.append(String(decoding: string, as: UTF8.self))
            } else {
                var word: [UInt8] = []
                while index < bytes.count, !" ()*\"".utf8.contains(bytes[index]) { word.append(bytes[index]); index += 1 }
                barewords.append(String(decoding: word, as: UTF8.self))
            }
        }
        if truncatedAtNUL { barewords.append("<NUL>") }
        if unterminated { barewords.append("<unterminated>") }
    }

    var description: String { "strings \(strings.map(debugQuery)) barewords \(barewords.map(debugQuery))" }
}

/// A query with its invisible characters spelled out, for failure messages.
func debugQuery(_ text: String) -> String {
    text.unicodeScalars.map { scalar in
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.properties.generalCategory == .format
            || scalar.properties.generalCategory == .nonspacingMark
            ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
    }.joined()
}

/// A small, fast, deterministic random number generator (SplitMix64), so a failing case can be found again.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
