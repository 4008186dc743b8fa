/// A parsed query as FTS5 evaluates it against one document: whether the document matches, and each
/// phrase's number of instances in it (what bm25 reads as tf) — computed from the document's tokens, so a
/// handful of rows can be matched and scored without probing FTS5 once per row (~50–100 µs a probe at 1M).
///
/// FTS5's rules, as sqlite/ext/fts5 applies them to one column with `detail=full`:
/// - a phrase is the query tokens of one term, in order; with `*` the last token is a prefix (byte-wise);
/// - its instances are the positions where it starts (overlapping ones count: "a a" is twice in "a a a");
/// - the expression is `group AND group …` (a group is `phrase OR phrase …`) `NOT (excluded OR …)`;
/// - phrases are numbered in the expression's order: the required terms as written, then the excluded.
struct PhrasePatterns {
    /// One token of a phrase: a token of the table below, or (the last of a prefix phrase) a prefix.
    enum Element: Equatable {
        case exact(Int32)
        case prefix(Int)
    }

    /// The phrases in FTS5's order; `required` and `excluded` index into it.
    let phrases: [[Element]]
    let required: [[Int]]
    let excluded: [Int]
    /// The phrases as the parser wrote them (to count a phrase's document frequency in FTS5).
    let terms: [ParsedQuery.Term]
    /// Distinct tokens matched exactly, and prefixes, as bytes: what `DocumentTokens` compares against.
    let exactTokens: [[UInt8]]
    let prefixes: [[UInt8]]

    /// nil when a term has no token (FTS5 drops such a phrase from the expression, so the numbering above
    /// would not hold): the caller leaves the query to FTS5.
    init?(_ query: ParsedQuery, tokenizer: SearchTokenizer) throws {
        var exactTokens: [[UInt8]] = [], prefixes: [[UInt8]] = []
        var phrases: [[Element]] = [], terms: [ParsedQuery.Term] = []
        func add(_ term: ParsedQuery.Term) throws -> Int? {
            // The text FTS5 is given (`Term.fts5` turns NUL into a space).
            let tokens = try tokenizer.query(term.text.replacingOccurrences(of: "\u{0}", with: " "))
            guard !tokens.isEmpty else { return nil }
            var elements: [Element] = []
            for (index, token) in tokens.enumerated() {
                if term.isPrefix && index == tokens.count - 1 {
                    prefixes.append(token.utf8)
                    elements.append(.prefix(prefixes.count - 1))
                } else {
                    if !exactTokens.contains(token.utf8) { exactTokens.append(token.utf8) }
                    elements.append(.exact(Int32(exactTokens.firstIndex(of: token.utf8)!)))
                }
            }
            phrases.append(elements)
            terms.append(term)
            return phrases.count - 1
        }
        var required: [[Int]] = []
        for group in query.required {
            var indices: [Int] = []
            for term in group {
                guard let index = try add(term) else { return nil }
                indices.append(index)
            }
            required.append(indices)
        }
        var excluded: [Int] = []
        for term in query.excluded {
            guard let index = try add(term) else { return nil }
            excluded.append(index)
        }
        // DocumentTokens keeps prefix matches in one 64-bit mask per position.
        guard prefixes.count <= 64, !required.isEmpty else { return nil }
        self.phrases = phrases; self.required = required; self.excluded = excluded; self.terms = terms
        self.exactTokens = exactTokens; self.prefixes = prefixes
    }

    /// Each phrase's instances in the document, or nil when the document does not match the query.
    func frequencies(in document: DocumentTokens) -> [Int]? {
        let exact = document.exact, prefixMask = document.prefixMask
        var counts = [Int](repeating: 0, count: phrases.count)
        for index in excluded {
            if Self.instances(of: phrases[index], exact, prefixMask, stopAtFirst: true) > 0 { return nil }
        }
        for group in required {
            var any = false
            for index in group {
                counts[index] = Self.instances(of: phrases[index], exact, prefixMask, stopAtFirst: false)
                any = any || counts[index] > 0
            }
            if !any { return nil }
        }
        return counts
    }

    private static func instances(of phrase: [Element], _ exact: [Int32], _ prefixMask: [UInt64], stopAtFirst: Bool) -> Int {
        let length = exact.count
        guard phrase.count <= length else { return 0 }
        var count = 0
        for start in 0...(length - phrase.count) {
            var matches = true
            for (offset, element) in phrase.enumerated() {
                switch element {
                case .exact(let code): matches = exact[start + offset] == code
                case .prefix(let bit): matches = prefixMask[start + offset] & (1 << UInt64(bit)) != 0
                }
                if !matches { break }
            }
            if matches {
                count += 1
                if stopAtFirst { return count }
            }
        }
        return count
    }
}
