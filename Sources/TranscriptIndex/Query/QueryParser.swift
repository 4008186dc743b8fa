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
public struct ParsedQuery: Sendable, Equatable {
    /// Terms that must match; each inner array is one OR group.
    public var required: [[Term]]
    /// Terms that must not match.
    public var excluded: [Term]

    public struct Term: Sendable, Equatable {
        public var text: String
        public var isPhrase: Bool
        public var isPrefix: Bool

        /// The FTS5 string for this term: `"text"` or `"text" *`.
        var fts5: String {
            "\"" + text.replacingOccurrences(of: "\"", with: "\"\"").replacingOccurrences(of: "\u{0}", with: " ") + "\"" + (isPrefix ? " *" : "")
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
                guard term.text.filter({ $0.isLetter || $0.isNumber }).count >= minPrefixLength else {
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
            if !quoted, text.hasSuffix("*") {
                while text.hasSuffix("*") { text.removeLast() }
                isPrefix = true
            }
            guard text.contains(where: { $0.isLetter || $0.isNumber }) else { return nil }
            return ParsedQuery.Term(text: text, isPhrase: quoted, isPrefix: isPrefix)
        }
    }

    /// Splits on whitespace; `"..."` is one token (an unbalanced quote runs to the end); a leading `-` negates.
    private static func tokenize(_ input: String) -> [Token] {
        var tokens: [Token] = []
        var characters = Substring(input)
        while let first = characters.first {
            if first.isWhitespace { characters.removeFirst(); continue }
            var negated = false
            if first == "-", let next = characters.dropFirst().first, !next.isWhitespace {
                negated = true
                characters.removeFirst()
            }
            if characters.first == "\"" {
                characters.removeFirst()
                let end = characters.firstIndex(of: "\"") ?? characters.endIndex
                tokens.append(Token(raw: String(characters[..<end]), quoted: true, isNegated: negated))
                characters = end < characters.endIndex ? characters[characters.index(after: end)...] : ""
            } else {
                let end = characters.firstIndex(where: \.isWhitespace) ?? characters.endIndex
                tokens.append(Token(raw: String(characters[..<end]), quoted: false, isNegated: negated))
                characters = characters[end...]
            }
        }
        return tokens
    }
}
