import Foundation
import GRDB
import Testing
import TwilioCorpus
@testable import TranscriptIndex

extension TermListTests {
    /// The postings (Schema/0008_postings.sql) score every match of a ranked AND, OR or NOT search of frequent
    /// words. Whatever they answer must be what FTS5's bm25 answers: the same rows in the same order, the same
    /// scores to the bit, the same totals and cursors, on every page, after the index changed too.
    /// Nested in TermListTests: its corpus imports are synchronous, and serialized with the others.
    @Suite("Ranked search through the postings is exact")
    struct PostingsSearchTests {
        typealias P = SearchParameters

        static let queries: [P] = [
            P(query: "refund order"),
            P(query: "order refund account", limit: "3"),
            P(query: "refund refund order"),
            P(query: "Refund order REFUND"),
            P(query: "refund OR return"),
            P(query: "refund OR return order", limit: "13"),
            P(query: "refund -cancel"),
            P(query: "order -refund -cancel", limit: "50"),
            P(query: "refund order", from: "2024-03-05", to: "2024-03-20"),
            P(query: "order account", from: "2024-03-10", to: "2024-03-11", limit: "4"),
            P(query: "refund OR order", from: "2024-03-29"),
            // Two-word phrases: the pairs' postings.
            P(query: "\"your account\""),
            P(query: "\"thank you\" refund", limit: "7"),
            P(query: "\"your account\" OR \"thank you\"", from: "2024-03-05", to: "2024-03-09"),
            P(query: "late-fee order"),
            P(query: "payment -\"late fee\""),
            // Prefixes without a prefix index of their length: their terms' postings summed (PrefixPostings).
            P(query: "ca*"),
            P(query: "refun*", limit: "9"),
            P(query: "ca* order"),
            P(query: "ref* order"),
            P(query: "refund -ca*", limit: "30"),
            P(query: "re* OR ca*", from: "2024-03-05", to: "2024-03-20"),
        ]

        /// Whether the postings answer this search (rather than another plan).
        static func answeredByPostings(_ database: IndexDatabase, _ parameters: P) throws -> Bool {
            let request = try parameters.validated()
            return try database.read { db in try PostingsSearch(request: request).run(db) } != nil
        }

        /// The lists and postings of TermListTests' small settings, in blocks of `blockSize` positions: the
        /// corpus's 3,000 documents in 12 blocks, so that ranges, candidates and ties cross block ends.
        static func build(_ database: IndexDatabase, blockSize: Int = 256,
                          settings: TermLists.Settings = TermListTests.settings) throws {
            try database.write { db in
                try TermLists.rebuild(db, settings: settings)
                try Postings.rebuild(db, settings: settings, blockSize: blockSize)
            }
        }

        @Test("pairs only of words in at least the pairs' minimum of documents; a phrase of a rarer word is FTS5's, with the same pages")
        func pairsOfFrequentWordsOnly() throws {
            try withCorpusIndex { database in
                // Pairs of words in more documents than `your` only: its pair has no postings, and FTS5 answers it.
                let your = try database.read { db in try Int.fetchOne(db, sql: "SELECT doc FROM documents_vocab_row WHERE term = 'your'")! }
                #expect(your >= TermListTests.settings.minimumDocumentFrequency)
                var settings = TermListTests.settings
                settings.pairMinimumDocumentFrequency = your + 1
                try Self.build(database, settings: settings)
                let (pairs, belowMinimum) = try database.read { db in
                    let frequencies = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT term, doc FROM documents_vocab_row")
                        .map { ($0[0] as String, $0[1] as Int) })
                    let keys = try String.fetchAll(db, sql: "SELECT DISTINCT term FROM postings WHERE term LIKE '% %'")
                    let below = keys.filter { key in key.split(separator: " ").contains { frequencies[String($0), default: 0] <= your } }
                    return (keys.count, below)
                }
                #expect(pairs > 0)
                #expect(belowMinimum.isEmpty)
                let parameters = P(query: "\"your account\"")
                #expect(try !Self.answeredByPostings(database, parameters))
                try TermListTests.expectSameAsFTS5(database, parameters, maxPages: 20)
                // A later rebuild (after many changes) keeps the stored minimum.
                #expect(try database.read { db in try TermLists.storedSettings(db).pairMinimumDocumentFrequency } == your + 1)
            }
        }

