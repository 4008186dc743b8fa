import GRDB

extension IndexDatabase {
    /// How long one search may run before it is stopped with an `invalid_query` error.
    public static let searchTimeLimitSeconds = 10.0

    /// Runs a validated search. All search SQL lives in `SearchSQL`.
    public func search(_ request: SearchRequest) throws -> SearchPage {
        try search(request, timeLimit: Self.searchTimeLimitSeconds)
    }

    /// The same search with a chosen plan: `.fullTextOnly` skips the term lists and lets FTS5 score every match,
    /// which is how the tests and the benchmark check that the lists' pages are exact.
    public func search(_ request: SearchRequest, strategy: SearchStrategy) throws -> SearchPage {
        try search(request, timeLimit: Self.searchTimeLimitSeconds, strategy: strategy)
    }

    func search(_ request: SearchRequest, timeLimit: Double, strategy: SearchStrategy = .automatic) throws -> SearchPage {
        do {
            return try pool.read { db in
                try SearchSQL(request: request, strategy: strategy).runWithDeadline(db, seconds: timeLimit)
            }
        } catch {
            throw searchError(error)
        }
    }

    /// The same, without blocking a Swift concurrency thread while SQLite works (the HTTP server).
    public func searchAsync(_ request: SearchRequest) async throws -> SearchPage {
        do {
            return try await pool.read { db in
                try SearchSQL(request: request).runWithDeadline(db, seconds: Self.searchTimeLimitSeconds)
            }
        } catch {
            throw searchError(error)
        }
    }

    private func searchError(_ error: Error) -> IndexError {
        if let error = error as? IndexError { return error }
        if let error = error as? DatabaseError {
            if error.resultCode == .SQLITE_INTERRUPT {
                return IndexError(.invalidQuery, "the query took longer than \(Int(Self.searchTimeLimitSeconds)) s; "
                    + "make it narrower (longer prefixes, more words, a date range)")
            }
            if error.message?.contains("fts5") == true {
                // FTS5 rejected the expression (should not happen: every term is quoted). Never echo SQLite's text.
                return IndexError(.invalidQuery, "the query could not be run as a full-text search; simplify it")
            }
        }
        return IndexError(.database, "cannot search the index at \(path): \(Self.describe(error))")
    }
}

/// Builds and runs the SQL for one search: a page of hits and the exact total.
///
/// Plans:
/// - query words: FTS5 drives (`MATCH`), date range as an FTS5 rowid range (rowids are time-ordered);
///   relevance uses FTS5's `rank` (bm25), dates use the rowid order FTS5 already has.
/// - query words + a call or recording SID: the SID filter matches a handful of rows, so those rows drive and
///   FTS5 is probed by rowid for each (`CROSS JOIN` fixes the order; SQLite would otherwise start from FTS5 and
///   score every match of a common word first).
/// - no words (a listing, or only `-excluded` words): the transcriptions table drives in rowid order.
/// How a search is planned.
public enum SearchStrategy: Sendable {
    /// The Ranking plans where they apply (a status side with few searchable rows, the term lists for ranked
    /// searches on frequent words when they can prove the page exact, the one-pass phrase scan), else FTS5.
    case automatic
    /// FTS5 alone (bm25 over every match): the reference the Ranking plans must agree with.
    case fullTextOnly
}

struct SearchSQL {
    private(set) var request: SearchRequest
    var strategy: SearchStrategy = .automatic
    /// The cursor's fingerprint: the request's as asked, whatever filter the plan drops.
    private let fingerprint: UInt64
    init(request: SearchRequest, strategy: SearchStrategy = .automatic) {
        self.request = request
        self.strategy = strategy
        fingerprint = request.fingerprint
    }

    private static let snippetWords = 24
    private static let pageColumns = """
        t.id, t.source, t.sid, t.account_sid, t.recording_sid, t.status, t.date_created, t.duration, t.call_sid
        """
    private static let previewCharacters = 200

    private var match: String? { request.query.matchExpression }
    private var selectiveFilter: Bool { request.callSid != nil || request.recordingSid != nil }
    /// Every condition is one FTS5 answers itself (words, a date range as a rowid range): no row of
    /// transcriptions is needed until the page is chosen.
    private var onlyFTS: Bool {
        match != nil && request.statuses.isEmpty && !request.hasSQLOnlyFilters && request.accountSid == nil && !selectiveFilter
            && !request.needsExactDateCheck
    }

