import Foundation
import Testing
@testable import TranscriptIndex

/// Filters, alone and with a query, on the hand-written fixture (see SearchFixture for the rows).
@Suite("Search filters")
struct SearchFilterTests {
    typealias P = SearchParameters

    @Test func anEmptyQueryListsEverythingNewestFirst() throws {
        try withSearchFixture { (db) throws in
            let page = try db.search(P())
            #expect(page.hits.map(\.sid) == SearchFixture.sids(3, 2, 5, 1, 4, 6))
            #expect(page.total == 6)
            #expect(page.nextCursor == nil)
            #expect(page.hits.allSatisfy { $0.score == nil })
        }
    }

    @Test(arguments: [
        // A YYYY-MM-DD bound is the whole UTC day, both ends inclusive.
        (P(from: "2024-03-05", to: "2024-03-05"), [2, 5, 1]),
        (P(from: "2024-03-05"), [3, 2, 5, 1]),
        (P(to: "2024-03-05"), [2, 5, 1, 4, 6]),
        (P(from: "2024-03-06", to: "2024-03-06"), [3]),
        (P(from: "2024-03-04", to: "2024-03-04"), [4]),
        (P(from: "2024-01-01", to: "2024-01-31"), []),
        // ISO 8601 date-times are instants, also inclusive.
        (P(from: "2024-03-05T12:00:00Z", to: "2024-03-05T23:59:59Z"), [2, 5]),
        (P(from: "2024-03-05T12:00:01Z"), [3, 2]),
        (P(from: "2024-03-05T13:00:00+01:00", to: "2024-03-05T12:00:00Z"), [5]),
        (P(from: "2024-03-05", to: "2024-03-05T11:59:59Z"), [1]),
        (P(to: "2024-03-04T23:59:58Z"), [6]),
        (P(from: "2024-03-05T23:00:00-01:00"), [3]),
        // With a query the date range narrows the matches.
        (P(query: "refund", from: "2024-03-05", to: "2024-03-05", sort: "oldest"), [1, 5, 2]),
        (P(query: "refund", from: "2024-03-05T06:00:00Z", sort: "oldest"), [5, 2]),
    ])
    func dateRange(parameters: P, expected: [Int]) throws {
        try withSearchFixture { (db) throws in
            let page = try db.search(parameters)
            #expect(page.hits.map(\.sid) == expected.map { sid("TR", $0) })
            #expect(page.total == expected.count)
        }
    }

    @Test(arguments: [
        (["completed"], [2, 5, 1, 6]),
        (["failed"], [3]),
        (["in-progress"], [4]),
        (["failed", "in-progress"], [3, 4]),
        (["failed,in-progress"], [3, 4]),
        (["completed, failed"], [3, 2, 5, 1, 6]),
        (["failed", "failed,failed"], [3]),
        (["completed", "failed", "in-progress"], [3, 2, 5, 1, 4, 6]),
    ])
    func status(statuses: [String], expected: [Int]) throws {
        try withSearchFixture { (db) throws in
            let page = try db.search(P(statuses: statuses))
            #expect(page.hits.map(\.sid) == expected.map { sid("TR", $0) })
            #expect(page.total == expected.count)
        }
    }

    @Test func statusWithAQuery() throws {
        try withSearchFixture { (db) throws in
            #expect(try db.sids(P(query: "refund", statuses: ["completed"], sort: "oldest")) == SearchFixture.sids(1, 5, 2))
            #expect(try db.sids(P(query: "refund", statuses: ["failed"])) == [])
            #expect(try db.search(P(query: "refund", statuses: ["completed"])).total == 3)
        }
    }

    @Test func callSidGoesThroughTheRecording() throws {
        try withSearchFixture { (db) throws in
            // CA1 made two recordings (RE1, RE3), hence two transcriptions.
            #expect(try db.sids(P(callSid: sid("CA", 1))) == SearchFixture.sids(3, 1))
            #expect(try db.sids(P(callSid: sid("CA", 3))) == SearchFixture.sids(5))
            #expect(try db.sids(P(callSid: sid("CA", 99))) == [])
            // With a query (the plan where the call's rows drive and FTS5 is probed).
            let page = try db.search(P(query: "refund", callSid: sid("CA", 1)))
            #expect(page.hits.map(\.sid) == SearchFixture.sids(1))
            #expect(page.total == 1)
            #expect(page.hits.first?.callSid == sid("CA", 1))
            #expect(page.hits.first?.snippet?.html.contains("<mark>refund</mark>") == true)
            #expect(try db.search(P(query: "refund", callSid: sid("CA", 1), sort: "newest")).total == 1)
        }
    }

