import Foundation
import Testing

/// Import the shared examples (plus two transcriptions that make each filter discriminate, and a `.txt`
/// text), then `search --json` with each filter returns exactly the expected SIDs. See ExamplesIndex.
@Suite("CLI: search the imported examples")
struct ExamplesSearchTests {
    typealias E = ExamplesIndex

    static let cases: [(arguments: [String], expected: [String])] = [
        // No query: everything, newest first.
        ([], [E.c, E.a, E.b]),
        (["--sort", "oldest"], [E.b, E.a, E.c]),
        // --status, repeatable and comma-separated.
        (["--status", "completed"], [E.a]),
        (["--status", "failed"], [E.b]),
        (["--status", "in-progress"], [E.c]),
        (["--status", "failed", "--status", "in-progress"], [E.c, E.b]),
        (["--status", "completed,failed"], [E.a, E.b]),
        // --call-sid, through the recording (the examples' REaaaa belongs to CAaaaa, REaaab to CAaaab).
        (["--call-sid", placeholder("CA")], [E.a]),
        (["--call-sid", placeholder("CA", last: "b")], [E.c]),
        (["--call-sid", placeholder("CA", "b")], [E.b]),
        (["--call-sid", placeholder("CA", "c")], []),
        // --recording-sid
        (["--recording-sid", placeholder("RE")], [E.a]),
        (["--recording-sid", placeholder("RE", last: "b")], [E.c]),
        (["--recording-sid", placeholder("RE", "b")], [E.b]),
        // --account-sid
        (["--account-sid", placeholder("AC")], [E.c, E.a]),
        (["--account-sid", placeholder("AC", "b")], [E.b]),
        (["--account-sid", placeholder("AC", "c")], []),
        // --from / --to: whole UTC days, inclusive; or ISO 8601 instants.
        (["--from", "2011-08-25", "--to", "2011-08-25"], [E.a]),
        (["--from", "2011-08-25"], [E.c, E.a]),
        (["--to", "2011-08-24"], [E.b]),
        (["--from", "2011-08-24", "--to", "2011-08-26"], [E.c, E.a, E.b]),
        (["--from", "2011-08-25T20:59:45Z", "--to", "2011-08-25T20:59:45Z"], [E.a]),
        (["--from", "2011-08-25T20:59:46Z"], [E.c]),
        (["--to", "2011-08-25T22:59:44+02:00"], [E.b]),
        (["--from", "2011-08-27"], []),
        // Words: the .txt text, accent-free spellings, stemming, the placeholder and superseded text.
        (["reimbursement"], [E.a]),
        (["chloe"], [E.a]),
        (["jose"], [E.c]),
        (["refunds"], [E.c]),
        (["4471", "--sort", "newest"], [E.c, E.a]),
        (["\"order 4471\"", "--sort", "oldest"], [E.a, E.c]),
        (["4471", "--account-sid", placeholder("AC"), "--status", "in-progress"], [E.c]),
        (["4471 -jose"], [E.a]),
        (["--", "4471", "-jose"], [E.a]),
        (["blank"], []),
        (["test"], []),
    ]

    @Test func eachFilterReturnsExactlyTheExpectedSIDs() throws {
        try withCLISandbox { sandbox in
            try ExamplesIndex.build(in: sandbox)
            let db = sandbox.path("index.sqlite")
            for (arguments, expected) in Self.cases {
                let result = try sandbox.run(["search", "--db", db, "--json"] + arguments)
                #expect(result.status == 0, "\(arguments): \(result)")
                #expect(try result.sids() == expected, "search \(arguments.joined(separator: " "))")
                #expect(try result.json()["total"] as? Int == expected.count, "\(arguments)")
            }
        }
    }

    /// The query syntax's `-excluded` typed as its own shell word, the way people type queries.
    /// Fails today: swift-argument-parser takes "-jose" for an unknown option ("Unknown option '-jose'", exit 2).
    @Test func anExcludedWordAsItsOwnArgument() throws {
        try withCLISandbox { sandbox in
            try ExamplesIndex.build(in: sandbox)
            let result = try sandbox.run(["search", "--db", sandbox.path("index.sqlite"), "--json", "4471", "-jose"])
            #expect(result.status == 0, "\(result)")
            if result.status == 0 { #expect(try result.sids() == [E.a]) }
        }
    }

    @Test func theImportSummaryFollowsTheOrderingRule() throws {
        try withCLISandbox { sandbox in
            let result = try ExamplesIndex.build(in: sandbox)
            // Examples, in name order: REaaaa, REaaab and TRaaaa are new; REaaaa is replaced by two newer (or
            // equal-date, different) versions and TRaaaa by its completed version; the other 12 change nothing.
            // Then TRbbbb, REbbbb and TRcccc are new, and the .txt sets one text.
            #expect(result.stdout == #"{"added":6,"updated":3,"unchanged":12,"texts":1,"problems":[]}"# + "\n",
                    "\(result)")
            #expect(result.stderr == "")
        }
    }

    @Test func importingTwiceChangesNothing() throws {
        try withCLISandbox { sandbox in
            try ExamplesIndex.build(in: sandbox)
            let before = try sandbox.run(["search", "--db", sandbox.path("index.sqlite"), "--json"]).stdout
            let again = try sandbox.run(["import", "--db", sandbox.path("index.sqlite"), "--json"]
                                        + (try sharedV2010ExamplePaths()) + [sandbox.path("extra.ndjson")])
            #expect(again.status == 0)
            let body = try again.json()
            #expect(body["added"] as? Int == 0)
            // Two different REaaaa bodies share one date_updated; the later file wins each time, so re-reading
            // them rewrites that row twice. Every record is still accounted for, and the result is identical.
            #expect((body["updated"] as? Int ?? -1) + (body["unchanged"] as? Int ?? -1) == 21, "\(again)")
            let after = try sandbox.run(["search", "--db", sandbox.path("index.sqlite"), "--json"]).stdout
            #expect(after == before)
        }
    }
}
