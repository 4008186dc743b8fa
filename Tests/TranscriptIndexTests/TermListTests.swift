import Foundation
import GRDB
import Testing
import TwilioCorpus
@testable import TranscriptIndex

/// The term lists (Schema/0002_term_lists.sql) answer ranked searches on frequent words without scoring every
/// match. Whatever they answer must be exactly what FTS5's exhaustive bm25 answers: same rows, same order,
/// same scores (to the bit), same totals and cursors — on every page, with filters, after the index changed.
// Serialized: each test imports a corpus synchronously, and several at once starve the async tests of the
// cooperative pool on a 2-core machine.
@Suite("Ranked search through the term lists is exact", .serialized)
struct TermListTests {
    typealias P = SearchParameters

    /// Small lists on the 3,000-call corpus, so that searches cross their ends and fall back to FTS5 too.
    static let settings = TermLists.Settings(minimumDocumentFrequency: 100, entriesPerTerm: 60,
                                             pairMinimumDocumentFrequency: 100)

    static let queries: [P] = [
        P(query: "refund"),
        P(query: "refunds", limit: "7"),
        P(query: "refund order"),
        P(query: "order refund account", limit: "3"),
        P(query: "the", limit: "50"),
        P(query: "refund refund"),
        P(query: "refund -cancel"),
        P(query: "payment -\"late fee\""),
        P(query: "refund", statuses: ["completed"]),
        P(query: "refund", statuses: ["failed"]),
        P(query: "order", from: "2024-03-05", to: "2024-03-20"),
        P(query: "order account", from: "2024-03-10", to: "2024-03-11", statuses: ["completed", "in-progress"]),
        P(query: "refund", accountSid: CorpusGenerator.defaultAccountSid),
        P(query: "ref*"),
        P(query: "ref* order", statuses: ["completed"], limit: "9"),
        P(query: "pay* -card"),
        P(query: "re*"),                  // shorter than the prefix index: not a term-list search
        P(query: "refu*"),                // longer: not a term-list search
        // One phrase without a list: SinglePhraseScan (one pass over the matches).
        P(query: "\"your account\""),
        P(query: "\"thank you\"", from: "2024-03-05", to: "2024-03-09", limit: "11"),
        P(query: "\"refund order\"", statuses: ["completed"]),
        P(query: "\"the\"", statuses: ["failed", "in-progress"]),
        P(query: "dvorak"),
        P(query: "late-fee"),            // two tokens: a phrase for FTS5, so not a term-list search
        P(query: "refund OR return"),     // OR: not a term-list search
        P(query: "dvorak refund"),        // a rare word: not a term-list search
        // Sorted by date: the total of one listed word or prefix is its list's document frequency.
        P(query: "refund", sort: "newest", limit: "9"),
        P(query: "ref*", sort: "oldest"),
        P(query: "the", from: "2024-03-05", sort: "newest"),
    ]

