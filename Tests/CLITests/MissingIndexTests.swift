import Foundation
import Testing

/// Reading commands never create a database: a missing file is exit 1 with a message that says what to do.
@Suite("CLI: missing index")
struct MissingIndexTests {
    static let readingCommands: [[String]] = [
        ["search", "refund"],
        ["search"],
        ["search", "--status", "failed", "--sort", "oldest"],
        ["show", placeholder("TR")],
        ["stats"],
    ]

    @Test(arguments: readingCommands)
    func aReadingCommandOnAMissingIndexExitsOneAndCreatesNothing(command: [String]) throws {
        try withCLISandbox { sandbox in
            let db = sandbox.path("nothing-here.sqlite")
            let expected = "no index at \(db) — run `transcripts harvest` or `transcripts import` first"

            let human = try sandbox.run(command + ["--db", db])
            #expect(human.status == 1, "\(human)")
            #expect(human.stderr == "transcripts: \(expected)\n", "\(human)")
            #expect(human.stdout == "", "\(human)")

            let json = try sandbox.run(command + ["--db", db, "--json"])
            #expect(json.status == 1, "\(json)")
            #expect(json.stdout == #"{"error":{"code":"no_index","message":"\#(expected)"}}"# + "\n", "\(json)")

            #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.work.path) == [],
                    "a reading command created a file")
        }
    }

    @Test func theDefaultPathIsNamedInTheMessageAndNotCreated() throws {
        try withCLISandbox { sandbox in
            let result = try sandbox.run(["stats"])
            #expect(result.status == 1)
            #expect(result.stderr.contains("no index at transcripts.sqlite — run `transcripts harvest`"), "\(result)")
            #expect(!sandbox.exists("transcripts.sqlite"))
        }
    }
}
