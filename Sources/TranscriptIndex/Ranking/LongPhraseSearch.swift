import Foundation
import GRDB

/// A ranked search of one phrase of three or more words (`"cancel my subscription"`) whose adjacent pairs all have
/// postings: the documents that have every pair are the only ones that can have the phrase, and when they are few,
/// FTS5 is asked about each of them alone.
///
/// Why: FTS5 finds a phrase by walking every word's positions, and a phrase of common words walks lists that are
/// in most documents (`"cancel my subscription"`: 2 matches at 100,000 calls, 8 ms warm, nearly all of it reading `my`).
/// The pairs' postings (Schema/0008_postings.sql) give the candidates in microseconds; a probe by rowid of the
/// AND of the words costs about 20 µs. Whether a candidate has the phrase, and its tf and length, come from FTS5's
/// instances (`transcripts_phrase_stats`), so the IDF (the number of documents that have it), every score and the
/// total are FTS5's.
///
/// It declines (nil) a phrase with a pair without postings (a rare pair: which documents have it is FTS5's to
/// say), more candidates than probing beats FTS5's walk for (`maximumCandidates`), other terms,
/// and filters other than dates.
struct LongPhraseSearch {
    let request: SearchRequest
    /// Candidates probed at most; nil: as many as cost less than FTS5's walk of the words, and at most 1,000
    /// (about 20 ms of probes). Tests set it, to check pages however many candidates there are.
    var maximumCandidates: Int?

    /// The page and one more, best first, and the total (as the one-pass scan's).
    typealias Result = SinglePhraseScan.Result

    func run(_ db: Database) throws -> Result? {
        let query = request.query
        guard request.sort == .relevance, request.callSid == nil, request.recordingSid == nil,
              request.statuses.isEmpty, request.accountSid == nil, !request.hasSQLOnlyFilters,
              !request.needsExactDateCheck, query.excluded.isEmpty, query.required.count == 1,
              query.required[0].count == 1, !query.required[0][0].isPrefix,
              // Three words as typed at least (wordByWord needs them), before a tokenizer is made: a one-word
              // search goes by here too.
              Self.typedWords(query.required[0][0].text).count >= 3,
              try Postings.isBuilt(db) else { return nil }
        let tokenizer = try SearchTokenizer(db)
        let text = query.required[0][0].text
        let tokens = try tokenizer.query(text)
        guard tokens.count >= 3, let words = try Self.wordByWord(text, tokens, tokenizer),
              let changed = try Postings.changedIDs(db),
              try BM25.agreesWithSQLite(db), let totals = try FTSTotals.read(db) else { return nil }
        var pairs: [WordPostings] = []
        for (first, second) in zip(tokens, tokens.dropFirst()) {
            guard let postings = try WordPostings(PairKey.key(first, second), fts5: "", db) else { return nil }
            pairs.append(postings)
        }
        // FTS5 walks every word's postings (about 0.07 µs each here); a probe costs about 20 µs, so candidates
        // past a 300th of those postings would cost more than the walk.
        var walked = 0
        for token in Set(tokens) {
            guard let postings = try WordPostings(token, fts5: "", db) else { return nil }
            walked += postings.documentFrequency
        }
        let candidateLimit = maximumCandidates ?? min(1_000, walked / 300)

        // The documents of the build with every pair (stale ones aside: FTS5 is asked about the changed ones).
        let blocks = try PostingBlocks(db)
        let stale = try blocks.positions(of: changed)
        var candidates = Set(changed)
        var tfs = [Int32](repeating: 0, count: blocks.blockSize), offsets: [Int32] = [], driving: [Int32] = []
        for block in blocks.blocks {
            let counts = pairs.map { $0.count(inBlock: block.block) }
            guard let fewest = counts.indices.min(by: { counts[$0] < counts[$1] }), counts[fewest] > 0 else { continue }
            driving.removeAll(keepingCapacity: true)
            try tfs.withUnsafeMutableBufferPointer { tfs in
                try pairs[fewest].decode(inBlock: block, db, into: tfs, collect: true, offsets: &driving)
                for offset in driving { tfs[Int(offset)] = 0 }
            }
            // Each other pair keeps the driving offsets it has too (its tfs decoded, read, and zeroed again).
            var kept = driving
            for (index, pair) in pairs.enumerated() where index != fewest && !kept.isEmpty {
                offsets.removeAll(keepingCapacity: true)
                try tfs.withUnsafeMutableBufferPointer { tfs in
                    try pair.decode(inBlock: block, db, into: tfs, collect: true, offsets: &offsets)
                    kept.removeAll { tfs[Int($0)] == 0 }
                    for offset in offsets { tfs[Int(offset)] = 0 }
                }
            }
            let staleHere = stale[block.block] ?? []
            for offset in kept where !staleHere.contains(Int(offset)) {
                candidates.insert(try blocks.id(block: block.block, offset: Int(offset)))
                guard candidates.count <= candidateLimit else { return nil }
            }
        }

        // FTS5's answer for each: the phrase's instances and the document's length, for those that have it. Probed
        // as the AND of the words (PhraseStatistics counts where they stand in a row): a probe of the phrase itself
        // would look for its next match, far away, each time.
        var found: [(id: Int64, tf: Int, dl: Int)] = []
        if !candidates.isEmpty {
            let rows = try Row.fetchCursor(db.cachedStatement(sql: """
                SELECT wanted.value, \(PhraseStatistics.functionName)(documents_fts)
                FROM json_each(?) AS wanted CROSS JOIN documents_fts ON documents_fts.rowid = wanted.value
                WHERE documents_fts MATCH ?
                """), arguments: [JSONText.integers(candidates.sorted()), words])
            while let row = try rows.next() {
                let packed: Int64 = row[1]
                if packed >> 32 > 0 { found.append((row[0], Int(packed >> 32), Int(packed & 0xFFFF_FFFF))) }
            }
        }
        // The IDF counts every document with the phrase, as FTS5's does; a date range keeps the page and total.
        return SinglePhraseScan.page(of: found, request: request, totals: totals) { id in
            request.rowidRange.map { id >= $0.low && id <= $0.high } ?? true
        }
    }

    /// The phrase as an FTS5 AND of its words, each the word as written (`"cancel" AND "my" AND "subscription"`),
    /// when each word gives exactly the phrase's token at its place; nil otherwise.
    static func wordByWord(_ text: String, _ tokens: [Token], _ tokenizer: SearchTokenizer) throws -> String? {
        let words = typedWords(text)
        guard words.count == tokens.count else { return nil }
        for (word, token) in zip(words, tokens) where try tokenizer.query(word) != [token] { return nil }
        // Letters and digits only: nothing to escape inside the quotes.
        return words.map { "\"" + $0 + "\"" }.joined(separator: " AND ")
    }

    private static func typedWords(_ text: String) -> [String] {
        text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
    }
}
