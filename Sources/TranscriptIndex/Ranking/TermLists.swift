import Foundation
import GRDB
import GRDBSQLite

/// Keeps the impact-ordered term lists (Schema/0002_term_lists.sql) in step with the full-text index.
///
/// - `rebuild` reads FTS5's own vocabulary and document lengths and writes every frequent term's list.
/// - `absorbPendingChanges` folds the transcriptions a write transaction changed into the lists, in that same
///   transaction, so the lists stay exact without a rebuild after a harvest.
/// - Searches use the lists only while no change is pending (`isCurrent`); otherwise plain FTS5 answers.
enum TermLists {
    /// Which terms get a list and how long it is; stored with the lists, so absorbing uses the build's values.
    struct Settings: Equatable {
        /// Terms in at least this many transcriptions get a list; below it, plain FTS5 scores every match in a
        /// few milliseconds (about 1.5 µs per match here).
        var minimumDocumentFrequency = 2_000
        /// Entries kept per term: a deep page with selective filters needs many.
        var entriesPerTerm = 2_000
        /// Two adjacent terms get a pair's postings (Schema/0008) when both are in at least this many
        /// transcriptions. Below it FTS5 finds the phrase fast: it seeks the other word's positions for each
        /// document of the rarer one (a phrase of a word in 20,000 of 300,000 documents with one in 242,000:
        /// 12 ms; of two in 19,000: 2 ms). Above it, every adjacent pair is kept, however rare, since FTS5
        /// walks both words in full. Why a floor at all: a corpus of many frequent words (the wide profile's
        /// 9,577 at 300,000 calls) has as many distinct pairs as tokens, 33.6 million rows there, which
        /// took 7 of an import's 12 minutes and 1.5 GB of memory to write.
        var pairMinimumDocumentFrequency = 20_000
        /// A prefix of more terms than this is read from FTS5 as one range of terms, not term by term
        /// (VocabularyScan); the lists are the same either way (tests set 0 and compare). Not stored.
        var wholePrefixTerms = 64
    }
    /// Changes a write transaction folds in itself; a larger batch (a big import) leaves the lists stale until
    /// `refresh` rebuilds them.
    static let maximumAbsorbed = 20_000
    /// The same for changed speaker parts (an Intelligence transcript has one per channel, usually two).
    static let maximumAbsorbedParts = 4 * maximumAbsorbed
    /// Rebuild when the average document length moved this much since the build: bounds stay exact, but loosen.
    static let maximumDrift = 1.10

    // MARK: State

