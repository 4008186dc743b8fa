import Foundation

/// The query language for people, translated into an FTS5 expression that cannot be a syntax error:
///
///     refund order          both words (AND)
///     "refund order"        the exact phrase
///     refun*                a word starting with "refun"
///     refund OR return      either word (OR binds tighter than the implicit AND)
///     refund -cancelled     "refund" but not "cancelled"
///
/// Everything else is literal text: every word reaches FTS5 as a quoted string (`"..."` with `"` doubled), so
/// FTS5 operators (`AND`, `NOT`, `NEAR(`, `:`, `^`, parentheses) typed by a user are just words. Terms with no
/// letter or digit (punctuation, emoji) are dropped because the tokenizer would drop them anyway.
///
/// The parser reads Unicode scalars, never Swift Characters: SQLite reads the expression byte by byte, and a
/// Character can hide a quote (`"` followed by a combining mark is one Character, so a Character-level search
/// for `"` neither ends a phrase there nor doubles it, and FTS5 then sees an unescaped quote). Control
/// characters (C0, DEL, C1) separate words like a space: they carry no words, and NUL in particular would end
/// the C string SQLite receives (GRDB binds text NUL-terminated), cutting the expression short.
public struct ParsedQuery: Sendable, Equatable {
    /// Terms that must match; each inner array is one OR group.
    public var required: [[Term]]
    /// Terms that must not match.
    public var excluded: [Term]

    public struct Term: Sendable, Equatable {
        public var text: String
        public var isPhrase: Bool
        public var isPrefix: Bool

        /// The FTS5 string for this term: `"text"` or `"text" *`. Built scalar by scalar (see the type's comment):
        /// every `"` is doubled, and a control character — which the parser never leaves in a term, but a Term can
        /// be built by hand — becomes a space, so the bound string has no NUL and SQLite reads what is built here.
        var fts5: String {
            var quoted = String.UnicodeScalarView()
            quoted.append("\"")
            for scalar in text.unicodeScalars {
                if scalar == "\"" {
                    quoted.append(contentsOf: "\"\"".unicodeScalars)
                } else {
                    quoted.append(scalar.properties.generalCategory == .control ? " " : scalar)
                }
            }
            quoted.append("\"")
            return String(quoted) + (isPrefix ? " *" : "")
        }
    }

    public var isEmpty: Bool { required.isEmpty && excluded.isEmpty }

    /// The expression for `required` (nil when there are none). Groups are ANDed, terms inside a group ORed.
    public var requiredExpression: String? {
        guard !required.isEmpty else { return nil }
        return required.map { group in
            group.count == 1 ? group[0].fts5 : "(" + group.map(\.fts5).joined(separator: " OR ") + ")"
        }.joined(separator: " AND ")
    }

    /// The expression for `excluded`, ORed (nil when there are none).
    public var excludedExpression: String? {
        excluded.isEmpty ? nil : excluded.map(\.fts5).joined(separator: " OR ")
    }

    /// The whole query as one FTS5 expression, when it has required terms.
    public var matchExpression: String? {
        guard let required = requiredExpression else { return nil }
        guard let excluded = excludedExpression else { return required }
        return "(\(required)) NOT (\(excluded))"
    }
}

public enum QueryParser {
    public static let maxTerms = 64
    public static let maxTermLength = 200
    public static let maxQueryLength = 4_096
    /// A prefix must have this many letters or digits: `a*` expands to every word starting with "a", which
    /// costs seconds on a large index and finds nothing a person wanted.
    public static let minPrefixLength = 2
    /// At most this many `word*` terms: each expands to many words.
    public static let maxPrefixTerms = 8

