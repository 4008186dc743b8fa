import Foundation
import GRDB

/// The exact top-k of a ranked search whose words are all frequent, read from the impact-ordered term lists
/// (Schema/0002_term_lists.sql) instead of scoring every match in FTS5.
///
/// A threshold algorithm: read the lists best-first, a few hundred entries at a time. Every transcription seen
/// gets an upper bound on its score (exact parts for the words whose entries were read, the list's current
/// threshold for the others); those that could make the page are scored exactly — stored tf and dl where
/// known, FTS5's index probed by rowid otherwise — and checked against the filters. A transcription not seen in
/// any list scores at most Σ idf·threshold, so once the page's last result beats that, the page is exact: the
/// same rows, in the same order, with the same bm25 as FTS5's `ORDER BY rank`. When it cannot prove that
/// (a filter that rejects almost everything, a page beyond the lists), it answers nil and FTS5 does the work.
///
/// Which lists: with a filter set, every document's lists, each candidate checked against the set; without one,
/// the lists of the one facet the request's source or language filter selects (`ListFacet.covering`: every
/// document's for a request without such filters), whose candidates all pass it and whose `df` is the filtered
/// document frequency. A request no single facet covers needs the set.
struct TermListSearch {
    let request: SearchRequest
    /// The request's source, language and speaker filters as ids (nil: read the facet's lists instead).
    var filterSet: DocumentFilterSet?

    struct Result {
        /// The page and one more (to tell whether there is a next page), best first.
        var ranked: [(id: Int64, rank: Double)]
        /// The exact number of matches when the lists know it (one word, no filters).
        var total: Int?
    }

    /// Entries read per list in the first round; each further round reads four times as many.
    private static let firstDepth = 128
    /// Transcriptions looked up (filters, words without a known frequency) per statement.
    fileprivate static let lookupBatch = 64

    func run(_ db: Database) throws -> Result? {
        guard request.sort == .relevance, request.callSid == nil, request.recordingSid == nil,
              filterSet == nil || request.hasSQLOnlyFilters,
              !request.needsExactDateCheck,
              request.query.required.allSatisfy({ $0.count == 1 && !$0[0].isPhrase }),
              !request.query.excluded.contains(where: \.isPrefix),
              try TermLists.isCurrent(db), try BM25.agreesWithSQLite(db),
              let facet: ListFacet = filterSet != nil ? .all : try ListFacet.covering(request, db),
              let totals = try FTSTotals.read(db) else { return nil }

        let tokenizer = try SearchTokenizer(db)
        var words: [Token] = []
        for group in request.query.required {
            let tokens = try tokenizer.query(group[0].text)
            guard tokens.count == 1 else { return nil }  // several tokens make a phrase for FTS5
            if group[0].isPrefix {
                // Only prefixes of exactly the indexed length have lists ("ref*", not "re*" or "refu*").
                guard let unit = ListUnit.unit(forPrefixToken: tokens[0]) else { return nil }
                words.append(unit)
            } else {
                words.append(tokens[0])
            }
        }
        // Excluded terms with a token (one without matches nothing, in FTS5 too), as an FTS5 expression to probe.
        let excludedTerms = try request.query.excluded.filter { try !tokenizer.query($0.text).isEmpty }
        let excluded = excludedTerms.isEmpty ? nil : excludedTerms.map(\.fts5).joined(separator: " OR ")
        var lists: [Token: ListCursor] = [:]
        for word in Set(words) {
            // No list: a rare word (FTS5 is fast), or one that few of the facet's documents have.
            guard let list = try ListCursor(term: word, facet: facet, db) else { return nil }
            lists[word] = list
        }

        var state = Evaluation(request: request, words: words, excluded: excluded, totals: totals, allowed: filterSet,
                               idfs: words.map { BM25.idf(rows: totals.rows, hits: Int64(lists[$0]!.indexDF)) })
        var depth = Self.firstDepth
        // Every list ends within a few rounds (a short read); the cap is a last guard against looping.
        while depth <= 1 << 24 {
            for word in lists.keys {
                for entry in try lists[word]!.read(upTo: depth, db) { state.see(entry, word: word) }
            }
            let thresholds = words.map { lists[$0]!.threshold(avgdlNow: totals.averageLength) }
            try state.evaluate(thresholds: thresholds, db)
            if let result = state.result(thresholds: thresholds) {
                let total = words.count == 1 && excluded == nil && !state.hasRowFilters && !state.hasDateRange
                    && filterSet == nil ? lists[words[0]]!.df : nil
                return Result(ranked: result, total: total)
            }
            if lists.values.allSatisfy(\.exhausted) { return nil }
            depth *= 4
        }
        return nil
    }
}

/// One term's list in one facet, read best-first in growing prefixes.
private struct ListCursor {
    let term: Token
    let facet: ListFacet
    /// Documents of the facet with the term (the filtered total of a one-word search).
    let df: Int
    /// Documents of the whole index with the term: bm25's IDF, which FTS5 computes over every row.
    let indexDF: Int
    let avgdl: Double
    let cutoff: Double
    private(set) var loaded = 0
    private(set) var lastImpact = Double.infinity