        static func changes(_ database: IndexDatabase) throws -> Int {
            try database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM posting_changes")! }
        }

        @Test("every page of AND, OR and NOT searches equals FTS5's, across block ends and in date ranges")
        func pagesEqualFTS5() throws {
            try withCorpusIndex { database in
                try Self.build(database)
                #expect(try database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM posting_blocks") } == 12)
                for parameters in Self.queries {
                    #expect(try Self.answeredByPostings(database, parameters), "\(parameters.query ?? "")")
                    #expect(try database.search(parameters.validated()).total > 0, "\(parameters.query ?? "")")
                    try TermListTests.expectSameAsFTS5(database, parameters, maxPages: 200)
                }
            }
        }

        @Test("one block, the size searches use at scale, gives the same pages")
        func oneBlock() throws {
            try withCorpusIndex { database in
                try Self.build(database, blockSize: Postings.defaultBlockSize)
                for parameters in Self.queries.prefix(6) {
                    #expect(try Self.answeredByPostings(database, parameters))
                    try TermListTests.expectSameAsFTS5(database, parameters, maxPages: 20)
                }
            }
        }

        @Test("documents written since the build are scored from FTS5: pages, scores and totals stay FTS5's")
        func changesSinceTheBuild() throws {
            try withCorpusIndex { database in
                try Self.build(database)
                let top = try database.search(P(query: "refund order", limit: "3").validated()).hits.map(\.sid)
                let newSid = "TR" + String(repeating: "e", count: 32)
                try database.writeBatch { batch in
                    // A new best match dated inside the corpus (its id falls between two positions), a top match
                    // losing both words, a deletion.
                    let new = Transcription(sid: newSid, accountSid: CorpusGenerator.defaultAccountSid,
                                            status: "completed", dateCreated: 1_710_000_000, dateUpdated: 1_710_000_000,
                                            text: "refund order refund order")
                    _ = try batch.upsert(new)
                    _ = try batch.setText(sid: top[1], text: "nothing to see here")
                    _ = try batch.deleteDocument(.transcription, sid: top[2])
                }
                #expect(try Self.changes(database) == 3)
                #expect(try Self.answeredByPostings(database, P(query: "refund order")))
                let page = try database.search(P(query: "refund order", limit: "5").validated())
                #expect(page.hits.first?.sid == newSid)
                #expect(!page.hits.contains { $0.sid == top[1] || $0.sid == top[2] })
                for parameters in Self.queries {
                    try TermListTests.expectSameAsFTS5(database, parameters, maxPages: 200)
                }
            }
        }