    /// Follows every page of both strategies and requires them to be identical (cursors included).
    static func expectSameAsFTS5(_ database: IndexDatabase, _ parameters: P, maxPages: Int = 40,
                                 sourceLocation: SourceLocation = #_sourceLocation) throws {
        var parameters = parameters
        for _ in 0..<maxPages {
            let request = try parameters.validated()
            let page = try database.search(request)
            let reference = try database.search(request, strategy: .fullTextOnly)
            #expect(page == reference, "\(parameters.query ?? "") cursor \(parameters.cursor ?? "-")",
                    sourceLocation: sourceLocation)
            guard page == reference, let next = page.nextCursor else { return }
            parameters.cursor = next
        }
    }

    /// Whether the term lists answer this search (rather than falling back to FTS5).
    static func answeredByLists(_ database: IndexDatabase, _ parameters: P) throws -> Bool {
        let request = try parameters.validated()
        return try database.read { db in try TermListSearch(request: request).run(db) } != nil
    }

    static func rebuild(_ database: IndexDatabase) throws {
        try database.write { db in try TermLists.rebuild(db, settings: settings) }
    }

    @Test("every page of every query equals FTS5's ORDER BY rank")
    func pagesEqualFTS5() throws {
        try withCorpusIndex { database in
            try Self.rebuild(database)
            for parameters in Self.queries {
                try Self.expectSameAsFTS5(database, parameters)
            }
            // The lists did the work where they should, and declined where they cannot be exact.
            #expect(try Self.answeredByLists(database, P(query: "refund")))
            #expect(try Self.answeredByLists(database, P(query: "refund order")))
            #expect(try Self.answeredByLists(database, P(query: "refund", statuses: ["completed"])))
            #expect(try Self.answeredByLists(database, P(query: "refund -cancel")))
            #expect(try Self.answeredByLists(database, P(query: "ref*")))
            #expect(try Self.answeredByLists(database, P(query: "ref* order")))
            #expect(try !Self.answeredByLists(database, P(query: "refu*")))
            #expect(try !Self.answeredByLists(database, P(query: "late-fee")))
            #expect(try !Self.answeredByLists(database, P(query: "refund OR return")))
            #expect(try !Self.answeredByLists(database, P(query: "dvorak refund")))
            #expect(try !Self.answeredByLists(database, P(query: "\"refund order\"")))
            for (phrase, scans) in [(P(query: "\"your account\""), true), (P(query: "re*"), true),
                                    // Filters make FTS5 faster: it applies a date range inside its index.
                                    (P(query: "\"refund order\"", statuses: ["completed"]), false),
                                    (P(query: "\"thank you\"", from: "2024-03-05"), false)] {
                let request = try phrase.validated()
                let scanned = try database.read { db in try SinglePhraseScan(request: request).run(db) }
                #expect((scanned != nil) == scans, "\(phrase.query ?? "")")
            }
        }
    }

    @Test("one word without filters: the total comes from the list, and equals FTS5's count")
    func totalFromList() throws {
        try withCorpusIndex { database in
            try Self.rebuild(database)
            let request = try P(query: "refund").validated()
            let result = try #require(try database.read { db in try TermListSearch(request: request).run(db) })
            let counted = try database.read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'refund'")
            }
            #expect(result.total == counted)
            #expect(result.total ?? 0 > 1_000)
        }
    }

    @Test("writes fold into the lists in their own transaction; the lists stay exact and equal a rebuild")
    func changesAreAbsorbed() throws {
        try withCorpusIndex { database in
            try Self.rebuild(database)
            let top = try database.search(try P(query: "refund", limit: "3").validated()).hits.map(\.sid)
            let outcomes = try database.writeBatch { batch throws -> [Bool] in
                // A new best match (short, the word five times), a top match losing the word, a deletion.
                let new = Transcription(sid: "TR" + String(repeating: "f", count: 32),
                                        accountSid: CorpusGenerator.defaultAccountSid, status: "completed",
                                        dateCreated: 1_710_000_000, dateUpdated: 1_710_000_000,
                                        text: "refund refund refund refund refund")
                return [try batch.upsert(new) == .added, try batch.setText(sid: top[1], text: "nothing to see here"),
                        try batch.deleteDocument(.transcription, sid: top[2])]
            }
            #expect(outcomes == [true, true, true])
            #expect(try database.read { try TermLists.isCurrent($0) })
            #expect(try Self.answeredByLists(database, P(query: "refund")))
            let page = try database.search(try P(query: "refund", limit: "5").validated())
            #expect(page.hits.first?.sid == "TR" + String(repeating: "f", count: 32))
            #expect(!page.hits.contains { $0.sid == top[1] || $0.sid == top[2] })
            for parameters in Self.queries.prefix(8) {
                try Self.expectSameAsFTS5(database, parameters, maxPages: 10)
            }
            // Document frequencies kept by absorbing equal the ones a rebuild reads from FTS5.
            let absorbed = try Self.documentFrequencies(database)
            try Self.rebuild(database)
            #expect(try Self.documentFrequencies(database) == absorbed)
            #expect(absorbed[Token("refund")] != nil)
        }
    }

    @Test("pending changes make the lists unused, not wrong; refresh brings them back")
    func staleListsAreNotUsed() throws {
        try withCorpusIndex { database in
            try Self.rebuild(database)
            try database.write { db in
                // A write outside writeBatch (as a future code path might make) leaves its change pending.
                try db.execute(sql: "UPDATE documents SET text = 'refund refund' WHERE id = (SELECT min(id) FROM documents WHERE text IS NOT NULL)")
            }
            #expect(try !database.read { try TermLists.isCurrent($0) })
            #expect(try !Self.answeredByLists(database, P(query: "refund")))
            try Self.expectSameAsFTS5(database, P(query: "refund"), maxPages: 3)
            try database.refreshTermLists()
            #expect(try database.read { try TermLists.isCurrent($0) })
            #expect(try Self.answeredByLists(database, P(query: "refund")))
            try Self.expectSameAsFTS5(database, P(query: "refund"), maxPages: 3)
        }
    }

    @Test("an import builds the lists; a word in fewer transcriptions than the minimum gets none")
    func importBuildsLists() throws {
        try withCorpusIndex { database in
            // withCorpusIndex imported through TwilioImporter, which refreshes with the default settings:
            // of 3,000 calls, only the commonest words are in 2,000 transcriptions.
            #expect(try database.read { try TermLists.isCurrent($0) })
            let defaults = try Self.documentFrequencies(database)
            #expect(defaults[Token("the")] ?? 0 >= 2_000)
            #expect(defaults.values.allSatisfy { $0 >= 2_000 })
            #expect(defaults[Token("refund")] == nil)
            try Self.rebuild(database)
            let frequencies = try Self.documentFrequencies(database)
            #expect(frequencies.values.allSatisfy { $0 >= 100 })
            #expect(frequencies[Token("dvorak")] == nil)
            #expect(frequencies[Token("ref*")] ?? 0 > frequencies[Token("refund")] ?? 0)
        }
    }

    @Test("an index that started too small for any list gets them once it has grown (harvest-sized batches)")
    func smallIndexGetsListsWhenItGrows() throws {
        try withFreshIndex { (database, dir) throws in
            // A first import of 1,000 calls: the lists are built, and empty (no word is in 2,000 transcriptions).
            let first = CorpusFixture.calls.prefix(1_000).map { $0.recordingJSON() + "\n" + $0.transcriptionJSON() + "\n" }.joined()
            _ = try TwilioImporter(database: database).importSource(try dir.write("first.ndjson", first))
            #expect(try database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM term_lists") } == 0)
            // Then the rest, 1,000 calls an import: each is folded into the lists, none is large enough to force a
            // rebuild on its own (as a harvest's pages are not). Through the triggers, as a harvest writes: a bulk
            // load (the index still has 1,000 documents) would rebuild the lists itself.
            let rest = Array(CorpusFixture.calls.dropFirst(1_000))
            var importer = TwilioImporter(database: database)
            importer.bulkLoadWhenSuited = false
            for start in stride(from: 0, to: rest.count, by: 1_000) {
                let part = rest[start..<min(start + 1_000, rest.count)]
                    .map { $0.recordingJSON() + "\n" + $0.transcriptionJSON() + "\n" }.joined()
                _ = try importer.importSource(try dir.write("part-\(start).ndjson", part))
            }
            let frequencies = try Self.documentFrequencies(database)
            #expect(frequencies[Token("the")] ?? 0 >= 2_000, "\(frequencies.count) lists")
            #expect(try database.read { try TermLists.isCurrent($0) })
        }
    }

    @Test("an index from version 1 migrates, answers through FTS5 until refreshed, then through the lists")
    func versionOneIndexMigrates() throws {
        try withTemporaryDirectory { dir in
            let path = dir.path("v1.sqlite")
            let queue = try DatabaseQueue(path: path)
            try queue.write { db in
                try db.execute(sql: EmbeddedSchema.migrations[0].sql)
                try db.execute(sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
                try db.execute(sql: "INSERT INTO grdb_migrations VALUES (?)", arguments: [EmbeddedSchema.migrations[0].name])
                for index in 0..<300 {
                    try db.execute(sql: """
                        INSERT INTO transcriptions (id, sid, status, date_created, text) VALUES (?, ?, 'completed', ?, ?)
                        """, arguments: [(Int64(1_700_000_000 + index) << 20), "TR" + String(format: "%032x", index),
                                         1_700_000_000 + index, index % 3 == 0 ? "order only \(index)"
                                             : String(repeating: "refund ", count: 1 + index % 7) + "order "
                                                + String(repeating: "filler ", count: index % 13) + "n\(index)"])
                }
            }
            try queue.close()
            let database = try IndexDatabase.openForWriting(path: path)
            defer { try? database.close() }
            #expect(try !database.read { try TermLists.isCurrent($0) })
            #expect(try !Self.answeredByLists(database, P(query: "refund")))
            try Self.expectSameAsFTS5(database, P(query: "refund order", limit: "7"))
            try database.write { db in try TermLists.rebuild(db, settings: .init(minimumDocumentFrequency: 10, entriesPerTerm: 20)) }
            #expect(try Self.answeredByLists(database, P(query: "refund", limit: "7")))
            try Self.expectSameAsFTS5(database, P(query: "refund", limit: "7"))
            try Self.expectSameAsFTS5(database, P(query: "refund order", limit: "7"))
            #expect(try database.search(try P(query: "refund").validated()).total == 200)
        }
    }

    @Test("terms that differ only in Unicode normalisation stay two terms, as in FTS5 (bytes, not String ==)")
    func normalisationFormsAreDistinctTerms() throws {
        let composed = "\u{D55C}\u{AD6D}\u{C5B4}"           // 한국어, precomposed (NFC)
        let decomposed = composed.decomposedStringWithCanonicalMapping  // the same, as jamo (NFD)
        #expect(composed == decomposed && Array(composed.utf8) != Array(decomposed.utf8))
        try withFreshIndex { database, _ in
            try database.writeBatch { batch in
                for index in 0..<150 {
                    let word = index % 3 == 0 ? decomposed : composed
                    _ = try batch.upsert(Transcription(sid: "TR" + String(format: "%032x", index), status: "completed",
                        dateCreated: 1_700_000_000 + Int64(index), dateUpdated: 1_700_000_000,
                        text: "refund " + String(repeating: "\(word) ", count: 1 + index % 4) + String(repeating: "x ", count: index % 9)))
                }
            }
            try database.write { db in try TermLists.rebuild(db, settings: .init(minimumDocumentFrequency: 20, entriesPerTerm: 10)) }
            try database.writeBatch { batch in
                for index in 150..<170 {
                    _ = try batch.upsert(Transcription(sid: "TR" + String(format: "%032x", index), status: "completed",
                        dateCreated: 1_700_000_000 + Int64(index), dateUpdated: 1_700_000_000,
                        text: "refund \(decomposed) \(decomposed) \(decomposed) \(decomposed) \(decomposed)"))
                }
            }
            let absorbed = try Self.documentFrequencies(database)
            let counted = try database.read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?",
                                 arguments: ["\"" + decomposed + "\""])
            }
            #expect(absorbed[Token(decomposed)] == counted)
            #expect(absorbed[Token(composed)] == 100)
            for query in ["refund -\(composed)", "refund -\(decomposed)", composed, decomposed, "refund \(decomposed)"] {
                try Self.expectSameAsFTS5(database, P(query: query, limit: "7"))
            }
            try database.write { db in try TermLists.rebuild(db) }
            #expect(try Self.documentFrequencies(database) == absorbed)
        }
    }

    @Test("this platform's SQLite computes bm25 to the bit as BM25 does (else the fast paths switch off)")
    func bm25AgreesWithSQLite() throws {
        try withCorpusIndex { database in
            let agrees = try database.read { db in try BM25.agreesWithSQLite(db) }
            #expect(agrees)
        }
    }

    /// Keyed by the terms' bytes, as FTS5 keys them.
    static func documentFrequencies(_ database: IndexDatabase) throws -> [Token: Int] {
        try database.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT term, df FROM term_lists WHERE facet = ''").map {
                (Token($0["term"] as String), $0["df"] as Int)
            })
        }
    }
}

