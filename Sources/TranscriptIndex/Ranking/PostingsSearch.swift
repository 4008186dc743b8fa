import Foundation
import GRDB

/// The exact page and total of a ranked search of several frequent words — `refund order`, `refund OR cancel`,
/// `refund -invoice` — scored match by match from the document-ordered postings (Schema/0008_postings.sql).
///
/// Why: two words that are each in half the documents share few of their best documents, so the term lists'
/// threshold algorithm reads deep and gives up, and FTS5 scores every match by walking both words' positions
/// (482,758 matches of `refund order` at 1M mixed documents: 566–915 ms). Here a match costs tens of
/// nanoseconds: its tfs come from the words' postings, its length from the block's lengths (that search: 18–25 ms
/// p50 with its page, snippets and sentences).
///
/// How, block by block over the positions of the date range:
/// - each word's postings of the block are decoded into a dense tf array;
/// - the required group (an OR of words; groups are ANDed) with the fewest postings drives;
/// - a candidate needs a word of every group and no excluded word; its bm25 is summed over the phrases in the
///   expression's order, as FTS5 sums it, so the score is the same double;
/// - the best `limit + 1` after the cursor are kept, ties by id (positions keep the id order).
/// Documents changed since the build are skipped in the postings and scored from FTS5's own index instead, and
/// the IDFs count them as they are now: the page, the scores and the total are FTS5's.
///
/// A two-word phrase (`"your account"`, or `late-fee`, which the tokenizer splits) is one more key: the pair's
/// postings hold its tf per document, which is FTS5's count of the phrase's instances.
///
/// A prefix (`ca*`, `refun*`) is one more key too: its terms' tfs summed (PrefixPostings), as FTS5 counts it. A
/// lone prefix of the indexed length (`ref*`) is the term lists'.
///
/// It declines (nil) what it cannot answer exactly: a longer phrase, a word or pair without postings (a rare one:
/// FTS5 is fast on it), filters other than dates, too many changes since the build.
struct PostingsSearch {
    let request: SearchRequest

    struct Result {
        /// The page and one more (to tell whether there is a next page), best first.
        var ranked: [(id: Int64, rank: Double)]
        /// Every match in the date range.
        var total: Int
    }

    func run(_ db: Database) throws -> Result? {
        let query = request.query
        guard request.sort == .relevance, request.callSid == nil, request.recordingSid == nil,
              request.statuses.isEmpty, request.accountSid == nil, !request.hasSQLOnlyFilters,
              !request.needsExactDateCheck, !query.required.isEmpty, !Self.isOneWord(query),
              try Postings.isBuilt(db), let plan = try PostingsQuery(query, SearchTokenizer(db)),
              // One word alone is the term lists' (its best documents are its list's first entries), and so is a
              // prefix of the indexed length.
              plan.phrases.count > 1 || !plan.excluded.isEmpty || plan.phrases[0].isPair
                || (plan.phrases[0].isPrefixKey && ListUnit.unit(forPrefixToken: plan.phrases[0].prefixToken) == nil),
              let changed = try Postings.changedIDs(db),
              try BM25.agreesWithSQLite(db), let totals = try FTSTotals.read(db) else { return nil }

        let blocks = try PostingBlocks(db)
        var words: [Token: any KeyPostings] = [:]
        // Words and pairs first: one without postings declines before a prefix's sum is made for nothing.
        for (token, fts5) in plan.distinct where !token.isPrefixKey {
            guard let postings = try WordPostings(token, fts5: fts5, db) else { return nil }
            words[token] = postings
        }
        for (token, fts5) in plan.distinct where token.isPrefixKey {
            words[token] = try PrefixPostings(prefix: token.prefixToken, fts5: fts5, blocks: blocks, db)
        }
        let stale = try blocks.positions(of: changed)
        let changes = try ChangedDocuments(ids: changed, words: words, db)
        let idfs = try plan.phrases.map { token in
            let postings = words[token]!
            let hits = postings.documentFrequency - (try postings.count(at: stale, in: blocks, db))
                + changes.frequency(of: token)
            return BM25.idf(rows: totals.rows, hits: Int64(hits))
        }
        var scoring = PostingsScoring(plan: plan, idfs: idfs, averageLength: totals.averageLength,
                              cursor: request.cursor, capacity: request.limit + 1, blockSize: blocks.blockSize)
        let (low, high) = try blocks.positionRange(request.rowidRange)
        if low <= high {
            for block in blocks.blocks where block.start <= high && block.start + block.count > low {
                try scoring.scan(block, range: max(low - block.start, 0)...min(high - block.start, block.count - 1),
                                 stale: stale[block.block] ?? [], words: words, blocks: blocks, db)
            }
        }
        for id in changes.ids {
            if let range = request.rowidRange, id < range.low || id > range.high { continue }
            try scoring.consider(changed: id, changes)
        }
        return Result(ranked: scoring.top.entries.map { ($0.id, $0.rank) }, total: scoring.total)
    }

