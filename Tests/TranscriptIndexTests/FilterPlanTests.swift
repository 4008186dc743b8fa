import Foundation
import GRDB
import Testing
import TwilioCorpus
@testable import TranscriptIndex

/// Source, language and speaker filters go through the fast plans (the term lists, the phrase scan) and the
/// merged total with their documents as ids (DocumentFilterSet). Whatever those answer must be exactly what FTS5's
/// exhaustive bm25 with the filters in SQL answers: same rows, order, scores, totals and cursors, on every page.
// Nested in TermListTests (serialized), like StatusSideScanTests: each test imports a corpus and pages through it
// synchronously; run beside the other such suites, they held both cooperative threads of a 2-core machine, and
// the emulator and server tests timed out (NSURLErrorDomain -1001) in CI.
extension TermListTests {
    @Suite("Source, language and speaker filters in the fast plans are exact", .serialized)
    struct FilterPlanTests {
        typealias P = SearchParameters

        /// Long enough to hold a filtered first page, short enough that deep pages run past their ends and fall back.
        static let settings = TermLists.Settings(minimumDocumentFrequency: 50, entriesPerTerm: 250,
                                                 pairMinimumDocumentFrequency: 50)

        static let queries: [P] = [
            P(query: "refund", sources: ["intelligence"]),
            P(query: "refund", sources: ["transcription"], limit: "7"),
            P(query: "refund order", sources: ["intelligence"]),
            P(query: "refund -cancel", sources: ["intelligence"]),
            P(query: "ref*", sources: ["intelligence"]),
            P(query: "refund", from: "2024-03-05", to: "2024-03-15", sources: ["intelligence"]),
            P(query: "refund", statuses: ["completed"], sources: ["intelligence"]),
            P(query: "refund", languages: ["es-US"]),
            P(query: "account", languages: ["en-us", "es-us"], limit: "9"),
            P(query: "refund", speaker: "customer"),
            P(query: "refund order", speaker: "Customer"),
            P(query: "account", speaker: "agent", limit: "13"),
            P(query: "refund", languages: ["es-US"], speaker: "customer"),
            P(query: "\"your account\"", sources: ["intelligence"]),
            P(query: "\"your account\"", speaker: "agent"),
            P(query: "tracking", speaker: "customer"),
            P(query: "refund OR cancel", speaker: "customer"),
            P(query: "refund OR cancel", sources: ["intelligence"]),
            P(query: "refund", sources: ["intelligence"], sort: "newest"),
        ]

        @Test("every page of every filtered query equals FTS5's ORDER BY rank with the filters in SQL")
        func pagesEqualFTS5() throws {
            try withMixedIndex { database in
                for parameters in Self.queries {
                    try TermListTests.expectSameAsFTS5(database, parameters)
                }
            }
        }

        @Test("an account filter every document passes is dropped from the plan, not from the cursor; with two accounts it filters")
        func accountFilter() throws {
            try withCorpusIndex { database in
                try TermListTests.rebuild(database)
                let account = CorpusGenerator.defaultAccountSid, other = "AC" + String(repeating: "b", count: 32)
                let queries = [P(query: "refund", accountSid: account, limit: "7"), P(query: "refund order", accountSid: account),
                               P(query: "ca*", accountSid: account), P(query: "refund", accountSid: other)]
                #expect(try database.read { db in try AccountCoverage.isEveryDocument(of: account, db) })
                for parameters in queries { try TermListTests.expectSameAsFTS5(database, parameters, maxPages: 30) }
                #expect(try database.search(queries[3].validated()).total == 0)
                // A document of another account: the filter filters again, on every plan.
                try database.writeBatch { batch in
                    _ = try batch.upsert(Transcription(sid: "TR" + String(repeating: "b", count: 32), accountSid: other,
                                                       status: "completed", dateCreated: 1_710_000_000,
                                                       dateUpdated: 1_710_000_000, text: "refund order refund"))
                }
                #expect(try database.read { db in try !AccountCoverage.isEveryDocument(of: account, db) })
                for parameters in queries { try TermListTests.expectSameAsFTS5(database, parameters, maxPages: 30) }
                let theirs = try database.search(queries[3].validated())
                #expect(theirs.total == 1 && theirs.hits.map(\.accountSid) == [other])
                let ours = try database.search(queries[0].validated())
                #expect(!ours.hits.contains { $0.accountSid == other })
            }
        }

