import Foundation
import Testing

/// Usage errors exit 2; under --json they are `{"error":{"code":"invalid_parameter"|"invalid_query",…}}`.
/// They are reported before any database is opened (or created).
@Suite("CLI: usage errors")
struct UsageErrorTests {
    static let hex32 = String(repeating: "a", count: 32)

    static let cases: [(arguments: [String], code: String, mentions: String)] = [
        (["search", "--status", "done"], "invalid_parameter", "done"),
        (["search", "--status", "completed,bogus"], "invalid_parameter", "bogus"),
        (["search", "--source", "message"], "invalid_parameter", "message"),
        (["search", "--source", "transcription,"], "invalid_parameter", "empty source"),
        (["harvest", "--source", "message"], "invalid_parameter", "unknown source \"message\""),
        (["search", "--call-sid", "CA123"], "invalid_parameter", "CA123"),
        (["search", "--call-sid", "RE" + hex32], "invalid_parameter", "call_sid"),
        (["search", "--recording-sid", "RE" + String(repeating: "z", count: 32)], "invalid_parameter", "recording_sid"),
        (["search", "--account-sid", "AC" + String(repeating: "a", count: 33)], "invalid_parameter", "account_sid"),
        (["search", "--from", "2024-13-01"], "invalid_parameter", "2024-13-01"),
        (["search", "--to", "last week"], "invalid_parameter", "last week"),
        (["search", "--from", "2024-03-06", "--to", "2024-03-05"], "invalid_parameter", "after"),
        (["search", "--limit", "0"], "invalid_parameter", "limit"),
        (["search", "--limit", "1001"], "invalid_parameter", "limit"),
        (["search", "--limit", "many"], "invalid_parameter", "limit"),
        (["search", "--sort", "best"], "invalid_parameter", "best"),
        (["search", "--sort", "relevance"], "invalid_parameter", "relevance"),
        (["search", "refund", "--cursor", "not-a-cursor"], "invalid_parameter", "cursor"),
        (["search", "*"], "invalid_query", "words"),
        (["search", String(repeating: "refund ", count: 1_500)], "invalid_query", "longer"),
        (["search", "--no-such-flag"], "invalid_parameter", "no-such-flag"),
        (["search", "--limit"], "invalid_parameter", "limit"),
        (["show", "TR123"], "invalid_parameter", "TR123"),
        (["show"], "invalid_parameter", "sid"),
        (["frobnicate"], "invalid_parameter", "Unknown"),
    ]

    @Test func usageErrorsUnderJSON() throws {
        try withCLISandbox { sandbox in
            let db = sandbox.path("index.sqlite")
            for (arguments, code, mentions) in Self.cases {
                let label = arguments.joined(separator: " ").prefix(60)
                let result = try sandbox.run(arguments + ["--db", db, "--json"])
                #expect(result.status == 2, "\(label): \(result)")
                #expect(topLevelKeys(result.stdout) == ["error"], "\(label): \(result)")
                let error = try result.json()["error"] as? [String: Any]
                #expect(error?.keys.sorted() == ["code", "message"], "\(label)")
                #expect(error?["code"] as? String == code, "\(label): \(result)")
                let message = error?["message"] as? String ?? ""
                #expect(message.contains(mentions), "\(label): message \(message)")
                #expect(!message.contains("SQLite"), "\(label)")
            }
            #expect(!sandbox.exists("index.sqlite"), "a usage error created the database")
        }
    }

    @Test func usageErrorsForPeople() throws {
        try withCLISandbox { sandbox in
            for arguments in [["search", "--status", "done"], ["search", "--no-such-flag"], ["show", "TR123"], ["search", "*"]] {
                let result = try sandbox.run(arguments)
                #expect(result.status == 2, "\(arguments): \(result)")
                #expect(result.stdout == "", "\(arguments): \(result)")
                #expect(!result.stderr.isEmpty, "\(arguments)")
            }
            #expect(!sandbox.exists("transcripts.sqlite"))
        }
    }

    @Test func usageErrorsWinOverAMissingIndex() throws {
        // Validation comes first, so the user fixes the command before being told to import.
        try withCLISandbox { sandbox in
            let result = try sandbox.run(["search", "--limit", "0", "--db", sandbox.path("missing.sqlite"), "--json"])
            #expect(result.status == 2)
            #expect(try (result.json()["error"] as? [String: Any])?["code"] as? String == "invalid_parameter")
        }
    }

    @Test func aCursorFromAnotherQueryIsAUsageError() throws {
        try withCLISandbox { sandbox in
            try ExamplesIndex.build(in: sandbox)
            let db = sandbox.path("index.sqlite")
            let first = try sandbox.run(["search", "4471", "--limit", "1", "--db", db, "--json"]).json()
            let cursor = try #require(first["next_cursor"] as? String)
            let other = try sandbox.run(["search", "refund", "--limit", "1", "--cursor", cursor, "--db", db, "--json"])
            #expect(other.status == 2, "\(other)")
            #expect(try (other.json()["error"] as? [String: Any])?["code"] as? String == "invalid_parameter")
        }
    }

    @Test func helpIsNotAnError() throws {
        try withCLISandbox { sandbox in
            let result = try sandbox.run(["search", "--help"])
            #expect(result.status == 0)
            #expect(result.stdout.contains("--recording-sid"))
        }
    }
}
