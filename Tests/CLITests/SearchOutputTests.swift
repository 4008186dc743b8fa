import Foundation
import Testing

/// The `search --json` contract, paging through the CLI, and the human output.
@Suite("CLI: search output")
struct SearchOutputTests {
    typealias E = ExamplesIndex

    static let resultKeys = ["sid", "source", "call_sid", "recording_sid", "account_sid", "status", "date_created", "duration",
                             "score", "snippet"]

    @Test func theJSONBody() throws {
        try withCLISandbox { sandbox in
            try ExamplesIndex.build(in: sandbox)
            let result = try sandbox.run(["search", "jose", "--db", sandbox.path("index.sqlite"), "--json"])
            #expect(result.status == 0)
            #expect(topLevelKeys(result.stdout) == ["total", "results", "next_cursor"])
            #expect(result.stdout.hasPrefix(#"{"total":1,"results":[{"sid":"\#(E.c)","source":"transcription","call_sid":"\#(placeholder("CA", last: "b"))","recording_sid":"\#(placeholder("RE", last: "b"))","account_sid":"\#(placeholder("AC"))","status":"in-progress","date_created":"2011-08-26T00:00:00Z","duration":7,"score":"#), "\(result)")
            let hit = try #require((try result.json()["results"] as? [[String: Any]])?.first)
            #expect(Set(hit.keys) == Set(Self.resultKeys))
            #expect((hit["score"] as? Double ?? 0) > 0)
            #expect(hit["snippet"] as? String == "<mark>José</mark> asked about the refund for order 4471")
            #expect(try result.json()["next_cursor"] is NSNull)
        }
    }

    @Test func aListingHasNullScores() throws {
        try withCLISandbox { sandbox in
            try ExamplesIndex.build(in: sandbox)
            let results = try #require(try sandbox.run(["search", "--db", sandbox.path("index.sqlite"), "--json"])
                .json()["results"] as? [[String: Any]])
            #expect(results.count == 3)
            #expect(results.allSatisfy { $0["score"] is NSNull })
            #expect(results.first { $0["sid"] as? String == E.b }?["snippet"] is NSNull, "the (blank) placeholder is no snippet")
            #expect(results.first { $0["sid"] as? String == E.a }?["snippet"] as? String == E.txtText)
        }
    }

    @Test(arguments: [[], ["--sort", "oldest"], ["4471"], ["4471", "--sort", "newest"], ["4471", "--sort", "oldest"]])
    func pagingWithTheCursorVisitsEachResultOnce(arguments: [String]) throws {
        try withCLISandbox { sandbox in
            try ExamplesIndex.build(in: sandbox)
            let db = sandbox.path("index.sqlite")
            let all = try sandbox.run(["search", "--db", db, "--json"] + arguments).sids()
            var walked: [String] = []
            var cursor: String?
            repeat {
                let page = try sandbox.run(["search", "--db", db, "--json", "--limit", "1"] + arguments
                                           + (cursor.map { ["--cursor", $0] } ?? []))
                #expect(page.status == 0, "\(page)")
                let body = try page.json()
                #expect(body["total"] as? Int == all.count)
                walked += try page.sids()
                cursor = body["next_cursor"] as? String
            } while cursor != nil && walked.count <= all.count
            #expect(walked == all, "\(arguments)")
            #expect(all.count >= 2)
        }
    }

    @Test func humanOutput() throws {
        try withCLISandbox { sandbox in
            try ExamplesIndex.build(in: sandbox)
            let db = sandbox.path("index.sqlite")
            let result = try sandbox.run(["search", "4471", "--sort", "newest", "--limit", "1", "--db", db])
            #expect(result.status == 0)
            let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(lines.first == "2 matches", "\(result)")
            #expect(lines.contains("\(E.c)  transcription  2011-08-26 00:00 UTC  in-progress  7s  call \(placeholder("CA", last: "b"))"), "\(result)")
            #expect(lines.contains("  José asked about the refund for order 4471"), "\(result)")
            #expect(lines.contains { $0.hasPrefix("more: add --cursor ") }, "\(result)")
            #expect(!result.stdout.contains("\u{1B}["))
            let none = try sandbox.run(["search", "nothingmatchesthis", "--db", db])
            #expect(none.stdout == "No matches.\n")
            #expect(none.status == 0)
        }
    }
}