    static func isCurrent(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT EXISTS (SELECT 1 FROM term_list_state WHERE key = 'built_at')
               AND NOT EXISTS (SELECT 1 FROM term_list_changes) AND NOT EXISTS (SELECT 1 FROM term_list_speaker_changes)
            """)) ?? false
    }

    /// The exact document frequency of a term (or a `ListUnit` prefix) that has a list; nil for one that has none.
    static func listedFrequency(of term: Token, _ db: Database) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT df FROM term_lists WHERE term = ? AND facet = ''"),
                           arguments: [term])
    }

    static func isBuilt(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM term_list_state WHERE key = 'built_at')")) ?? false
    }

    /// After an import or a harvest: make the lists current, folding in a few changes or rebuilding after many
    /// (or when the corpus drifted, or the lists were never built).
    static func refresh(_ db: Database) throws {
        // During a bulk load FTS5 lacks the loaded rows: lists built now would miss them (BulkLoad rebuilds all).
        guard try BulkLoad.marker(db) == nil else { return }
        if try isBuilt(db), try !drifted(db) {
            if try absorbPendingChanges(db) {
                // The postings take no changes in: past `Postings.maximumChanges`, they are built again (without
                // the lists), so that searches of several words keep their plan.
                if try Postings.needsRebuild(db) {
                    try Postings.rebuild(db, settings: storedSettings(db))
                }
                return
            }
        }
        try FullTextSegments.merge(db)
        try rebuild(db)
    }

    private static func drifted(_ db: Database) throws -> Bool {
        guard let totals = try FTSTotals.read(db) else { return false }
        let rowsAtBuild = try Int64.fetchOne(db, sql: "SELECT value FROM term_list_state WHERE key = 'rows'") ?? 0
        // A corpus that doubled may have new frequent terms, which only a rebuild gives lists: also when the last
        // build found none (an index that started small), which has no average length to drift from.
        if totals.rows > 2 * max(rowsAtBuild, 1_000) { return true }
        guard let built = try Double.fetchOne(db, sql: "SELECT min(avgdl) FROM term_lists WHERE facet = ''") else { return false }
        return BM25.driftFactor(builtWith: built, now: totals.averageLength) > maximumDrift
    }

    // MARK: Rebuild

    /// Rewrites every list from FTS5's vocabulary, term by term in FTS5's order: a term's instances come by
    /// document, so tf is the length of a run; dl comes from %_docsize; a prefix's frequencies are summed over
    /// its terms, which are adjacent in that order.
    static func rebuild(_ db: Database, settings: Settings? = nil) throws {
        let settings = try settings ?? storedSettings(db)
        try db.execute(sql: """
            DELETE FROM term_list_entries; DELETE FROM term_lists; DELETE FROM term_list_changes;
            DELETE FROM term_list_speaker_changes
            """)
        // The index of entries by document is built once at the end: the entries arrive in primary-key order.
        let byDocument = try DeferredIndexes.drop(on: "term_list_entries", db)
        let totals = try FTSTotals.read(db)
        var documentLengths: DocumentLengths?
        if let totals {
            // The vocabulary is streamed, twice, never held: a corpus of codes and numbers has millions of terms
            // (at 100,000 calls of the wide profile, 941,000 terms held as tokens took about 150 MB).
            var prefixes = PrefixCounts()
            var counting = try VocabularyStream(db, speakerTerms: false)
            while let (term, frequency) = try counting.next() { prefixes.add(term: term, documentFrequency: frequency) }
            var lengths = try DocumentLengths.load(db)
            documentLengths = lengths
            let parts = try SpeakerParts.load(into: &lengths, db)
            var scan = VocabularyScan(settings: settings, prefixes: prefixes, lengths: lengths,
                                      parts: parts, averageLength: totals.averageLength)
            // In FTS5's (binary) order, which keeps a prefix's terms together. A term only speaker parts have (no
            // document's text) still counts for its prefix's speaker lists, as FTS5's `ref*` on speaker_fts
            // counts it: merged in, in the same order.
            var vocabulary = try VocabularyStream(db, speakerTerms: !parts.isEmpty)
            // One query per term, reading only the document column: fts5vocab materialises the term text for
            // every instance otherwise (25 s of a 47 s rebuild at 1M).
            let documents = try InstanceWalk(db, sql: "SELECT doc FROM documents_vocab_instance WHERE term = ?")
            let speakerParts = try InstanceWalk(db, sql: "SELECT doc FROM speaker_vocab_instance WHERE term = ?")
            // A prefix of many terms at once: its terms are the range [unit, unit with its last byte + 1).
            let documentRange = try InstanceWalk(db, sql: "SELECT doc FROM documents_vocab_instance WHERE term >= ? AND term < ?")
            let speakerRange = try InstanceWalk(db, sql: "SELECT doc FROM speaker_vocab_instance WHERE term >= ? AND term < ?")
            while let (term, frequency) = try vocabulary.next() {
                try scan.startTerm(term, documentFrequency: frequency)
                // Only the vocabulary's statements are stepping here (the instance walks reset after each term):
                // the lists finished so far are written.
                for (unit, facet, list) in scan.takeFinished() {
                    try write(term: unit, facet: facet, list: list, avgdl: totals.averageLength, db)
                }
                if let unit = scan.takeWholePrefix() {
                    let (low, high) = ListUnit.termRange(of: unit)
                    if !parts.isEmpty { try speakerRange.forEach(low, high) { scan.add(prefixSpeakerPart: $0) } }
                    try documentRange.forEach(low, high) { try scan.add(prefixInstance: $0) }
                }
                // The term's speaker parts first: which roles said it, for its documents' speaker lists.
                if scan.needsSpeakerInstances {
                    try speakerParts.forEach(term) { scan.add(speakerPart: $0) }
                }
                guard scan.needsInstances else { continue }
                try documents.forEach(term) { try scan.add(document: $0) }
            }
            for (unit, facet, list) in try scan.finish() {
                try write(term: unit, facet: facet, list: list, avgdl: totals.averageLength, db)
            }
        }
        try byDocument.create(db)
        try Postings.rebuild(db, settings: settings,
                             lengths: documentLengths ?? DocumentLengths(facets: DocumentFacets(withSources: false)))
        try db.execute(sql: """
            INSERT OR REPLACE INTO term_list_state(key, value)
            VALUES ('built_at', ?), ('rows', ?), ('minimum_df', ?), ('entries_per_term', ?), ('pair_minimum_df', ?)
            """, arguments: [Int64(Date().timeIntervalSince1970), totals?.rows ?? 0,
                             settings.minimumDocumentFrequency, settings.entriesPerTerm,
                             settings.pairMinimumDocumentFrequency])
    }

    static func storedSettings(_ db: Database) throws -> Settings {
        var settings = Settings()
        for row in try Row.fetchAll(db, sql: "SELECT key, value FROM term_list_state") {
            switch row["key"] as String {
            case "minimum_df": settings.minimumDocumentFrequency = row["value"]
            case "entries_per_term": settings.entriesPerTerm = row["value"]
            case "pair_minimum_df": settings.pairMinimumDocumentFrequency = row["value"]
            default: break
            }
        }
        return settings
    }

    private static func write(term: Token, facet: ListFacet, list: FinishedList, avgdl: Double, _ db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO term_lists(term, facet, df, avgdl, cutoff, entries) VALUES (?, ?, ?, ?, ?, ?)
            """).execute(arguments: [term, facet.key, list.documentFrequency, avgdl, list.cutoff, list.entries.count])
        let insert = try db.cachedStatement(sql: """
            INSERT INTO term_list_entries(term, facet, impact, id, tf, dl) VALUES (?, ?, ?, ?, ?, ?)
            """)
        for entry in list.entries {
            try insert.execute(arguments: [term, facet.key, entry.impact, entry.id, entry.tf, entry.dl])
        }
    }
}