    /// One word of letters and digits alone, which the tokenizer keeps as one token: the term lists' search,
    /// declined before a tokenizer is made (a word the tokenizer splits, as `late-fee`, is a phrase: tokenized).
    private static func isOneWord(_ query: ParsedQuery) -> Bool {
        guard query.excluded.isEmpty, query.required.count == 1, query.required[0].count == 1 else { return false }
        let term = query.required[0][0]
        // A lone prefix of the indexed length is the term lists' too.
        if term.isPrefix { return ListUnit.isIndexedLength(typed: term.text) }
        return !term.isPhrase && term.text.unicodeScalars.allSatisfy {
            $0.properties.isAlphabetic || $0.properties.numericType != nil
        }
    }
}

/// The query as postings keys: its phrases in FTS5's order (each required term, group by group), which phrases
/// form each required group, and the excluded ones. A term of one token is that token's key; a term of two (a
/// quoted phrase, or a word the tokenizer splits, as `late-fee`) is a phrase to FTS5, and the pair's key. A
/// prefix of one token is that token and `*` (`PrefixKey`).
struct PostingsQuery {
    var phrases: [Token] = []
    var groups: [[Int]] = []
    var excluded: [Token] = []
    /// Every key once, with an FTS5 string that matches it (for probing changed documents).
    var distinct: [Token: String] = [:]

    init?(_ query: ParsedQuery, _ tokenizer: SearchTokenizer) throws {
        func key(_ term: ParsedQuery.Term) throws -> Token?? {
            let tokens = try tokenizer.query(term.text)
            if term.isPrefix {
                // Several tokens make a phrase whose last token is the prefix: no postings for that.
                return tokens.count == 1 ? PrefixKey.key(tokens[0]) : (tokens.isEmpty ? .some(nil) : nil)
            }
            switch tokens.count {
            case 0: return .some(nil)
            case 1: return tokens[0]
            case 2: return PairKey.key(tokens[0], tokens[1])
            default: return nil  // a longer phrase has no postings
            }
        }
        for group in query.required {
            var indices: [Int] = []
            for term in group {
                guard let found = try key(term), let key = found else { return nil }
                indices.append(phrases.count)
                phrases.append(key)
                distinct[key] = term.fts5
            }
            groups.append(indices)
        }
        for term in query.excluded {
            guard let found = try key(term) else { return nil }
            guard let key = found else { continue }  // no token: matches nothing, in FTS5 too
            excluded.append(key)
            distinct[key] = term.fts5
        }
    }
}

/// A prefix's key among a query's keys: its token and `*`, the form of the term lists' prefix units (`ListUnit`).
/// The tokenizer never leaves a `*` in a token, and a pair's key ends with a token.
enum PrefixKey {
    static func key(_ token: Token) -> Token { Token(utf8: token.utf8 + [UInt8(ascii: "*")]) }
}

extension Token {
    /// Whether this is a prefix's key (`PrefixKey`) or a list unit of one.
    var isPrefixKey: Bool { utf8.last == UInt8(ascii: "*") }
    /// A prefix key's token, without its `*`.
    var prefixToken: Token { Token(utf8: Array(utf8.dropLast())) }
}
