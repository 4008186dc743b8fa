import Foundation
import Testing
@testable import TranscriptIndex

/// The query language for people and its translation into FTS5.
@Suite("Query translation")
struct QueryParserTests {
    @Test(arguments: [
        ("refund", #""refund""#),
        ("refund order", #""refund" AND "order""#),
        (#""refund order""#, #""refund order""#),
        ("refun*", #""refun" *"#),
        ("refun** ord*", #""refun" * AND "ord" *"#),
        ("refund OR return", #"("refund" OR "return")"#),
        ("refund OR return OR exchange late", #"("refund" OR "return" OR "exchange") AND "late""#),
        (#"late "order 4471" OR refund*"#, #""late" AND ("order 4471" OR "refund" *)"#),
        // Only upper-case OR is the operator; "or" is a word.
        ("refund or return", #""refund" AND "or" AND "return""#),
        ("refund -cancelled", #"("refund") NOT ("cancelled")"#),
        (#"refund -cancelled -"late fee""#, #"("refund") NOT ("cancelled" OR "late fee")"#),
        // A quote inside a word is doubled, never closes the string.
        (#"o"brien"#, #""o""brien""#),
        // A hyphen inside a word is not an exclusion.
        ("follow-up", #""follow-up""#),
    ])
    func translatesTheSupportedSyntax(input: String, expected: String) throws {
        #expect(try QueryParser.parse(input).matchExpression == expected)
    }

    @Test func theStructureOfAQuery() throws {
        let parsed = try QueryParser.parse(#"refund* OR "late fee" order -cancelled"#)
        #expect(parsed.required == [
            [.init(text: "refund", isPhrase: false, isPrefix: true), .init(text: "late fee", isPhrase: true, isPrefix: false)],
            [.init(text: "order", isPhrase: false, isPrefix: false)],
        ])
        #expect(parsed.excluded == [.init(text: "cancelled", isPhrase: false, isPrefix: false)])
    }

    @Test func onlyExcludedWordsHaveNoMatchExpression() throws {
        let parsed = try QueryParser.parse("-refund -cancelled")
        #expect(parsed.matchExpression == nil)
        #expect(parsed.excludedExpression == #""refund" OR "cancelled""#)
        #expect(!parsed.isEmpty)
    }

    @Test func emptyAndPunctuationOnlyQueriesAreEmpty() throws {
        for input in ["", "   ", "*", "-", #""""#, "()", "🎉", "-*"] {
            #expect(try QueryParser.parse(input).isEmpty, "\(input)")
        }
    }

    @Test func limitsAreInvalidQueries() throws {
        expectIndexError(.invalidQuery) { _ = try QueryParser.parse(String(repeating: "refund ", count: 1_500)) }
        expectIndexError(.invalidQuery) { _ = try QueryParser.parse((1...65).map { "w\($0)" }.joined(separator: " ")) }
        expectIndexError(.invalidQuery) { _ = try QueryParser.parse(String(repeating: "a", count: 201)) }
        #expect(try QueryParser.parse((1...64).map { "w\($0)" }.joined(separator: " ")).required.count == 64)
    }
}

/// Hostile input, run end to end against a real index: each either searches without error or is a clear
/// `invalid_query` — never a SQLite error, never a crash, and never a change to the database.
@Suite("Hostile queries")
struct HostileQueryTests {
    /// Expected outcome: `.runs(sids)` with exactly these matches, `.invalid` for an `invalid_query` error,
    /// `.either` when running or `invalid_query` are both sensible.
    enum Outcome: Sendable, Equatable { case runs([Int]), invalid, either }

    static let texts: [Int: String] = [
        1: "the unbalanced account was refunded",
        2: "status failed again, please call back",
        3: "near the store, and or but not the warehouse",
        4: "drop table transcriptions said the caller",
        5: "José and Zoë from Müller's shop",
        6: "col x marks the spot",
        7: "x marks another spot",
    ]

    static let cases: [(String, Outcome)] = [
        (#""unbalanced"#, .runs([1])),
        ("AND OR (", .runs([3, 5])),  // the dangling OR is ignored: "and"
        ("NEAR(", .runs([3])),
        ("NEAR(store warehouse, 2)", .runs([])),
        ("*", .invalid),
        ("'; DROP TABLE transcriptions; --", .runs([4])),
        ("🎉", .invalid),
        ("refunded 🎉🎉", .runs([1])),
        (String(repeating: "refund ", count: 1_500), .invalid),  // ~10 KB
        (String(repeating: "é", count: 10_000), .invalid),
        ("-", .invalid),
        (#""""#, .invalid),
        ("OR OR", .invalid),  // ORs that join nothing are ignored, leaving nothing to search
        ("a OR", .runs([])),
        ("OR", .invalid),
        ("OR refund*", .runs([1])),
        ("NOT", .runs([3])),
        ("AND", .runs([3, 5])),
        ("jose zoe muller", .runs([5])),
        ("日本語", .runs([])),
        ("status:failed", .runs([2])),
        ("^x", .runs([6, 7])),
        ("col:x", .runs([6])),
        ("{search_text}: x", .runs([])),
        ("search_text:unbalanced", .runs([])),
        ("x + marks", .runs([6, 7])),
        (#"\"\"\"#, .invalid),
        ("refund\u{0}ed", .runs([])),
        ("\"refunded\u{0}\" account", .runs([1])),
        ("back\ncall\tplease", .runs([2])),
        (#"-"unbalanced"#, .runs([2, 3, 4, 5, 6, 7])),
        ("-x -spot", .runs([1, 2, 3, 4, 5])),
        ("spot -x", .runs([])),
        ("%_%", .invalid),
        ("' OR 1=1 --", .runs([])),
        ("x*", .invalid),  // a one-letter prefix expands to too much
        ("ma*", .runs([6, 7])),
        ("a* OR b* OR c* OR d* OR e* OR f* OR g* OR h* OR i*", .invalid),
        (#"x" "marks"#, .runs([6, 7])),
    ]

    @Test func eachHostileInputRunsOrIsAnInvalidQuery() throws {
        try withFreshIndex { (db, _) throws in
            try db.upsert(Self.texts.sorted { $0.key < $1.key }.map { key, text in
                transcription(key, text: text, created: "2024-03-0\(key)T10:00:00Z")
            })
            for (input, expected) in Self.cases {
                let label = String(input.prefix(60))
                for sort in [nil, "newest", "oldest"] {
                    do {
                        let page = try db.search(SearchParameters(query: input, sort: sort, limit: "1000"))
                        switch expected {
                        case .invalid:
                            Issue.record("\(label) (sort \(sort ?? "default")) ran; expected invalid_query")
                        case .runs(let sids):
                            #expect(page.hits.map(\.sid).sorted() == sids.map { sid("TR", $0) },
                                    "\(label) (sort \(sort ?? "default"))")
                            #expect(page.total == sids.count, "\(label)")
                        case .either:
                            break
                        }
                    } catch let error as IndexError {
                        #expect(error.code == .invalidQuery && (expected == .invalid || expected == .either),
                                "\(label) (sort \(sort ?? "default")): \(error.code) \(error.message)")
                        #expect(!error.message.lowercased().contains("sqlite"), "\(error.message)")
                        #expect(!error.message.contains("fts5"), "\(error.message)")
                    } catch {
                        Issue.record("\(label): not an IndexError: \(type(of: error)) \(error)")
                    }
                }
            }
            // Nothing was dropped or changed.
            #expect(try db.stats().transcriptions == Self.texts.count)
            #expect(try db.sids(matching: "spot").count == 2)
        }
    }

    /// No user text reaches FTS5 unquoted: every translated expression consists only of quoted strings, `*`,
    /// AND/OR/NOT and parentheses.
    @Test func everyTranslationIsOnlyQuotedStringsAndOperators() throws {
        for (input, _) in Self.cases {
            guard let parsed = try? QueryParser.parse(input) else { continue }
            for expression in [parsed.matchExpression, parsed.excludedExpression].compactMap({ $0 }) {
                let unquoted = Self.removingQuotedStrings(expression)
                let leftovers = unquoted.split(whereSeparator: { " ()*".contains($0) })
                    .filter { !["AND", "OR", "NOT"].contains($0) }
                #expect(leftovers.isEmpty, "\(input.prefix(40)) → \(expression.prefix(80)) leaves \(leftovers)")
            }
        }
    }

    /// The expression with every FTS5 string ("…", with "" as an escaped quote) removed.
    static func removingQuotedStrings(_ expression: String) -> String {
        var out = ""
        var inString = false
        var characters = Array(expression)[...]
        while let c = characters.first {
            characters = characters.dropFirst()
            if inString {
                if c == "\"" {
                    if characters.first == "\"" { characters = characters.dropFirst() } else { inString = false }
                }
            } else if c == "\"" {
                inString = true
            } else {
                out.append(c)
            }
        }
        return inString ? out + "UNTERMINATED" : out
    }
}

@Suite("Search time limit")
struct SearchTimeLimitTests {
    @Test("a search past its deadline stops with invalid_query, and the connection serves the next one")
    func deadline() throws {
        try withFreshIndex { (db, _) throws in
            try db.upsert((1...300).map {
                transcription($0, text: "refund order account payment number \($0)", created: "2024-03-01T10:00:00Z")
            })
            let request = try SearchParameters(query: "refund order", limit: "1000").validated()
            #expect {
                _ = try db.search(request, timeLimit: 0)
            } throws: { error in
                (error as? IndexError)?.code == .invalidQuery && (error as? IndexError)?.message.contains("longer than") == true
            }
            #expect(try db.search(request).total == 300)
        }
    }
}
