import Foundation
import GRDB
import Testing
import TwilioCorpus
@testable import TranscriptIndex

/// An import into an empty index loads in bulk (BulkLoad): the full-text index and the term lists are built once
/// at the end, and a load that was killed is finished by the next writer. Either way the index ends exact: FTS5's
/// integrity check passes and every search's page and total equal FTS5's own.
@Suite("Bulk load")
struct BulkLoadTests {
    static let generator = CorpusGenerator(seed: 9, count: 2_400, start: 1_709_251_200, spanSeconds: 30 * 86_400)

    static func ndjson(_ calls: Range<Int>) -> String {
        calls.map { index in
            let call = generator.call(index)
            return call.recordingJSON() + "\n" + call.transcriptionJSON() + "\n"
        }.joined()
    }

    /// Searches that use each plan: one word, AND, a phrase, a prefix, an exclusion, a status, a listing.
    static let searches: [SearchParameters] = [
        SearchParameters(query: "refund"), SearchParameters(query: "refund order"),
        SearchParameters(query: "\"your account\""), SearchParameters(query: "ref*"),
        SearchParameters(query: "order -refund"), SearchParameters(query: "account", statuses: ["completed"]),
        SearchParameters(query: "zebra"), SearchParameters(query: "giraffe"), SearchParameters(),
    ]

    /// FTS5 agrees with its content table, no load is marked, the term lists and postings are built, and every
    /// search answers as FTS5 alone does and as an index loaded through the triggers from `reference` does.
    func expectExact(_ db: IndexDatabase, reference ndjson: String, in dir: TemporaryDirectory,
                     sourceLocation: SourceLocation = #_sourceLocation) throws {
        try db.pool.write { db throws in
            try db.execute(sql: "INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)")
            try db.execute(sql: "INSERT INTO speaker_fts(speaker_fts, rank) VALUES ('integrity-check', 1)")
            #expect(try TermLists.isBuilt(db), sourceLocation: sourceLocation)
            #expect(try Postings.isBuilt(db), sourceLocation: sourceLocation)
        }
        #expect(try db.bulkLoadMarker() == nil, sourceLocation: sourceLocation)
        let triggers = try IndexDatabase.openForWriting(path: dir.path("reference-\(UUID().uuidString).sqlite"))
        var importer = TwilioImporter(database: triggers)
        importer.bulkLoadWhenSuited = false
        _ = try importer.importSource(try dir.write("reference-\(UUID().uuidString).ndjson", ndjson))
        for parameters in Self.searches {
            let request = try parameters.validated()
            let page = try db.search(request)
            let label = "\(parameters.query ?? "(listing)") \(parameters.statuses)"
            for reference in [try db.search(request, strategy: .fullTextOnly), try triggers.search(request)] {
                #expect(page.total == reference.total, "\(label)", sourceLocation: sourceLocation)
                #expect(page.hits.map(\.sid) == reference.hits.map(\.sid), "\(label)", sourceLocation: sourceLocation)
                #expect(page.hits.map(\.score) == reference.hits.map(\.score), "\(label)", sourceLocation: sourceLocation)
            }
        }
        #expect(try db.search(SearchParameters(query: "refund")).total > 0, "a weak check", sourceLocation: sourceLocation)
    }

    @Test func anImportIntoAnEmptyIndexLoadsInBulkAndEndsExact() throws {
        try withFreshIndex { (db, dir) throws in
            var lock = try db.beginBulkLoadIfSuited()
            #expect(lock != nil)
            #expect(try db.bulkLoadMarker() != nil)
            #expect(try db.beginBulkLoadIfSuited() == nil, "one bulk load at a time")
            #expect(try !db.finishInterruptedBulkLoad(), "a live load (its lock held) is left alone")
            #expect(try db.finishBulkLoad())
            lock = nil  // the load's end
            #expect(try !db.finishBulkLoad(), "nothing is left to finish")
            // A real import: bulk again (the index is still empty), its rows, then one build of everything.
            let ndjson = Self.ndjson(0..<1_200)
            let summary = try TwilioImporter(database: db).importSource(try dir.write("calls.ndjson", ndjson))
            #expect(summary.counts.added == 2_400)
            #expect(summary.problems == [])
            #expect(summary.loadedInBulk)
            try db.pool.read { db throws in
                #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM term_list_changes") == 0)
                #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM posting_changes") == 0)
            }
            try expectExact(db, reference: ndjson, in: dir)
        }
    }

