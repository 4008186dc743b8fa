import Foundation
import Testing
import TwilioCorpus
@testable import TranscriptIndex

/// Sorts, exact totals and keyset paging on a generated corpus of 3,000 calls.
@Suite("Search sorts and paging on a generated corpus")
struct SearchPagingTests {
    typealias P = SearchParameters

    /// A search and the transcriptions that must match it, computed from the generator.
    struct Case {
        var name: String
        var parameters: P
        var expected: Set<String>
        var sorts: [String]
    }

    static let day = (from: "2024-03-10", to: "2024-03-12")
    static let dayStart = utc("2024-03-10T00:00:00Z"), dayEnd = utc("2024-03-12T23:59:59Z")

    static var cases: [Case] {
        let refund: (GeneratedCall) -> Bool = {
            let words = CorpusFixture.words($0)
            return words.contains("refund") || words.contains("refunded")
        }
        let inDays: (GeneratedCall) -> Bool = { $0.dateCreated >= dayStart && $0.dateCreated <= dayEnd }
        let all = ["relevance", "newest", "oldest"]
        return [
            // "refunds" stems to refund, which the vocabulary has as "refund" and "refunded".
            Case(name: "refunds", parameters: P(query: "refunds"),
                 expected: CorpusFixture.transcriptionSids(where: refund), sorts: all),
            // Accent folding: the corpus writes "Dvořák".
            Case(name: "dvorak", parameters: P(query: "dvorak"),
                 expected: CorpusFixture.transcriptionSids { CorpusFixture.words($0).contains("Dvořák") }, sorts: all),
            Case(name: "refund in three days, completed", parameters: P(query: "refund", from: day.from, to: day.to,
                                                                         statuses: ["completed"]),
                 expected: CorpusFixture.transcriptionSids { refund($0) && inDays($0) && $0.status == "completed" },
                 sorts: all),
            Case(name: "listing of three days", parameters: P(from: day.from, to: day.to),
                 expected: CorpusFixture.transcriptionSids(where: inDays), sorts: ["newest", "oldest"]),
            Case(name: "failed or in progress", parameters: P(statuses: ["failed", "in-progress"]),
                 expected: CorpusFixture.transcriptionSids { $0.status != "completed" }, sorts: ["newest", "oldest"]),
            Case(name: "without refund", parameters: P(query: "-refund -refunded"),
                 expected: CorpusFixture.transcriptionSids { !refund($0) }, sorts: ["newest", "oldest"]),
            Case(name: "everything", parameters: P(),
                 expected: Set(CorpusFixture.calls.map(\.transcriptionSid)), sorts: ["newest", "oldest"]),
        ]
    }

    @Test func totalsAreExact() throws {
        try withCorpusIndex { (db) throws in
            for c in Self.cases {
                try #require(!c.expected.isEmpty, "\(c.name): the corpus has no match; pick another word")
                let page = try db.search(c.parameters)
                #expect(page.total == c.expected.count, "\(c.name)")
            }
        }
    }