    init?(term: Token, facet: ListFacet, _ db: Database) throws {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT f.df, f.avgdl, f.cutoff, a.df FROM term_lists f JOIN term_lists a ON a.term = f.term AND a.facet = ''
            WHERE f.term = ? AND f.facet = ?
            """), arguments: [term.text, facet.key]) else { return nil }
        self.term = term
        self.facet = facet
        df = row[0]; avgdl = row[1]; cutoff = row[2]; indexDF = row[3]
    }

    private(set) var exhausted = false

    mutating func read(upTo depth: Int, _ db: Database) throws -> [ListEntry] {
        guard !exhausted, loaded < depth else { return [] }
        let wanted = depth - loaded
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT impact, id, tf, dl FROM term_list_entries WHERE term = ? AND facet = ?
            ORDER BY impact DESC, id LIMIT ? OFFSET ?
            """), arguments: [term.text, facet.key, wanted, loaded])
        loaded += rows.count
        // The end is a short read (the rows themselves, not the stored count, say where the list ends).
        if rows.count < wanted { exhausted = true }
        // By position: a lookup by column name lower-cases the name for every row (6% of a deep page's time).
        let entries = rows.map { ListEntry(impact: $0[0], id: $0[1], tf: $0[2], dl: $0[3]) }
        if let last = entries.last { lastImpact = last.impact }
        return entries
    }

    /// The highest impact, under today's average length, of a transcription not read from this list yet;
    /// 0 when every transcription with the term has been read (then an unread one does not match at all).
    func threshold(avgdlNow: Double) -> Double {
        let built = exhausted ? cutoff : lastImpact
        return built * BM25.driftFactor(builtWith: avgdl, now: avgdlNow)
    }
}

/// The candidates seen so far and what is known of each.
private struct Evaluation {
    let request: SearchRequest
    let words: [Token]
    /// The excluded terms as one FTS5 expression (nil: none).
    let excluded: String?
    let totals: FTSTotals
    /// Only these documents pass the source, language and speaker filters (nil: no such filter).
    let allowed: DocumentFilterSet?
    let idfs: [Double]

    private var candidates: [Int64: Candidate] = [:]
    /// Scored matches that pass the filters and come after the cursor.
    private var qualifying: [(id: Int64, rank: Double)] = []
    /// The best rank bound among the candidates left unscored by the last `evaluate` (+∞: none).
    private var bestUnscored = Double.infinity

    private struct Candidate {
        var dl = 0
        var frequencies: [Int?]
        var done = false
    }

    init(request: SearchRequest, words: [Token], excluded: String?, totals: FTSTotals, allowed: DocumentFilterSet?,
         idfs: [Double]) {
        self.request = request; self.words = words; self.excluded = excluded; self.totals = totals
        self.allowed = allowed; self.idfs = idfs
    }

    var hasRowFilters: Bool { !request.statuses.isEmpty || request.accountSid != nil }
    var hasDateRange: Bool { request.rowidRange != nil }
    private var needed: Int { request.limit + 1 }

    mutating func see(_ entry: ListEntry, word: Token) {
        var candidate = candidates[entry.id] ?? Candidate(frequencies: Array(repeating: nil, count: words.count))
        candidate.dl = entry.dl
        for index in words.indices where words[index] == word { candidate.frequencies[index] = entry.tf }
        candidates[entry.id] = candidate
    }

    /// The score the page's last row must beat, as a rank (lower is better): +∞ until the page is full.
    private var pageThreshold: Double { qualifying.count >= needed ? qualifying[needed - 1].rank : .infinity }

    /// Scores every candidate that could still make the page, best upper bound first.
    mutating func evaluate(thresholds: [Double], _ db: Database) throws {
        var open: [(id: Int64, bound: Double)] = []
        for (id, candidate) in candidates where !candidate.done {
            if let allowed, !allowed.contains(id) {
                candidates[id]!.done = true  // filtered out: never a result, whatever its score
                continue
            }
            if let range = request.rowidRange, id < range.low || id > range.high {
                candidates[id]!.done = true  // outside the dates: no status lookup or probe for it
                continue
            }
            if candidate.frequencies.allSatisfy({ $0 != nil }) && excluded == nil && !hasRowFilters {
                // Everything is known: score it now, no lookup.
                candidates[id]!.done = true
                consider(id: id, frequencies: candidate.frequencies.map { $0! }, dl: candidate.dl)
                continue
            }
            var bound = 0.0
            for index in words.indices {
                bound += idfs[index] * (candidate.frequencies[index].map {
                    BM25.impact(tf: $0, dl: candidate.dl, avgdl: totals.averageLength)
                } ?? thresholds[index])
            }
            open.append((id, -bound))
        }
        open.sort { $0.bound < $1.bound }
        var position = 0
        while position < open.count, Self.mayBeat(open[position].bound, pageThreshold) {
            let batch = open[position..<min(position + TermListSearch.lookupBatch, open.count)].map(\.id)
            position += batch.count
            try lookUp(batch, db)
        }
        bestUnscored = position < open.count ? open[position].bound : .infinity
    }