    func runWithDeadline(_ db: Database, seconds: Double) throws -> SearchPage {
        // During a bulk load FTS5 lacks the loaded rows (BulkLoad): say so rather than answer from part of them.
        if !request.query.isEmpty, let marker = try BulkLoad.marker(db) {
            throw IndexError(.loading, "an import started at \(TwilioDate.iso8601(marker.startedAt)) is loading this "
                + "index; searches by words answer once it has built the full-text index (an interrupted import is "
                + "finished by the next import or harvest). Listings without words work meanwhile")
        }
        return try QueryDeadline(seconds: seconds).enforce(on: db) { try run(db) }
    }

    func run(_ db: Database) throws -> SearchPage {
        var search = self
        // An account filter that every document passes (an index of one account, the usual case) filters nothing:
        // without it, the plans that take no row filters answer (a common word: 44 ms -> 1 ms at 100,000 calls).
        if strategy == .automatic, let account = request.accountSid, try AccountCoverage.isEveryDocument(of: account, db) {
            search.request.accountSid = nil
        }
        return try search.runPlanned(db)
    }

    private func runPlanned(_ db: Database) throws -> SearchPage {
        var (page, ids) = try plan(db)
        try SentenceHits(request: request).attach(to: &page, ids: ids, db)
        return page
    }

    /// The page, and the ids of its hits in order.
    private func plan(_ db: Database) throws -> (SearchPage, [Int64]) {
        // Words and statuses with few searchable rows (failed, in-progress): those rows drive, for every sort.
        // First, because the term lists would read their entries only to reject nearly all of them.
        let sideScan = StatusSideScan(request: request)
        if strategy == .automatic, let scanned = try sideScan.run(db, pass: .fewCandidates) {
            return try finish(chosen: scanned.ranked, total: scanned.total, db)
        }
        // Ranked searches of several frequent words (AND, OR, NOT): every match scored from the postings.
        if strategy == .automatic, let scored = try PostingsSearch(request: request).run(db) {
            return try finish(chosen: scored.ranked, total: scored.total, db)
        }
        // One phrase of three words or more whose pairs are frequent but rarely together: the few candidates probed.
        if strategy == .automatic, let scored = try LongPhraseSearch(request: request).run(db) {
            return try finish(chosen: scored.ranked, total: scored.total, db)
        }
        // Ranked searches on frequent words: the exact top-k from the term lists, when they can prove it. First the
        // lists of the one source or language the filters select, if they select one (or of every document).
        if strategy == .automatic, let ranked = try TermListSearch(request: request).run(db) {
            return try finish(chosen: ranked.ranked, total: ranked.total,
                              filterSet: ranked.total == nil ? try makeFilterSet(db) : nil, db)
        }
        // Source, language and speaker filters as the ids that pass them, read once for the plans and the total.
        let filterSet = try makeFilterSet(db)
        if let filterSet, let ranked = try TermListSearch(request: request, filterSet: filterSet).run(db) {
            return try finish(chosen: ranked.ranked, total: ranked.total, filterSet: filterSet, db)
        }
        // A status side of up to 10,000 rows, where scanning it is cheaper than FTS5.
        if strategy == .automatic, let scanned = try sideScan.run(db, pass: .costed) {
            return try finish(chosen: scanned.ranked, total: scanned.total, db)
        }
        // One phrase (or a word or prefix without a list): one scan gives IDF, scores and total.
        if strategy == .automatic, let scanned = try SinglePhraseScan(request: request, filterSet: filterSet).run(db) {
            return try finish(chosen: scanned.ranked, total: scanned.total, db)
        }
        let (hits, hasMore) = try page(db)
        return try finish(hits: hits, hasMore: hasMore, total: nil, filterSet: filterSet, db)
    }

    /// The request's source, language and speaker filters as ids, for the fast plans and the total; nil without
    /// such filters, and with a call or recording SID (whose index drives) or a date range that needs the date
    /// column.
    private func makeFilterSet(_ db: Database) throws -> DocumentFilterSet? {
        guard strategy == .automatic, match != nil, !selectiveFilter, !request.needsExactDateCheck else { return nil }
        return try DocumentFilterSet.make(for: request, db)
    }

    /// A page chosen by a Ranking plan (the page and one more, best first): its rows, snippets and cursor.
    private func finish(chosen ranked: [(id: Int64, rank: Double)], total: Int?, filterSet: DocumentFilterSet? = nil,
                        _ db: Database) throws -> (SearchPage, [Int64]) {
        let hits = try rows(of: Array(ranked.prefix(request.limit)), total: total, db)
        return try finish(hits: hits, hasMore: ranked.count > request.limit, total: total, filterSet: filterSet, db)
    }

