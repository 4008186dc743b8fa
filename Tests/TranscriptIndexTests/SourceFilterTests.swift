import Foundation
import GRDB
import Testing
@testable import TranscriptIndex

/// `--source` / `source=`: only documents of the chosen harvest sources. With every source chosen it is no filter
/// (and the fast plans stay available); a true subset filters in SQL, on any plan.
@Suite("Search: the source filter")
struct SourceFilterTests {
    typealias P = SearchParameters

    @Test("every result carries its source; choosing every source is the same search as none")
    func everySourceIsNoFilter() throws {
        try withSearchFixture { db in
            let all = try db.search(P(query: "refund"))
            #expect(!all.hits.isEmpty)
            #expect(all.hits.allSatisfy { $0.source == "transcription" })
            let request = try P(query: "refund", sources: ["transcription,intelligence"]).validated()
            #expect(request.sources.isEmpty)
            #expect(try db.search(request) == all)
            #expect(try P(sources: ["intelligence,transcription,transcription"]).validated().sources.isEmpty)
            // Only v2010 documents here: choosing that source alone filters, and finds the same.
            #expect(try db.search(P(query: "refund", sources: ["transcription"])).hits == all.hits)
        }
    }

    @Test("an unknown or empty source is an invalid parameter that names the known ones")
    func unknownSourcesAreRefused() {
        for bad in ["message", "", "transcription,", "Transcription"] {
            let error = expectIndexError(.invalidParameter, "\(bad)") { _ = try P(sources: [bad]).validated() }
            #expect(error?.message.contains("use one of transcription, intelligence") == true, "\(error?.message ?? "")")
        }
    }

    @Test("a subset of the sources present filters every sort, with exact totals and cursors")
    func aSubsetFilters() throws {
        try withSearchFixture { db in
            // A document of another source, written as a later source module will write it.
            try db.write { db in
                try db.execute(sql: """
                    INSERT INTO documents (id, source, sid, status, date_created, text)
                    VALUES (?, 'message', 'SM00000000000000000000000000000001', 'delivered', ?, 'refund please, order 4471')
                    """, arguments: [Int64(1_709_640_001) << 20, 1_709_640_001])
            }
            let everything = try db.search(P(query: "refund", limit: "1000"))
            #expect(everything.hits.contains { $0.source == "message" })
            for sort in ["relevance", "newest", "oldest"] {
                var request = try P(query: "refund", sort: sort, limit: "2").validated()
                request.sources = ["transcription"]  // what validation keeps once a second source exists
                var seen: [String] = []
                var page = try db.search(request)
                let total = page.total
                while true {
                    seen += page.hits.map(\.sid)
                    #expect(page.hits.allSatisfy { $0.source == "transcription" })
                    guard let next = page.nextCursor else { break }
                    // The cursor belongs to the filtered search (decoding it for the unfiltered one fails).
                    #expect(throws: IndexError.self) { try P(query: "refund", sort: sort, limit: "2", cursor: next).validated() }
                    var following = request
                    following.cursor = try SearchCursor.decode(next, for: request)
                    page = try db.search(following)
                }
                let expected = everything.hits.filter { $0.source == "transcription" }.map(\.sid)
                #expect(Set(seen) == Set(expected), "\(sort)")
                #expect(seen.count == expected.count && total == expected.count, "\(sort)")
            }
            // A listing (no words) filters too.
            var listing = try P().validated()
            listing.sources = ["transcription"]
            let listed = try db.search(listing)
            #expect(listed.total == SearchFixture.rows.count && listed.hits.allSatisfy { $0.source == "transcription" })
            #expect(try db.search(P()).total == SearchFixture.rows.count + 1)
        }
    }
}