    @Test func pagingYieldsEveryMatchExactlyOnceForEverySort() throws {
        try withCorpusIndex { (db) throws in
            let dateOf = Dictionary(uniqueKeysWithValues: CorpusFixture.calls.map { ($0.transcriptionSid, $0.dateCreated) })
            for c in Self.cases {
                for sort in c.sorts {
                    // Pages of one for the smallest set, larger pages for larger sets, so the test stays fast.
                    for limit in c.expected.count > 600 ? [97, 500] : c.expected.count < 100 ? [1, 7] : [7] {
                        var parameters = c.parameters
                        parameters.sort = sort
                        parameters.limit = String(limit)
                        let label = "\(c.name), sort \(sort), limit \(limit)"
                        let (hits, totals, pages) = try db.allPages(parameters)
                        let sids = hits.map(\.sid)
                        #expect(sids.count == Set(sids).count, "\(label): duplicates")
                        #expect(Set(sids) == c.expected,
                                "\(label): missing \(c.expected.subtracting(sids).count), extra \(Set(sids).subtracting(c.expected).count)")
                        #expect(totals == [c.expected.count], "\(label): total changed between pages: \(totals)")
                        #expect(pages == (c.expected.count + limit - 1) / limit, "\(label)")
                        // The order of the whole walk is the sort.
                        let dates = hits.compactMap(\.dateCreated)
                        #expect(dates.count == hits.count)
                        switch sort {
                        case "newest": #expect(dates == dates.sorted(by: >), "\(label)")
                        case "oldest": #expect(dates == dates.sorted(), "\(label)")
                        default:
                            let scores = hits.compactMap(\.score)
                            #expect(scores.count == hits.count, "\(label): a relevance hit without a score")
                            #expect(scores == scores.sorted(by: >), "\(label): scores not best first")
                        }
                        #expect(hits.allSatisfy { dateOf[$0.sid] == $0.dateCreated }, "\(label): wrong dates")
                    }
                }
            }
        }
    }

    /// The pages of a walk, concatenated, are exactly the one big page: same hits, same order.
    @Test(arguments: ["relevance", "newest", "oldest"])
    func pagesConcatenateToTheSingleLargePage(sort: String) throws {
        try withCorpusIndex { (db) throws in
            let parameters = P(query: "dvorak OR zoe", sort: sort)
            var large = parameters
            large.limit = "1000"
            let whole = try db.search(large)
            try #require(whole.total < 1000 && whole.total > 20)
            #expect(whole.nextCursor == nil)
            var small = parameters
            small.limit = "9"
            let walked = try db.allPages(small).hits
            #expect(walked.map(\.sid) == whole.hits.map(\.sid))
            #expect(walked.map(\.score) == whole.hits.map(\.score))
        }
    }

    @Test func newestAndOldestAreReverseOfEachOther() throws {
        try withCorpusIndex { (db) throws in
            let newest = try db.allPages(P(statuses: ["completed"], sort: "newest", limit: "1000")).hits.map(\.sid)
            let oldest = try db.allPages(P(statuses: ["completed"], sort: "oldest", limit: "1000")).hits.map(\.sid)
            #expect(newest.count == CorpusFixture.calls.filter { $0.status == "completed" }.count)
            #expect(newest == Array(oldest.reversed()))
            let expectedOldest = CorpusFixture.calls.filter { $0.status == "completed" }
                .sorted { $0.dateCreated < $1.dateCreated }.map(\.transcriptionSid)
            #expect(oldest == expectedOldest)
        }
    }

    @Test func aCursorFromAnotherSearchIsRejected() throws {
        try withCorpusIndex { (db) throws in
            let first = try db.search(P(query: "refund", limit: "5"))
            let cursor = try #require(first.nextCursor)
            // The same search continues.
            let second = try db.search(P(query: "refund", limit: "5", cursor: cursor))
            #expect(Set(second.hits.map(\.sid)).isDisjoint(with: first.hits.map(\.sid)))
            // A different page size is still the same search.
            #expect(try db.search(P(query: "refund", limit: "50", cursor: cursor)).hits.count == 50)
            for other in [
                P(query: "delivery", cursor: cursor),
                P(query: "refund", statuses: ["completed"], cursor: cursor),
                P(query: "refund", from: "2024-03-10", cursor: cursor),
                P(query: "refund", sort: "newest", cursor: cursor),
                P(query: "refund", accountSid: CorpusGenerator.defaultAccountSid, cursor: cursor),
                P(query: "refund -late", cursor: cursor),
                P(cursor: cursor),
            ] {
                expectIndexError(.invalidParameter, "\(other)") { _ = try db.search(other) }
            }
            let listingCursor = try #require(try db.search(P(limit: "3")).nextCursor)
            expectIndexError(.invalidParameter) { _ = try db.search(P(sort: "oldest", cursor: listingCursor)) }
            expectIndexError(.invalidParameter) { _ = try db.search(P(query: "refund", cursor: listingCursor)) }
            // A tampered cursor is rejected, not trusted.
            var tampered = Array(cursor)
            tampered[tampered.count / 2] = tampered[tampered.count / 2] == "A" ? "B" : "A"
            expectIndexError(.invalidParameter) { _ = try db.search(P(query: "refund", cursor: String(tampered))) }
        }
    }

    @Test func dateOrderPagingIsStableWhileRowsAreAdded() throws {
        try withCorpusIndex { (db) throws in
            let first = try db.search(P(sort: "oldest", limit: "10"))
            let cursor = try #require(first.nextCursor)
            let lastSeen = try #require(first.hits.last?.dateCreated)
            // One transcription older than the page boundary and one newer arrive between two page requests.
            try db.upsert([
                transcription(900_001, text: "late arrival old", created: TwilioDate.iso8601(lastSeen - 60)),
                transcription(900_002, text: "late arrival new", created: "2024-03-31T23:00:00Z"),
            ])
            var rest: [String] = []
            var parameters = P(sort: "oldest", limit: "1000", cursor: cursor)
            while true {
                let page = try db.search(parameters)
                rest += page.hits.map(\.sid)
                guard let next = page.nextCursor else { break }
                parameters.cursor = next
            }
            #expect(!rest.contains(sid("TR", 900_001)))
            #expect(rest.last == sid("TR", 900_002))
            #expect(Set(rest).isDisjoint(with: first.hits.map(\.sid)))
            #expect(rest.count == CorpusFixture.count - 10 + 1)
        }
    }
}