    @Test func anImportIntoAnIndexWithDocumentsKeepsTheTriggersAndEndsExact() throws {
        try withFreshIndex { (db, dir) throws in
            let importer = TwilioImporter(database: db)
            #expect(try importer.importSource(try dir.write("first.ndjson", Self.ndjson(0..<1_200))).loadedInBulk)
            #expect(try db.beginBulkLoadIfSuited() == nil, "1,200 documents are more than a bulk load is for")
            // The second import goes through the triggers: its rows are in FTS5 as they commit.
            let second = try importer.importSource(try dir.write("second.ndjson", Self.ndjson(1_200..<2_400)))
            #expect(second.counts.added == 2_400)
            #expect(!second.loadedInBulk)
            try expectExact(db, reference: Self.ndjson(0..<2_400), in: dir)
        }
    }

    /// The same transcription twice in one bulk import, with another text the second time: what is searchable
    /// is the later text, as the triggers would have left it.
    @Test func aRecordChangedWithinOneBulkImportEndsWithItsLastText() throws {
        try withFreshIndex { (db, dir) throws in
            let first = ImporterTests.transcriptionJSON(1, text: "zebra refund", updated: "Tue, 05 Mar 2024 14:02:11 +0000")
            let second = ImporterTests.transcriptionJSON(1, text: "giraffe refund", updated: "Tue, 05 Mar 2024 15:00:00 +0000")
            let ndjson = Self.ndjson(0..<300) + first + "\n" + second + "\n"
            let summary = try TwilioImporter(database: db).importSource(try dir.write("twice.ndjson", ndjson))
            #expect(summary.counts == IngestCounts(added: 601, updated: 1))
            #expect(try db.sids(matching: "zebra") == [])
            #expect(try db.sids(matching: "giraffe") == [sid("TR", 1)])
            try expectExact(db, reference: ndjson, in: dir)
        }
    }

    /// A load killed after some batches committed: its rows are there, FTS5 does not have them. A search by words
    /// says so (a listing answers), and the next writer to open the index builds what was skipped.
    @Test func aLoadThatDidNotEndIsFinishedByTheNextWriter() throws {
        try withTemporaryDirectory { dir in
            let path = dir.path("index.sqlite")
            let ndjson = Self.ndjson(0..<500)
            do {
                let db = try IndexDatabase.openForWriting(path: path)
                var lock = try db.beginBulkLoadIfSuited()
                #expect(lock != nil)
                try db.writeBatch { batch in
                    for call in (0..<500).map({ Self.generator.call($0) }) {
                        _ = try batch.upsert(try JSONDecoder().decode(Recording.self, from: Data(call.recordingJSON().utf8)))
                        _ = try batch.upsert(try JSONDecoder().decode(Transcription.self, from: Data(call.transcriptionJSON().utf8)))
                    }
                }
                // Killed here: no finish.
                let error = expectIndexError(.loading) { _ = try db.search(SearchParameters(query: "refund")) }
                #expect(error?.message.contains("is loading this index") == true, "\(error?.message ?? "")")
                expectIndexError(.loading) { _ = try db.search(SearchParameters(query: "-refund")) }
                #expect(try db.search(SearchParameters()).total == 500, "a listing reads the rows, not FTS5")
                // Another writer's refresh builds nothing from the incomplete FTS5 while the marker is there; and
                // lists built from it anyway (TermLists.rebuild, as a writer that opened before the marker might
                // have) are marked unbuilt by the finish, with the marker, before they are rebuilt.
                try db.refreshTermLists()
                try db.pool.read { db throws in #expect(try !TermLists.isBuilt(db)) }
                try db.pool.write { db throws in try TermLists.rebuild(db) }
                #expect(try db.bulkLoadMarker() != nil, "a live load is not finished by another writer")
                lock = nil  // killed: the kernel drops the lock
                try db.close()
            }
            let reader = try IndexDatabase.openForReading(path: path)
            expectIndexError(.loading) { _ = try reader.search(SearchParameters(query: "refund")) }
            try reader.close()
            var announced: [String] = []
            let db = try IndexDatabase.openForWriting(path: path) { announced.append($0) }
            #expect(announced.count == 1 && announced[0].contains("finishing the full-text index"), "\(announced)")
            try expectExact(db, reference: ndjson, in: dir)
        }
    }
}