    /// Checks the row filters (status, account) and the excluded words, then fills in the frequencies the lists did
    /// not give, and scores what is left.
    private mutating func lookUp(_ ids: [Int64], _ db: Database) throws {
        var kept = ids
        if hasRowFilters {
            kept = []
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT t.id, t.status, t.account_sid
                FROM json_each(?) AS wanted CROSS JOIN documents t ON t.id = wanted.value
                """), arguments: [JSONText.integers(ids)])
            for row in rows {
                if !request.statuses.isEmpty, !request.statuses.contains(row["status"] as String? ?? "") { continue }
                if let account = request.accountSid, account != row["account_sid"] as String? { continue }
                kept.append(row["id"])
            }
        }
        if let excluded, !kept.isEmpty {
            // The candidates an excluded term matches, by FTS5 itself (probed by rowid), so NOT means what it
            // means to FTS5; tokenizing each text to look for them cost ~190 µs for a long transcript.
            let matched = Set(try Int64.fetchAll(db.cachedStatement(sql: """
                SELECT wanted.value FROM json_each(?) AS wanted
                CROSS JOIN documents_fts ON documents_fts.rowid = wanted.value WHERE documents_fts MATCH ?
                """), arguments: [JSONText.integers(kept), excluded]))
            kept.removeAll { matched.contains($0) }
        }
        // A word whose list did not hold the candidate: its tf (and the dl) from FTS5's own index, probed by rowid
        // for the batch. Tokenizing the text instead cost ~190 µs for a 50-sentence Intelligence transcript.
        for index in words.indices {
            let missing = kept.filter { candidates[$0]!.frequencies[index] == nil }
            guard !missing.isEmpty else { continue }
            let found = try Self.frequencies(of: request.query.required[index][0].fts5, in: missing, db)
            for id in missing {
                candidates[id]!.frequencies[index] = found[id]?.tf ?? 0
                if let dl = found[id]?.dl { candidates[id]!.dl = dl }
            }
        }
        for id in kept {
            let candidate = candidates[id]!
            let frequencies = candidate.frequencies.map { $0 ?? 0 }
            if frequencies.contains(0) { continue }  // not a match: a required word is missing
            consider(id: id, frequencies: frequencies, dl: candidate.dl)
        }
        for id in ids { candidates[id]!.done = true }  // rows deleted meanwhile cannot match
    }

    /// tf of one word (or indexed prefix) and dl, for the rows of `ids` that contain it, as bm25 reads them.
    private static func frequencies(of term: String, in ids: [Int64], _ db: Database) throws -> [Int64: (tf: Int, dl: Int)] {
        var found: [Int64: (tf: Int, dl: Int)] = [:]
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT wanted.value AS id, \(MatchStatistics.functionName)(documents_fts) AS stats
            FROM json_each(?) AS wanted CROSS JOIN documents_fts ON documents_fts.rowid = wanted.value
            WHERE documents_fts MATCH ?
            """), arguments: [JSONText.integers(ids), term])
        while let row = try rows.next() {
            let packed: Int64 = row["stats"]
            found[row["id"]] = (Int(packed >> 32), Int(packed & 0xFFFF_FFFF))
        }
        return found
    }

    /// A scored match: kept when it passes the date range and comes after the cursor.
    private mutating func consider(id: Int64, frequencies: [Int], dl: Int) {
        if let range = request.rowidRange, id < range.low || id > range.high { return }
        let rank = BM25.rank(idfs: idfs, frequencies: frequencies, dl: dl, avgdl: totals.averageLength)
        if let cursor = request.cursor, let last = cursor.lastRank {
            guard rank > last || (rank == last && id > cursor.lastID) else { return }
        }
        let entry = (id: id, rank: rank)
        let position = qualifying.partitioningIndex { $0.rank > rank || ($0.rank == rank && $0.id > id) }
        if position < needed {
            qualifying.insert(entry, at: position)
            if qualifying.count > needed { qualifying.removeLast() }
        }
    }

    /// The page, once no transcription left unscored can beat its last row.
    func result(thresholds: [Double]) -> [(id: Int64, rank: Double)]? {
        // An unread transcription matches only if it has every word; with a complete list read to the end, none can.
        let unreadCanMatch = !thresholds.contains(0)
        let unreadBound = -zip(idfs, thresholds).map(*).reduce(0, +)
        if qualifying.count >= needed {
            let last = qualifying[needed - 1].rank
            if Self.mayBeat(bestUnscored, last) { return nil }
            return unreadCanMatch && Self.mayBeat(unreadBound, last) ? nil : qualifying
        }
        // A short page is final only when nothing is left anywhere.
        return !unreadCanMatch && bestUnscored == .infinity ? qualifying : nil
    }

    /// Whether a transcription whose rank is at least `bound` could rank at or before `rank` (ties included,
    /// with a margin for the rounding of the bound's arithmetic).
    private static func mayBeat(_ bound: Double, _ rank: Double) -> Bool {
        guard rank.isFinite else { return true }
        return bound <= rank + abs(rank) * 1e-9 + 1e-12
    }
}
