import GRDB
import GRDBSQLite

/// A search with words and a status filter whose statuses have few searchable transcriptions — Twilio's failed
/// and in-progress ones rarely have text — driven from those few rows instead of from the words' matches.
///
/// Why: FTS5 can only produce every match of the words and drop the rows of other statuses, one table lookup
/// each (a word in half of 1M transcriptions: 0.6–2.4 s here, and past the 10 s deadline when the file is not
/// in the page cache), and the term lists decline when the filter rejects nearly every entry. Here the rows of
/// the chosen statuses that have text come from the partial index of searchable rows by status
/// (Schema/0003_documents.sql); each is tokenized by FTS5's own tokenizer and matched as FTS5 matches
/// (`PhrasePatterns`), and every match is scored with FTS5's bm25 reproduced (`BM25`, the phrases' document
/// frequencies from the term lists or from FTS5). So the page, every score to the bit, the cursor and the exact
/// total (the number of matching candidates) are the ones FTS5's `ORDER BY rank` gives, for every sort.
/// It runs in two passes of the planner (`Pass`): before the term lists when the candidates are few, after them
/// (when they declined) while its cost beats FTS5's, as estimated from the term lists (`matchBound`).
struct StatusSideScan {
    /// Candidates scanned at most: reading, tokenizing and matching one costs ~15 µs at 1M (measured: 2,000
    /// candidates in 29 ms p50), so this bounds the plan to ~150 ms; FTS5 with the filter needs ~0.7–0.9 s for a
    /// word in half the index, and the term lists run out of entries for a status on fewer than ~2% of the texts.
    static let defaultCandidateLimit = 10_000
    /// Below this many candidates the scan costs at most ~15 ms whatever the words: it runs first.
    static let defaultAlwaysScanBelow = 1_000

    /// When the planner asks.
    enum Pass {
        /// Before the term lists: only with fewer candidates than `alwaysScanBelow` (the lists would read their
        /// entries only to reject nearly all of them).
        case fewCandidates
        /// After the term lists declined: up to `candidateLimit` candidates, when cheaper than FTS5.
        case costed
        /// Either (the tests).
        case any
    }

    let request: SearchRequest
    var candidateLimit = Self.defaultCandidateLimit
    var alwaysScanBelow = Self.defaultAlwaysScanBelow

    struct Result {
        /// The page and one more, in the request's order.
        var ranked: [(id: Int64, rank: Double)]
        var total: Int
    }

    private struct Match {
        var id: Int64
        var frequencies: [Int]
        var length: Int
    }

    func run(_ db: Database, pass: Pass = .any) throws -> Result? {
        guard !request.statuses.isEmpty, request.callSid == nil, request.recordingSid == nil, !request.hasSQLOnlyFilters,
              !request.needsExactDateCheck, request.query.matchExpression != nil else { return nil }
        let (low, high) = request.rowidRange ?? (Int64.min, Int64.max)
        let candidates = try candidateCount(low, high, pass == .fewCandidates ? alwaysScanBelow - 1 : candidateLimit, db)
        let few = candidates < alwaysScanBelow
        guard candidates <= candidateLimit, pass != .fewCandidates || few, pass != .costed || !few,
              try BM25.agreesWithSQLite(db), let totals = try FTSTotals.read(db) else { return nil }
        let tokenizer = try SearchTokenizer(db)
        if !few, let bound = try matchBound(tokenizer, db), bound < matchesPerCandidateToScan * Int64(candidates) {
            return nil
        }
        guard let patterns = try PhrasePatterns(request.query, tokenizer: tokenizer),
              let matches = try scan(low, high, patterns: patterns, tokenizer: tokenizer, db) else { return nil }

        // bm25 sums idf × impact over every phrase of the expression; a phrase with no instance in a row adds
        // exactly 0 whatever its idf, so only the phrases some match contains need their document frequency.
        var idfs = [Double](repeating: 0, count: patterns.phrases.count)
        for index in patterns.phrases.indices where matches.contains(where: { $0.frequencies[index] > 0 }) {
            let hits = try PhraseDocumentFrequency.count(patterns.terms[index], tokenizer: tokenizer, db)
            idfs[index] = BM25.idf(rows: totals.rows, hits: hits)
        }
        var ranked: [(id: Int64, rank: Double)] = matches.map { match in
            (match.id, BM25.rank(idfs: idfs, frequencies: match.frequencies, dl: match.length, avgdl: totals.averageLength))
        }
        switch request.sort {
        case .relevance:
            if let cursor = request.cursor, let last = cursor.lastRank {
                ranked.removeAll { !($0.rank > last || ($0.rank == last && $0.id > cursor.lastID)) }
            }
            ranked.sort { $0.rank != $1.rank ? $0.rank < $1.rank : $0.id < $1.id }
        case .newest:
            if let cursor = request.cursor { ranked.removeAll { $0.id >= cursor.lastID } }
            ranked.sort { $0.id > $1.id }
        case .oldest:
            if let cursor = request.cursor { ranked.removeAll { $0.id <= cursor.lastID } }
            ranked.sort { $0.id < $1.id }
        }
        return Result(ranked: Array(ranked.prefix(request.limit + 1)), total: matches.count)
    }

