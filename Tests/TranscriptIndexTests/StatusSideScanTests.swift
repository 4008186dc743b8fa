import Foundation
import GRDB
import Testing
import TwilioCorpus
@testable import TranscriptIndex

/// Searches with words and a status whose searchable rows are few (failed, in-progress) are answered from those
/// rows (StatusSideScan): tokenized, matched and scored in Swift. Whatever it answers must be what FTS5's
/// exhaustive ranking answers — rows, order, scores to the bit, totals and cursors, for every sort and page —
/// before and after the index changes, with the term lists current or stale.
// Nested in TermListTests (serialized): each test imports a corpus and pages through it synchronously, and
// running beside those suites starved the emulator tests' timing on a 2-core machine.
extension TermListTests {
    @Suite("Searches driven from a small status side are exact")
    struct StatusSideScanTests {
        typealias P = SearchParameters

        static let account = CorpusGenerator.defaultAccountSid

        /// Query shapes FTS5 evaluates differently: words, stems, repeats, phrases (overlapping ones too), prefixes
        /// of every length (the prefix index's and not), OR, NOT, accents, a hyphenated word, and rare words.
        static let queries: [String] = [
            "refund", "refunds", "refund order", "order refund account", "the", "refund refund", "refund -cancel",
            "payment -\"late fee\"", "ref*", "re*", "refu*", "ref* order", "pay* -card", "\"your account\"",
            "\"thank you\" order", "\"refund refund\"", "refund OR return", "refund OR return order", "dvorak",
            "jose", "late-fee", "late-fe*", "\"order 4\"*", "4471", "refund -refund", "nosuchword",
        ]

        /// A shape of each kind, for the rounds after writes.
        static let afterWriteQueries = ["refund", "refund order", "the", "refund -cancel", "ref*", "\"your account\"",
                                        "refund OR return", "late-fe*"]

        static let statusSets: [[String]] = [["failed"], ["in-progress"], ["failed", "in-progress"]]

        /// Some failed and in-progress calls get text (Twilio's rarely have any): real corpus texts from completed
        /// calls, and texts on the edges of FTS5's matching. The rest keep none, as the corpus made them.
        static func giveTextToSomeNonCompleted(_ database: IndexDatabase) throws {
            let texts = CorpusFixture.calls.filter { $0.status == "completed" }.compactMap(\.text)
            let edges = ["refund refund refund", "your account your account your", "José Dvořák asked for a refund",
                         "order 4471 refund", "order 42 order 4471", "re re re refunded", "late-fee late fee",
                         "", "thank you thank you order", "refunds refunding refunded return"]
            let others = CorpusFixture.calls.filter { $0.status != "completed" }
            let found = try database.writeBatch { batch throws -> [Bool] in
                try others.enumerated().filter { $0.offset % 3 != 0 }.map { index, call in
                    let text = index % 7 == 1 ? edges[index % edges.count] : texts[(index * 37) % texts.count]
                    return try batch.setText(sid: call.transcriptionSid, text: text)
                }
            }
            #expect(!found.isEmpty && !found.contains(false))
        }

        static func answeredByScan(_ database: IndexDatabase, _ parameters: P) throws -> Bool {
            let request = try parameters.validated()
            return try database.read { db in try StatusSideScan(request: request).run(db) } != nil
        }

        /// Every query × status set × sort, at two page sizes, with a date range and an account filter on some.
        static func expectAllSameAsFTS5(_ database: IndexDatabase, queries: [String] = queries,
                                        sourceLocation: SourceLocation = #_sourceLocation) throws {
            for (number, query) in queries.enumerated() {
                // Each query with one status set in turn (all three for the first few): every page is slow in a debug
                // build, and the shapes matter more than the sets.
                for statuses in number < 3 ? statusSets : [statusSets[number % statusSets.count]] {
                    // A few pages of each sort cross enough cursors (ties included).
                    for (sort, limit) in [("relevance", "7"), ("newest", "20"), ("oldest", "11")] {
                        try TermListTests.expectSameAsFTS5(database, P(query: query, statuses: statuses, sort: sort, limit: limit),
                                                           maxPages: 4, sourceLocation: sourceLocation)
                    }
                    try TermListTests.expectSameAsFTS5(database, P(query: query, from: "2024-03-05", to: "2024-03-20",
                                                                   statuses: statuses, limit: "5"),
                                                       maxPages: 3, sourceLocation: sourceLocation)
                    try TermListTests.expectSameAsFTS5(database, P(query: query, statuses: statuses, accountSid: account, limit: "9"),
                                                       maxPages: 3, sourceLocation: sourceLocation)
                }
            }
        }