    private func finish(hits: [RankedHit], hasMore: Bool, total knownTotal: Int?, filterSet: DocumentFilterSet? = nil,
                        _ db: Database) throws -> (SearchPage, [Int64]) {
        var nextCursor: String?
        if hasMore, let last = hits.last, let id = last.rowID {
            nextCursor = SearchCursor(lastID: id, lastRank: request.sort == .relevance ? last.rank : nil, fingerprint: fingerprint).encoded
        }
        return (SearchPage(total: try knownTotal ?? total(filterSet: filterSet, db), hits: hits.map(\.hit), nextCursor: nextCursor),
                hits.compactMap(\.rowID))
    }

    /// The second stage for a page chosen elsewhere (the term lists): its rows and snippets, in the given order.
    private func rows(of ranked: [(id: Int64, rank: Double)], total: Int?, _ db: Database) throws -> [RankedHit] {
        guard let match, !ranked.isEmpty else { return [] }
        let ids = JSONText.integers(ranked.map(\.id))
        var rows: [Row]
        // FTS5 merges a prefix's terms' whole lists each time a statement starts on it when it has no prefix index
        // of its length, so a probe by rowid per hit pays the merge per hit (22 ms for `ca*` at 100,000 calls, 20
        // times): then one pass over the page's rowid range, keeping the page's rows (`+` so that SQLite does not
        // probe FTS5 per id), unless the pass would walk more matches than the probes would merge postings
        // (`refund -refurb*`: a tiny merge, and every match of `refund`).
        let merged = try unindexedPrefixPostings(db)
        // The pass walks about `total` matches; the probes merge `merged` postings once per hit after the first.
        let passIsCheaper = merged > 0 && (total.map { $0 / max(ranked.count - 1, 1) < merged } ?? (ranked.count > 1))
        if passIsCheaper {
            let sql = """
                SELECT \(Self.pageColumns), NULL AS rank,
                       snippet(documents_fts, 0, char(1), char(2), '…', \(Self.snippetWords)) AS snippet
                FROM documents_fts CROSS JOIN documents t ON t.id = documents_fts.rowid
                WHERE documents_fts MATCH ? AND documents_fts.rowid BETWEEN ? AND ?
                  AND +documents_fts.rowid IN (SELECT value FROM json_each(?))
                """
            let found = try Row.fetchAll(db.cachedStatement(sql: sql), arguments: [
                match, ranked.map(\.id).min()!, ranked.map(\.id).max()!, ids])
            let byID = Dictionary(found.map { ($0["id"] as Int64, $0) }, uniquingKeysWith: { first, _ in first })
            rows = ranked.compactMap { byID[$0.id] }
        } else {
            let sql = """
                SELECT \(Self.pageColumns), NULL AS rank,
                       snippet(documents_fts, 0, char(1), char(2), '…', \(Self.snippetWords)) AS snippet
                FROM json_each(?) AS top
                CROSS JOIN documents t ON t.id = top.value
                CROSS JOIN documents_fts ON documents_fts.rowid = top.value
                WHERE documents_fts MATCH ?
                ORDER BY top.key
                """
            rows = try Row.fetchAll(db.cachedStatement(sql: sql), arguments: [ids, match])
        }
        guard rows.count == ranked.count else {
            throw IndexError(.database, "the index changed while the page was read; search again")
        }
        return zip(rows, ranked).map { row, entry in
            var hit = RankedHit(row: row, ranked: true, previewLength: Self.previewCharacters)
            hit.rank = entry.rank
            hit.hit.score = entry.rank == 0 ? 0 : -entry.rank
            return hit
        }
    }

    /// The total of one word (or 3-letter prefix) without filters or dates, sorted by date: its document frequency
    /// in the term lists while they are current, which is exact; FTS5 would count every match (a common word newest
    /// first at 100,000 calls: most of its 5 ms). Ranked searches get theirs from their plan.
    private func listedTotal(_ db: Database) throws -> Int? {
        let query = request.query
        guard strategy == .automatic, onlyFTS, request.rowidRange == nil, query.excluded.isEmpty,
              query.required.count == 1, query.required[0].count == 1, !query.required[0][0].isPhrase else { return nil }
        let term = query.required[0][0]
        let tokens = try SearchTokenizer(db).query(term.text)
        guard tokens.count == 1, let unit = term.isPrefix ? ListUnit.unit(forPrefixToken: tokens[0]) : tokens[0],
              try TermLists.isCurrent(db), let frequency = try TermLists.listedFrequency(of: unit, db) else { return nil }
        return Int(frequency)
    }