    /// The matches per candidate below which FTS5 is the cheaper plan. Ranked, FTS5 scores and filters a match in
    /// ~1.3 µs, a tenth of a candidate's scan. By date, it walks the matches in rowid order and stops at the page,
    /// so its cost is mostly the exact total, merged at ~0.1 µs a match (`StatusSplitCount`).
    private var matchesPerCandidateToScan: Int64 { request.sort == .relevance ? 10 : 150 }

    /// An upper bound on the query's matches from the term lists (nil: unknown, or the lists are not current):
    /// a group matches at most the sum of its terms, a term at most its rarest word, a word with no list fewer
    /// than the lists' minimum frequency. Prefixes are unknown unless their indexed unit has a list.
    private func matchBound(_ tokenizer: SearchTokenizer, _ db: Database) throws -> Int64? {
        guard try TermLists.isCurrent(db) else { return nil }
        let belowLists = Int64(try TermLists.storedSettings(db).minimumDocumentFrequency)
        func listed(_ token: Token) throws -> Int64 {
            try TermLists.listedFrequency(of: token, db) ?? belowLists
        }
        var bound: Int64?
        for group in request.query.required {
            var groupBound: Int64 = 0
            for term in group {
                let tokens = try tokenizer.query(term.text.replacingOccurrences(of: "\u{0}", with: " "))
                var termBound: Int64?
                for (index, token) in tokens.enumerated() {
                    var tokenBound: Int64?
                    if term.isPrefix && index == tokens.count - 1 {
                        tokenBound = try ListUnit.unit(forPrefixToken: token).map { try listed($0) }
                    } else {
                        tokenBound = try listed(token)
                    }
                    if let tokenBound { termBound = min(termBound ?? .max, tokenBound) }
                }
                guard let termBound else { groupBound = .max; break }
                groupBound = groupBound.addingReportingOverflow(termBound).overflow ? .max : groupBound + termBound
            }
            bound = min(bound ?? .max, groupBound)
        }
        return bound == .max ? nil : bound
    }

    private var statusList: String { request.statuses.map { _ in "?" }.joined(separator: ", ") }

    /// Searchable rows of the chosen statuses in the date range, counted up to one past `limit` (index only).
    private func candidateCount(_ low: Int64, _ high: Int64, _ limit: Int, _ db: Database) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: """
            SELECT count(*) FROM (SELECT 1 FROM documents INDEXED BY documents_searchable_status
                WHERE status IN (\(statusList)) AND search_text IS NOT NULL AND id BETWEEN ? AND ? LIMIT ?)
            """), arguments: StatementArguments(request.statuses) + [low, high, limit + 1]) ?? 0
    }

    /// The candidates that match the query (nil: a document the patterns cannot evaluate). Stepped through the
    /// C API so the tokenizer reads SQLite's own copy of each text.
    private func scan(_ low: Int64, _ high: Int64, patterns: PhrasePatterns, tokenizer: SearchTokenizer,
                      _ db: Database) throws -> [Match]? {
        let statement = try db.cachedStatement(sql: """
            SELECT id, account_sid, search_text FROM documents INDEXED BY documents_searchable_status
            WHERE status IN (\(statusList)) AND search_text IS NOT NULL AND id BETWEEN ? AND ?
            """)
        try statement.setArguments(StatementArguments(request.statuses) + [low, high])
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        let document = DocumentTokens(patterns: patterns)
        var matches: [Match] = []
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else { throw DatabaseError(resultCode: ResultCode(rawValue: code)) }
            if let account = request.accountSid {
                guard let text = sqlite3_column_text(handle, 1), String(cString: text) == account else { continue }
            }
            guard let text = sqlite3_column_text(handle, 2) else { continue }
            let count = sqlite3_column_bytes(handle, 2)
            try text.withMemoryRebound(to: CChar.self, capacity: Int(count)) { bytes in
                try document.tokenize(bytes, count: count, with: tokenizer)
            }
            if document.sawColocated { return nil }
            if let frequencies = patterns.frequencies(in: document) {
                matches.append(Match(id: sqlite3_column_int64(handle, 0), frequencies: frequencies, length: document.length))
            }
        }
        return matches
    }
}

/// A phrase's document frequency as FTS5's bm25 counts it (the rows the phrase alone matches, over the whole
/// table): from its term list while the lists are current, else counted by FTS5.
enum PhraseDocumentFrequency {
    static func count(_ term: ParsedQuery.Term, tokenizer: SearchTokenizer, _ db: Database) throws -> Int64 {
        let tokens = try tokenizer.query(term.text.replacingOccurrences(of: "\u{0}", with: " "))
        if tokens.count == 1, try TermLists.isCurrent(db) {
            let unit = term.isPrefix ? ListUnit.unit(forPrefixToken: tokens[0]) : tokens[0]
            if let unit, let df = try TermLists.listedFrequency(of: unit, db) {
                return df
            }
        }
        return try Int64.fetchOne(db.cachedStatement(sql: """
            SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?
            """), arguments: [term.fts5]) ?? 0
    }
}