/// The terms of documents_fts in FTS5's binary order with their document counts, merged (when asked) with the
/// terms of speaker_fts that no document has (count 0): read row by row from fts5vocab, never held whole.
private struct VocabularyStream {
    private let documents: Statement
    private let speakers: Statement?
    private var nextDocument: (Token, Int)?
    private var nextSpeaker: Token?

    init(_ db: Database, speakerTerms: Bool) throws {
        documents = try db.makeStatement(sql: "SELECT term, doc FROM documents_vocab_row")
        speakers = speakerTerms ? try db.makeStatement(sql: "SELECT term FROM speaker_vocab_row") : nil
        nextDocument = try Self.step(documents).map { ($0, Int(sqlite3_column_int64(documents.sqliteStatement, 1))) }
        nextSpeaker = try speakers.flatMap(Self.step)
    }

    mutating func next() throws -> (Token, Int)? {
        switch (nextDocument, nextSpeaker) {
        case (nil, nil):
            return nil
        case (let document?, let speaker?) where speaker.utf8.lexicographicallyPrecedes(document.0.utf8):
            nextSpeaker = try Self.step(speakers!)
            return (speaker, 0)
        case (let document?, let speaker):
            if speaker == document.0 { nextSpeaker = try Self.step(speakers!) }
            nextDocument = try Self.step(documents).map { ($0, Int(sqlite3_column_int64(documents.sqliteStatement, 1))) }
            return document
        case (nil, let speaker?):
            nextSpeaker = try Self.step(speakers!)
            return (speaker, 0)
        }
    }