        @Test("the term lists answer filtered searches on frequent words; the totals equal a SQL count; the filter set")
        func listsAnswerFilteredSearches() throws {
            try withMixedIndex { database in
                for parameters in [P(query: "refund", sources: ["intelligence"]), P(query: "refund", languages: ["en-US"]),
                                   P(query: "refund", speaker: "customer"), P(query: "refund order", sources: ["intelligence"])] {
                    let request = try parameters.validated()
                    let answered = try database.read { db in
                        try TermListSearch(request: request, filterSet: try DocumentFilterSet.make(for: request, db)).run(db)
                    }
                    #expect(answered != nil, "\(parameters)")
                }
                let counted = try database.read { db in
                    try Int.fetchOne(db, sql: """
                        SELECT count(*) FROM documents_fts JOIN documents t ON t.id = documents_fts.rowid
                        WHERE documents_fts MATCH 'refund' AND t.source = 'intelligence'
                        """) ?? 0
                }
                #expect(counted > 100)
                // The import merged both full-text indexes into one segment each (FullTextSegments).
                let segments = try database.read { db in
                    [try Int.fetchOne(db, sql: "SELECT count(DISTINCT segid) FROM documents_fts_idx"),
                     try Int.fetchOne(db, sql: "SELECT count(DISTINCT segid) FROM speaker_fts_idx")]
                }
                #expect(segments == [1, 1])
                #expect(try database.search(try P(query: "refund", sources: ["intelligence"]).validated()).total == counted)
                // Both ways of counting: the walk beside FTS5's matches (large sets) and a probe per id (small ones).
                let intelligence = try P(query: "refund", sources: ["intelligence"]).validated()
                let (walked, probed) = try database.read { db in
                    let set = try #require(try DocumentFilterSet.make(for: intelligence, db))
                    return (try set.countMatches("refund", probeLimit: 0, db), try set.countMatches("refund", probeLimit: .max, db))
                }
                #expect(walked == counted && probed == counted)

                // The set: sorted ids of the filter, cut to the date range, intersected across filters.
                let request = try P(query: "refund", from: "2024-03-05", to: "2024-03-15", sources: ["intelligence"],
                                    languages: ["ES-us"]).validated()
                let set = try #require(try database.read { db in try DocumentFilterSet.make(for: request, db) })
                let expected = try database.read { db in
                    try Int64.fetchAll(db, sql: """
                        SELECT id FROM documents WHERE source = 'intelligence' AND language = 'es-US'
                          AND date_created BETWEEN ? AND ? ORDER BY id
                        """, arguments: [request.from, request.to])
                }
                #expect(!expected.isEmpty)
                #expect(set.ids == expected)
                #expect(set.contains(expected[0]) && !set.contains(expected[0] - 1))
                let none = try P(query: "refund").validated()
                #expect(try database.read { db in try DocumentFilterSet.make(for: none, db) } == nil)
            }
        }

        /// 1,000 generated calls, every other one an Intelligence transcript with sentences (two services: en-US and
        /// es-US), imported as a user would, with small term lists.
        func withMixedIndex(_ body: (IndexDatabase) throws -> Void) throws {
            try withFreshIndex { database, directory in
                let generator = CorpusGenerator(seed: 20_240_301, count: 1_000, start: 1_709_251_200, spanSeconds: 30 * 86_400)
                let intelligence = IntelligenceGenerator(corpus: generator)
                var lines: [String] = []
                for index in 0..<generator.count {
                    let call = generator.call(index)
                    lines.append(call.recordingJSON())
                    if index % 2 == 0 {
                        var transcript = intelligence.transcript(index)
                        transcript.encryptionCredentialSid = nil  // every one readable
                        lines.append(transcript.bundleJSON(content: intelligence.content(of: transcript),
                                                           base: "https://intelligence.twilio.com", timesAsStrings: index % 4 == 0))
                    } else {
                        lines.append(call.transcriptionJSON())
                    }
                }
                let path = try directory.write("mixed.ndjson", lines.joined(separator: "\n") + "\n")
                let summary = try TwilioImporter(database: database).importSource(path)
                try #require(summary.problems.isEmpty, "import problems: \(summary.problems.prefix(3))")
                try database.write { db in try TermLists.rebuild(db, settings: Self.settings) }
                try body(database)
            }
        }
    }
}