/// The total of a word search with a status filter is counted from the small side of the filter; it must
/// equal the plain join's count whichever side that is.
@Suite("Status-filtered totals")
struct StatusSplitCountTests {
    @Test("equals the join count for every status set, with and without a date range, probed or merged")
    func equalsJoinCount() throws {
        try withCorpusIndex { database in
            // Make the sides less lopsided than Twilio's: some failed calls get text.
            try database.write { db in
                try db.execute(sql: "UPDATE documents SET text = 'refund order failed twice' WHERE status = 'failed' AND id % 2 = 0")
            }
            let range: (Int64, Int64) = (Int64(1_709_856_000) << 20, (Int64(1_710_460_800) << 20) | 0xFFFFF)
            let statusSets = [["completed"], ["failed"], ["in-progress"], ["completed", "failed"], ["failed", "in-progress"]]
            for match in ["\"refund\"", "\"refund\" AND \"order\"", "\"dvorak\""] {
                for statuses in statusSets {
                    for (low, high) in [(Int64.min, Int64.max), range] {
                        let joined = try database.read { db in
                            try Int.fetchOne(db, sql: """
                                SELECT count(*) FROM documents_fts CROSS JOIN documents t ON t.id = documents_fts.rowid
                                WHERE documents_fts MATCH ? AND documents_fts.rowid BETWEEN ? AND ?
                                  AND t.status IN (SELECT value FROM json_each(?))
                                """, arguments: [match, low, high, "[" + statuses.map { "\"\($0)\"" }.joined(separator: ",") + "]"]) ?? -1
                        }
                        for limit in [0, 10, 2_000] {
                            var counter = StatusSplitCount(match: match, statuses: statuses, low: low, high: high)
                            counter.probeLimit = limit
                            let counted = try database.read { db in try counter.count(db) }
                            // Limit 0: neither side is small, so the ids are merged with FTS5's matches.
                            #expect(counted == joined, "\(match) \(statuses) limit \(limit)")
                        }
                    }
                }
            }
        }
    }
}