    /// The next row's term (column 0), or nil at the end.
    private static func step(_ statement: Statement) throws -> Token? {
        let handle = statement.sqliteStatement
        let code = sqlite3_step(handle)
        if code == SQLITE_DONE { return nil }
        guard code == SQLITE_ROW else {
            throw IndexError(.database, "cannot read the full-text vocabulary (SQLite error \(code))")
        }
        let count = Int(sqlite3_column_bytes(handle, 0))
        guard count > 0, let bytes = sqlite3_column_blob(handle, 0) else { return Token(utf8: []) }
        return Token(utf8: Array(UnsafeRawBufferPointer(start: bytes, count: count)))
    }
}

struct ListEntry {
    var impact: Double
    var id: Int64
    var tf: Int
    var dl: Int

    /// The lists' order: impact descending, then id ascending (a total order, so ties cut consistently).
    static func better(_ a: ListEntry, _ b: ListEntry) -> Bool {
        a.impact != b.impact ? a.impact > b.impact : a.id < b.id
    }
}

/// The best `capacity` entries of a stream, and the best impact among those it dropped.
struct ListBuilder {
    let capacity: Int
    private var entries: [ListEntry] = []
    private var cutoff = 0.0
    /// Entries added: the list's document frequency.
    private(set) var count = 0

    init(capacity: Int) { self.capacity = capacity }

    mutating func add(_ entry: ListEntry) {
        count += 1
        entries.append(entry)
        // Amortised selection: sort and cut whenever the buffer holds four lists' worth.
        if entries.count >= 4 * capacity { trim() }
    }

    private mutating func trim() {
        entries.sort(by: ListEntry.better)
        if entries.count > capacity {
            cutoff = max(cutoff, entries[capacity].impact)
            entries.removeLast(entries.count - capacity)
        }
    }

    mutating func finished() -> FinishedList {
        trim()
        return FinishedList(entries: entries, cutoff: cutoff, documentFrequency: count)
    }
}

struct FinishedList {
    var entries: [ListEntry]
    var cutoff: Double
    var documentFrequency: Int
}

/// Every row's length in tokens, from FTS5's %_docsize (one varint per column; there is one column), in rowid order,
/// with each row's facets.
struct DocumentLengths {
    var ids: [Int64] = []
    var lengths: [Int32] = []
    var facets: DocumentFacets

    static func load(_ db: Database) throws -> DocumentLengths {
        let sources = try Row.fetchOne(db, sql: "SELECT min(source), max(source) FROM documents")
        let oneSource = (sources?[0] as String?) == (sources?[1] as String?)
        var result = DocumentLengths(facets: DocumentFacets(withSources: !oneSource))
        let rows = try Row.fetchCursor(db, sql: """
            SELECT s.id, s.sz, t.source, lower(t.language) FROM documents_fts_docsize s
            LEFT JOIN documents t ON t.id = s.id ORDER BY s.id
            """)
        while let row = try rows.next() {
            let size: Data = row[1]
            var reader = VarintReader(bytes: [UInt8](size))
            result.ids.append(row[0])
            result.lengths.append(Int32(reader.next() ?? 0))
            result.facets.append(source: row[2], language: row[3])
        }
        return result
    }

    /// The length of `id`, searching forward from `hint` (ids arrive in ascending order within one term).
    func length(of id: Int64, hint: inout Int) -> Int? {
        position(of: id, hint: &hint).map { Int(lengths[$0]) }
    }

    /// Where `id` is in `ids`, searching forward from `hint`.
    func position(of id: Int64, hint: inout Int) -> Int? {
        ids.gallopingIndex(of: id, hint: &hint)
    }
}