    public static func parse(_ input: String) throws -> ParsedQuery {
        // Counted in Unicode scalars (what JSON Schema's maxLength counts), not grapheme clusters.
        guard input.unicodeScalars.count <= maxQueryLength else {
            throw IndexError(.invalidQuery, "the query is longer than \(maxQueryLength) characters")
        }
        var required: [[ParsedQuery.Term]] = []
        var excluded: [ParsedQuery.Term] = []
        var pendingOr = false
        var lastWasRequired = false
        var termCount = 0
        var prefixCount = 0

        for token in tokenize(input) {
            if token.isOperatorOr {
                // OR joins the previous and next required terms; a dangling one (first, last, after -word) joins
                // nothing and is ignored — "OR refund" means "refund".
                if lastWasRequired { pendingOr = true }
                continue
            }
            guard var term = token.term else { continue }
            guard term.text.count <= maxTermLength else {
                throw IndexError(.invalidQuery, "a word or phrase is longer than \(maxTermLength) characters")
            }
            if term.isPrefix {
                guard term.text.unicodeScalars.filter(isSearchable).count >= minPrefixLength else {
                    throw IndexError(.invalidQuery, "a prefix needs at least \(minPrefixLength) letters before *: \"\(term.text)*\"")
                }
                prefixCount += 1
                guard prefixCount <= maxPrefixTerms else {
                    throw IndexError(.invalidQuery, "the query has more than \(maxPrefixTerms) prefix* terms")
                }
            }
            termCount += 1
            guard termCount <= maxTerms else {
                throw IndexError(.invalidQuery, "the query has more than \(maxTerms) words")
            }
            if token.isNegated {
                excluded.append(term)
                lastWasRequired = false
                pendingOr = false
                continue
            }
            term.text = term.text.trimmingCharacters(in: .whitespaces)
            if pendingOr, !required.isEmpty {
                required[required.count - 1].append(term)
            } else {
                required.append([term])
            }
            pendingOr = false
            lastWasRequired = true
        }
        return ParsedQuery(required: required, excluded: excluded)
    }

    private struct Token {
        var raw: String
        var quoted: Bool
        var isNegated: Bool

        var isOperatorOr: Bool { !quoted && !isNegated && raw == "OR" }

        /// nil when nothing in it is searchable.
        var term: ParsedQuery.Term? {
            var text = raw
            var isPrefix = false
            if !quoted, text.unicodeScalars.last == "*" {
                while text.unicodeScalars.last == "*" { text.unicodeScalars.removeLast() }
                isPrefix = true
            }
            guard text.unicodeScalars.contains(where: isSearchable) else { return nil }
            return ParsedQuery.Term(text: text, isPhrase: quoted, isPrefix: isPrefix)
        }
    }

    /// What separates words: whitespace, and control characters (C0, DEL, C1 — NUL among them), which carry no
    /// words and must not reach SQLite.
    static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || scalar.properties.generalCategory == .control
    }

    /// What the index's tokenizer keeps as part of a word: unicode61's default categories, letters (L*),
    /// numbers (N*) and private use (Co). Anything else alone in a term gives FTS5 nothing to match.
    static func isSearchable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber, .privateUse:
            return true
        default:
            return false
        }
    }

    /// Splits on separators; `"..."` is one token (an unbalanced quote runs to the end); a leading `-` negates.
    /// Inside a phrase a separator becomes a space. Works on Unicode scalars (see ParsedQuery).
    private static func tokenize(_ input: String) -> [Token] {
        var tokens: [Token] = []
        var scalars = Substring(input).unicodeScalars[...]
        func take(until end: (Unicode.Scalar) -> Bool) -> String {
            var taken = String.UnicodeScalarView()
            while let scalar = scalars.first, !end(scalar) {
                taken.append(isSeparator(scalar) ? " " : scalar)
                scalars.removeFirst()
            }
            return String(taken)
        }
        while let first = scalars.first {
            if isSeparator(first) { scalars.removeFirst(); continue }
            var negated = false
            if first == "-", let next = scalars.dropFirst().first, !isSeparator(next) {
                negated = true
                scalars.removeFirst()
            }
            if scalars.first == "\"" {
                scalars.removeFirst()
                let phrase = take(until: { $0 == "\"" })
                if !scalars.isEmpty { scalars.removeFirst() }  // the closing quote
                tokens.append(Token(raw: phrase, quoted: true, isNegated: negated))
            } else {
                tokens.append(Token(raw: take(until: isSeparator), quoted: false, isNegated: negated))
            }
        }
        return tokens
    }
}