    /// For the query's prefixes that FTS5 has no prefix index of their length for (`ca*`, `refun*`, not `ref*`:
    /// `prefix='3'`), about how many postings FTS5 merges at each statement start (0: none; a prefix of several
    /// tokens counts as many).
    private func unindexedPrefixPostings(_ db: Database) throws -> Int {
        let prefixes = (request.query.required.joined() + request.query.excluded)
            .filter { $0.isPrefix && !ListUnit.isIndexedLength(typed: $0.text) }
        guard !prefixes.isEmpty else { return 0 }
        let tokenizer = try SearchTokenizer(db)
        var postings = 0
        for term in prefixes {
            let tokens = try tokenizer.query(term.text)
            if tokens.count != 1 { return Int.max / 2 }
            if ListUnit.unit(forPrefixToken: tokens[0]) == nil {
                // At least 1: a prefix with rare terms only still merges them.
                postings += max(1, try PrefixPostings.listedPostings(prefix: tokens[0], db))
            }
        }
        return postings
    }

    // MARK: SQL fragments

    /// The rowid column of the driving table.
    private var rowid: String { match != nil ? "documents_fts.rowid" : "t.id" }

    private var from: String {
        guard match != nil else { return "documents t" }
        return selectiveFilter
            ? "documents t CROSS JOIN documents_fts ON documents_fts.rowid = t.id"
            // FTS5 drives, fixed by CROSS JOIN: with a status filter SQLite otherwise drove from the status index
            // and probed FTS5 once per row (measured: count of "refund" in 2023, completed, 633 ms → 9 ms).
            : "documents_fts CROSS JOIN documents t ON t.id = documents_fts.rowid"
    }

    /// WHERE terms shared by the page and the count.
    private func filters(_ arguments: inout StatementArguments) -> [String] {
        var terms: [String] = []
        if let match {
            terms.append("documents_fts MATCH ?")
            arguments += [match]
        } else if let excluded = request.query.excludedExpression {
            terms.append("t.id NOT IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)")
            arguments += [excluded]
        }
        if let (low, high) = request.rowidRange {
            terms.append("\(rowid) BETWEEN ? AND ?")
            arguments += [low, high]
            if request.needsExactDateCheck {
                // Rowid bucket 0 also holds transcriptions without a date (and any before 1970): check the column.
                terms.append("t.date_created BETWEEN ? AND ?")
                arguments += [request.from ?? Int64.min, request.to ?? Int64.max]
            }
        }
        if !request.statuses.isEmpty {
            // With a call or recording SID, that SID's index must drive: `+` keeps SQLite from walking the status
            // index instead (most rows are completed: 201 ms against 55 ms at 100k).
            terms.append((selectiveFilter ? "+" : "") + "t.status IN ("
                + request.statuses.map { _ in "?" }.joined(separator: ", ") + ")")
            arguments += StatementArguments(request.statuses)
        }
        if !request.sources.isEmpty {
            terms.append("t.source IN (" + request.sources.map { _ in "?" }.joined(separator: ", ") + ")")
            arguments += StatementArguments(request.sources)
        }
        if !request.languages.isEmpty {
            terms.append("lower(t.language) IN (" + request.languages.map { _ in "?" }.joined(separator: ", ") + ")")
            arguments += StatementArguments(request.languages)
        }
        if let speaker = request.speaker {
            // The documents where the words occur in the speaker's sentences (SpeakerFilter).
            let condition = SpeakerFilter(request: request, speaker: speaker).condition()
            terms.append(condition.sql)
            arguments += StatementArguments(condition.arguments)
        }
        if let accountSid = request.accountSid {
            terms.append("t.account_sid = ?")
            arguments += [accountSid]
        }
        if let recordingSid = request.recordingSid {
            terms.append("t.recording_sid = ?")
            arguments += [recordingSid]
        }
        if let callSid = request.callSid {
            terms.append("t.call_sid = ?")
            arguments += [callSid]
        }
        return terms
    }