        @Test("past the changes a search takes in, the other plans answer; the next refresh builds them again")
        func tooManyChanges() throws {
            try withCorpusIndex { database in
                try Self.build(database)
                try database.writeBatch { batch in
                    for index in 0...Postings.maximumChanges {
                        let sid = "TR" + String(format: "%032x", 0xabc000 + index)
                        _ = try batch.upsert(Transcription(sid: sid, accountSid: CorpusGenerator.defaultAccountSid,
                                                           status: "completed", dateCreated: 1_712_000_000 + Int64(index),
                                                           dateUpdated: 1_712_000_000, text: "refund order \(index)"))
                    }
                }
                #expect(try Self.changes(database) == Postings.maximumChanges + 1)
                #expect(try !Self.answeredByPostings(database, P(query: "refund order")))
                try TermListTests.expectSameAsFTS5(database, P(query: "refund order"), maxPages: 3)
                try database.refreshTermLists()
                #expect(try Self.changes(database) == 0)
                #expect(try Self.answeredByPostings(database, P(query: "refund order")))
                try TermListTests.expectSameAsFTS5(database, P(query: "refund order"), maxPages: 3)
                let total = try database.search(P(query: "refund order").validated()).total
                #expect(total == (try database.read { db in
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'refund order'")
                }))
            }
        }

        @Test("a prefix's rare terms, between its frequent ones and after them, count as FTS5 counts them")
        func prefixWithRareTerms() throws {
            try withCorpusIndex { database in
                // Terms of "ca*" and "refu*" below the postings' threshold, on both sides of frequent ones
                // (card, cancel, call, refund), some with several instances, one document with only rare ones.
                try database.writeBatch { batch in
                    for (index, text) in ["cabbage calx calx refund", "cancelz cancelz cancelz", "caz order", "cardz refuse refusal",
                                          "calzone cab ca", "refurbish refurbish refund order"].enumerated() {
                        _ = try batch.upsert(Transcription(
                            sid: "TR" + String(format: "%032x", 0xca0000 + index), accountSid: CorpusGenerator.defaultAccountSid,
                            status: "completed", dateCreated: 1_709_900_000 + Int64(index) * 86_400, dateUpdated: 1_709_900_000,
                            text: text))
                    }
                }
                try Self.build(database)
                #expect(try Self.changes(database) == 0)
                // cancel* and card*: the prefix is itself a frequent term (no gap before it).
                let queries = [P(query: "ca*"), P(query: "ca*", limit: "3"), P(query: "cal* order"), P(query: "refu*"),
                               P(query: "refu* order"), P(query: "cancel -calz*"), P(query: "qqzv*"), P(query: "qqzv* order"),
                               P(query: "cancel*"), P(query: "card* OR refu*", limit: "11")]
                for parameters in queries {
                    #expect(try Self.answeredByPostings(database, parameters), "\(parameters.query ?? "")")
                    try TermListTests.expectSameAsFTS5(database, parameters, maxPages: 300)
                }
                // Changed since the build: a new document with frequent and rare terms of ca*, a built one that
                // loses its, one deleted; FTS5 is asked about those three in one pass per prefix.
                let built = try database.search(P(query: "ca*", limit: "2").validated()).hits.map(\.sid)
                try database.writeBatch { batch in
                    _ = try batch.upsert(Transcription(sid: "TR" + String(repeating: "c", count: 32), accountSid: CorpusGenerator.defaultAccountSid,
                                                       status: "completed", dateCreated: 1_710_100_000, dateUpdated: 1_710_100_000,
                                                       text: "calx card card cancelz refund"))
                    _ = try batch.setText(sid: built[0], text: "order only")
                    _ = try batch.deleteDocument(.transcription, sid: built[1])
                }
                #expect(try Self.changes(database) == 3)
                for parameters in queries {
                    #expect(try Self.answeredByPostings(database, parameters), "\(parameters.query ?? "")")
                    try TermListTests.expectSameAsFTS5(database, parameters, maxPages: 300)
                }
                let onlyRare = try database.search(P(query: "cabb* calzo*").validated())
                #expect(onlyRare.total == 0)
                #expect(try database.search(P(query: "cabb*").validated()).total == 1)
            }
        }

        /// Phrases of the corpus's most frequent words, whose pairs all have postings.
        static let longPhrases = ["the to and i you", "to the the to and", "the the to", "the to and", "and the to the",
                                  "you the to and i", "the the the", "The, to: AND i"]

        @Test("a phrase of three words or more: its pairs' candidates probed in FTS5 give FTS5's pages, scores and totals")
        func longPhrases() throws {
            try withCorpusIndex { database in
                try Self.build(database)
                // The search's own limit on candidates (what FTS5's walk of the words costs) declines most of
                // these on a corpus this small: the probed pages are checked without it, and with it as planned.
                for phrase in Self.longPhrases {
                    for parameters in [P(query: "\"\(phrase)\"", limit: "5"), P(query: "\"\(phrase)\"", from: "2024-03-08", to: "2024-03-20")] {
                        try TermListTests.expectSameAsFTS5(database, parameters, maxPages: 10)
                        try Self.expectProbedSameAsFTS5(database, parameters)
                    }
                }
                // Documents changed since the build: a new one with a phrase, one that loses it, one deleted.
                let having = try database.search(P(query: "\"the the to\"", limit: "2").validated()).hits.map(\.sid)
                try database.writeBatch { batch in
                    _ = try batch.upsert(Transcription(sid: "TR" + String(repeating: "d", count: 32), accountSid: CorpusGenerator.defaultAccountSid,
                                                       status: "completed", dateCreated: 1_710_000_000, dateUpdated: 1_710_000_000,
                                                       text: "the to and i you the to and i you the the the the"))
                    _ = try batch.setText(sid: having[0], text: "nothing here")
                    _ = try batch.deleteDocument(.transcription, sid: having[1])
                }
                for phrase in Self.longPhrases {
                    try TermListTests.expectSameAsFTS5(database, P(query: "\"\(phrase)\"", limit: "5"), maxPages: 10)
                    try Self.expectProbedSameAsFTS5(database, P(query: "\"\(phrase)\"", limit: "5"))
                }
                // A pair without postings: FTS5's to answer.
                #expect(try database.read { db in try LongPhraseSearch(request: P(query: "\"the dvorak to\"").validated()).run(db) } == nil)
            }
        }

        /// Every page of LongPhraseSearch, whatever its number of candidates, against FTS5's.
        static func expectProbedSameAsFTS5(_ database: IndexDatabase, _ parameters: P, sourceLocation: SourceLocation = #_sourceLocation) throws {
            var parameters = parameters
            for _ in 0..<10 {
                let request = try parameters.validated()
                let probed = try #require(try database.read { db in
                    try LongPhraseSearch(request: request, maximumCandidates: 1_000_000).run(db)
                }, sourceLocation: sourceLocation)
                let reference = try database.search(request, strategy: .fullTextOnly)
                #expect(probed.total == reference.total, sourceLocation: sourceLocation)
                let sids = try database.read { db in
                    try probed.ranked.prefix(request.limit).map { try String.fetchOne(db, sql: "SELECT sid FROM documents WHERE id = ?", arguments: [$0.id]) }
                }
                #expect(sids == reference.hits.map(\.sid), sourceLocation: sourceLocation)
                #expect(probed.ranked.prefix(request.limit).map { Optional($0.rank == 0 ? 0 : -$0.rank) } == reference.hits.map(\.score), sourceLocation: sourceLocation)
                #expect((probed.ranked.count > request.limit) == (reference.nextCursor != nil), sourceLocation: sourceLocation)
                guard let next = reference.nextCursor else { return }
                parameters.cursor = next
            }
        }

        @Test("declines what it cannot answer exactly: one word, longer phrases, a prefix with lists, rare words, other filters")
        func declines() throws {
            try withCorpusIndex { database in
                try Self.build(database)
                for parameters in [P(query: "refund"), P(query: "\"thank you for dvorak\""), P(query: "ref*"),
                                   P(query: "dvorak refund"), P(query: "refund order", statuses: ["completed"]),
                                   P(query: "refund order", accountSid: CorpusGenerator.defaultAccountSid),
                                   P(query: "refund order", sources: ["transcription"]),
                                   P(query: "refund order", sort: "newest"), P(query: "\"your dvorak\"")] {
                    #expect(try !Self.answeredByPostings(database, parameters), "\(parameters)")
                    try TermListTests.expectSameAsFTS5(database, parameters, maxPages: 3)
                }
            }
        }

        @Test("damaged postings are an error that says so, never a wrong page")
        func damagedPostings() throws {
            try withCorpusIndex { database in
                try Self.build(database)
                try database.write { db in
                    try db.execute(sql: "UPDATE postings SET data = x'ff' WHERE term = 'refund' AND block = 3")
                }
                #expect(throws: IndexError.self) { try database.search(P(query: "refund order").validated()) }
            }
        }
    }
}