    @Test func recordingSid() throws {
        try withSearchFixture { (db) throws in
            #expect(try db.sids(P(recordingSid: sid("RE", 4))) == SearchFixture.sids(4))
            #expect(try db.sids(P(recordingSid: sid("RE", 3))) == SearchFixture.sids(3))
            #expect(try db.sids(P(query: "refund", recordingSid: sid("RE", 2))) == SearchFixture.sids(2))
            #expect(try db.sids(P(query: "refund", recordingSid: sid("RE", 6))) == [])
            // A transcription whose recording has no metadata has no call SID.
            #expect(try db.search(P(recordingSid: sid("RE", 4))).hits.first?.callSid == nil)
        }
    }

    @Test func accountSid() throws {
        try withSearchFixture { (db) throws in
            #expect(try db.sids(P(accountSid: sid("AC", 2))) == SearchFixture.sids(5, 4))
            #expect(try db.sids(P(accountSid: sid("AC", 1))) == SearchFixture.sids(3, 2, 1, 6))
            #expect(try db.search(P(query: "refund", accountSid: sid("AC", 1))).total == 2)
            #expect(try db.sids(P(query: "refund", accountSid: sid("AC", 1), sort: "oldest")) == SearchFixture.sids(1, 2))
        }
    }

    @Test func filtersCombine() throws {
        try withSearchFixture { (db) throws in
            let parameters = P(query: "refund", from: "2024-03-05", to: "2024-03-05", statuses: ["completed"],
                               callSid: sid("CA", 3), recordingSid: sid("RE", 5), accountSid: sid("AC", 2))
            #expect(try db.sids(parameters) == SearchFixture.sids(5))
            var other = parameters
            other.accountSid = sid("AC", 1)
            #expect(try db.search(other).total == 0)
        }
    }

    @Test func aListingShowsTheStartOfTheText() throws {
        try withSearchFixture { (db) throws in
            let page = try db.search(P(recordingSid: sid("RE", 6)))
            let hit = try #require(page.hits.first)
            #expect(hit.snippet?.html == "shipping was late, package damaged &amp; lost")
            #expect(hit.score == nil)
            #expect(hit.duration == 10)
            #expect(hit.dateCreated == utc("2024-02-01T10:00:00Z"))
            #expect(hit.accountSid == sid("AC", 1))
            #expect(hit.status == "completed")
            // No text (in progress) and "(blank)" give no snippet.
            #expect(try db.search(P(recordingSid: sid("RE", 4))).hits.first?.snippet == nil)
            #expect(try db.search(P(recordingSid: sid("RE", 4))).hits.first?.duration == nil)
            #expect(try db.search(P(recordingSid: sid("RE", 3))).hits.first?.snippet == nil)
        }
    }

    /// A transcription without date_created has no date, so no date range can contain it. (Its rowid is keyed
    /// at second 0, 1970-01-01T00:00:00Z, and ranges that reach back to 1970 or before currently include it.)
    @Test(arguments: [
        P(to: "1969-12-31"),
        P(from: "1970-01-01", to: "1970-01-01"),
        P(from: "1960-01-01", to: "1960-12-31"),
        P(to: "2024-03-05"),
    ])
    func aTranscriptionWithoutADateMatchesNoDateRange(parameters: P) throws {
        try withSearchFixture { (db) throws in
            var undated = transcription(7, text: "no date on this one", created: "2024-03-05T10:00:00Z")
            undated.dateCreated = nil
            undated.dateUpdated = nil
            try db.upsert([undated])
            #expect(try db.sids(SearchParameters(query: "date")) == SearchFixture.sids(7))
            #expect(!(try db.sids(parameters)).contains(sid("TR", 7)), "\(parameters)")
        }
    }
}