    private func page(_ db: Database) throws -> ([RankedHit], Bool) {
        var arguments = StatementArguments()
        var terms = filters(&arguments)
        let order: String
        switch request.sort {
        case .relevance:
            order = "documents_fts.rank, documents_fts.rowid"
            if let cursor = request.cursor, let rank = cursor.lastRank {
                terms.append("(documents_fts.rank > ? OR (documents_fts.rank = ? AND documents_fts.rowid > ?))")
                arguments += [rank, rank, cursor.lastID]
            }
        case .newest:
            order = "\(rowid) DESC"
            if let cursor = request.cursor {
                terms.append("\(rowid) < ?")
                arguments += [cursor.lastID]
            }
        case .oldest:
            order = "\(rowid) ASC"
            if let cursor = request.cursor {
                terms.append("\(rowid) > ?")
                arguments += [cursor.lastID]
            }
        }
        let ranked = match != nil
        // Two stages. The first chooses the page — ids and ranks only — from FTS5 alone when it answers every
        // condition (joining every match first, to sort afterwards, cost 2.5× at 1M rows). The second fetches
        // the page's rows and snippets: SQLite computes a sorted query's result columns for every candidate
        // before sorting, and snippet() over all 29,000 matches of one word took 0.6 s; probing FTS5 by rowid
        // for the 20 rows of the page takes milliseconds. Subqueries with LIMIT are never flattened into a join,
        // and CROSS JOIN keeps SQLite from driving the second stage from the full-text match.
        let stage1: String
        if onlyFTS {
            stage1 = """
                SELECT documents_fts.rowid AS id, documents_fts.rank AS rank FROM documents_fts
                \(whereClause(terms)) ORDER BY \(order) LIMIT ?
                """
        } else {
            stage1 = """
                SELECT t.id AS id, \(ranked ? "documents_fts.rank" : "NULL") AS rank FROM \(from)
                \(whereClause(terms)) ORDER BY \(order) LIMIT ?
                """
        }
        arguments += [request.limit + 1]
        let outerOrder = request.sort == .relevance ? "top.rank, top.id" : (request.sort == .newest ? "top.id DESC" : "top.id ASC")
        let columns = Self.pageColumns + ", top.rank AS rank"
        let sql: String
        if let match {
            sql = """
                SELECT \(columns), snippet(documents_fts, 0, char(1), char(2), '…', \(Self.snippetWords)) AS snippet
                FROM (\(stage1)) AS top
                CROSS JOIN documents t ON t.id = top.id
                CROSS JOIN documents_fts ON documents_fts.rowid = top.id
                WHERE documents_fts MATCH ?
                ORDER BY \(outerOrder)
                """
            arguments += [match]
        } else {
            sql = """
                SELECT \(columns), substr(t.search_text, 1, \(Self.previewCharacters)) AS snippet
                FROM (\(stage1)) AS top
                CROSS JOIN documents t ON t.id = top.id
                ORDER BY \(outerOrder)
                """
        }
        // Cached per connection: one statement per query shape, prepared once (the server's hot path).
        var hits = try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map { row in
            RankedHit(row: row, ranked: ranked, previewLength: Self.previewCharacters)
        }
        let hasMore = hits.count > request.limit
        if hasMore { hits.removeLast() }
        return (hits, hasMore)
    }

    private func whereClause(_ terms: [String]) -> String {
        terms.isEmpty ? "" : "WHERE " + terms.joined(separator: " AND ")
    }

    private func total(filterSet: DocumentFilterSet?, _ db: Database) throws -> Int {
        if let listed = try listedTotal(db) { return listed }
        // Only source, language or speaker filters besides the words and dates: their ids walked beside FTS5's
        // matches (the set is already cut to the date range).
        if let match, let filterSet, request.statuses.isEmpty, request.accountSid == nil, !selectiveFilter,
           !request.needsExactDateCheck {
            return try filterSet.countMatches(match, db)
        }
        if let match, !request.statuses.isEmpty, !request.hasSQLOnlyFilters, request.accountSid == nil, !selectiveFilter,
           !request.needsExactDateCheck {
            let (low, high) = request.rowidRange ?? (Int64.min, Int64.max)
            return try StatusSplitCount(match: match, statuses: request.statuses, low: low, high: high).count(db)
        }
        var arguments = StatementArguments()
        let terms = filters(&arguments)
        let sql = "SELECT count(*) FROM \(onlyFTS ? "documents_fts" : from) \(whereClause(terms))"
        return try Int.fetchOne(db.cachedStatement(sql: sql), arguments: arguments) ?? 0
    }
}

/// A hit with the sort keys the cursor needs.
private struct RankedHit {
    var hit: SearchHit
    var rowID: Int64?
    var rank: Double?

    init(row: Row, ranked: Bool, previewLength: Int) {
        let rank: Double? = ranked ? row["rank"] : nil
        var snippet: Snippet?
        if let text: String = row["snippet"] {
            // A listing shows the start of the text; mark it as cut when it is.
            snippet = Snippet(marked: ranked || text.count < previewLength ? text : text + "…")
        }
        self.rowID = row["id"]
        self.rank = rank
        self.hit = SearchHit(
            sid: row["sid"], source: row["source"], callSid: row["call_sid"], recordingSid: row["recording_sid"],
            accountSid: row["account_sid"], status: row["status"], dateCreated: row["date_created"],
            duration: row["duration"], score: rank.map { $0 == 0 ? 0 : -$0 }, snippet: snippet)
    }
}