        @Test("every page, for every sort, equals FTS5's; the scan answers them and declines the large side")
        func pagesEqualFTS5() throws {
            try withCorpusIndex { database in
                try TermListTests.rebuild(database)
                try Self.giveTextToSomeNonCompleted(database)
                #expect(try database.read { try TermLists.isCurrent($0) })
                try Self.expectAllSameAsFTS5(database)
                // The scan did the work (so the comparisons above tested it), and left the large side to the others.
                for statuses in Self.statusSets {
                    #expect(try Self.answeredByScan(database, P(query: "refund", statuses: statuses)))
                    #expect(try Self.answeredByScan(database, P(query: "\"your account\" OR ref*", statuses: statuses, sort: "newest")))
                }
                #expect(try !Self.answeredByScan(database, P(query: "refund", statuses: ["completed"])))
                #expect(try !Self.answeredByScan(database, P(query: "refund", statuses: ["completed", "failed"])))
                #expect(try !Self.answeredByScan(database, P(query: "refund")))
                #expect(try !Self.answeredByScan(database, P(statuses: ["failed"])))
                // With the cost estimate on for any number of candidates: words rarer than ten matches per candidate
                // are left to FTS5, frequent ones scanned.
                for (query, scans) in [("dvorak", false), ("4471", false), ("the", true)] {
                    let request = try P(query: query, statuses: ["failed", "in-progress"]).validated()
                    var scan = StatusSideScan(request: request)
                    scan.alwaysScanBelow = 0
                    #expect(try (database.read { db in try scan.run(db) } != nil) == scans, "\(query)")
                }
                // Enough matches that the pages above crossed cursors, in every status set.
                for statuses in Self.statusSets {
                    #expect(try database.search(P(query: "the", statuses: statuses)).total > 40)
                }
            }
        }

        @Test("the total is the join's count; a candidate limit below the side's size declines")
        func totalsAndLimit() throws {
            try withCorpusIndex { database in
                try Self.giveTextToSomeNonCompleted(database)
                for query in ["refund", "the", "\"your account\"", "ref* -card"] {
                    for statuses in Self.statusSets {
                        let request = try P(query: query, statuses: statuses).validated()
                        let scanned = try #require(try database.read { db in try StatusSideScan(request: request).run(db) })
                        let joined = try database.read { db in
                            try Int.fetchOne(db, sql: """
                                SELECT count(*) FROM documents_fts CROSS JOIN documents t ON t.id = documents_fts.rowid
                                WHERE documents_fts MATCH ? AND t.status IN (SELECT value FROM json_each(?))
                                """, arguments: [request.query.matchExpression, "[" + statuses.map { "\"\($0)\"" }.joined(separator: ",") + "]"])
                        }
                        #expect(scanned.total == joined, "\(query) \(statuses)")
                    }
                }
                let request = try P(query: "the", statuses: ["failed"]).validated()
                let side = try database.read { db in
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM documents WHERE status = 'failed' AND search_text IS NOT NULL") ?? 0
                }
                try #require(side > 10)
                for (limit, answers) in [(side, true), (side - 1, false), (0, false)] {
                    var scan = StatusSideScan(request: request)
                    scan.candidateLimit = limit
                    let answered = try database.read { db in try scan.run(db) } != nil
                    #expect(answered == answers, "limit \(limit) of \(side)")
                }
            }
        }

        @Test("after writes (lists absorbed), and with stale lists (frequencies counted by FTS5), pages stay exact")
        func exactAfterWrites() throws {
            try withCorpusIndex { database in
                try TermListTests.rebuild(database)
                try Self.giveTextToSomeNonCompleted(database)
                let failed = CorpusFixture.calls.filter { $0.status == "failed" }.map(\.transcriptionSid)
                let before = try database.search(P(query: "refund", statuses: ["failed"], limit: "1000"))
                try database.writeBatch { batch in
                    // A new failed call that becomes the best match, a failed one that loses its text, one deleted,
                    // and a completed one turned failed (status moves between the sides).
                    _ = try batch.upsert(Transcription(sid: "TR" + String(repeating: "e", count: 32), accountSid: Self.account,
                                                       status: "failed", dateCreated: 1_710_000_000, dateUpdated: 1_710_000_000,
                                                       text: "refund refund refund refund"))
                    _ = try batch.setText(sid: failed[1], text: "(blank)")
                    _ = try batch.deleteDocument(.transcription, sid: failed[2])
                }
                try database.write { db in
                    try db.execute(sql: """
                        UPDATE documents SET status = 'failed'
                        WHERE id = (SELECT min(id) FROM documents WHERE status = 'completed' AND text LIKE '%refund%')
                        """)
                }
                #expect(try database.read { try TermLists.isCurrent($0) })  // a status change is not a text change
                let after = try database.search(P(query: "refund", statuses: ["failed"], limit: "1000"))
                #expect(after.hits.first?.sid == "TR" + String(repeating: "e", count: 32))
                #expect(after.total != before.total)
                #expect(!after.hits.contains { $0.sid == failed[1] || $0.sid == failed[2] })
                try Self.expectAllSameAsFTS5(database, queries: Self.afterWriteQueries)

                // A write outside writeBatch leaves the lists stale: document frequencies then come from FTS5.
                try database.write { db in
                    try db.execute(sql: "UPDATE documents SET text = 'refund order refund' WHERE sid = ?", arguments: [failed[4]])
                }
                #expect(try !database.read { try TermLists.isCurrent($0) })
                #expect(try Self.answeredByScan(database, P(query: "refund", statuses: ["failed"])))
                try Self.expectAllSameAsFTS5(database, queries: Self.afterWriteQueries)
            }
        }

        @Test("without any searchable row of the status (the corpus as generated), the page is empty and exact")
        func emptySide() throws {
            try withCorpusIndex { database in
                for statuses in Self.statusSets {
                    for sort in ["relevance", "newest", "oldest"] {
                        let parameters = P(query: "refund", statuses: statuses, sort: sort)
                        #expect(try Self.answeredByScan(database, parameters))
                        let page = try database.search(parameters)
                        #expect(page == SearchPage(total: 0, hits: [], nextCursor: nil))
                        let reference = try database.search(try parameters.validated(), strategy: .fullTextOnly)
                        #expect(page == reference)
                    }
                }
            }
        }
    }
}
