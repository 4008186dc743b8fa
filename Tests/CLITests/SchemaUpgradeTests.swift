import Foundation
import Testing
import TwilioEmulator

/// An index written by an earlier release (Tests/Fixtures/index-0002: schema 0002, a harvest and an import) opens
/// with today's binary, is migrated in place, and answers every search and `show` as that release did.
@Suite("CLI: an index from schema 0002 upgrades in place")
struct SchemaUpgradeTests {
    static let fixture = repositoryRoot.appendingPathComponent("Tests/Fixtures/index-0002", isDirectory: true)

    /// Keys a newer body may add to a result or a `show` body; every other key must keep its value.
    static let addedKeys: Set<String> = ["source"]

    struct Expected {
        var searches: [(arguments: [String], pages: [[String: Any]])]
        var shows: [(sid: String, body: [String: Any])]
    }

    static func expected() throws -> Expected {
        let data = try Data(contentsOf: fixture.appendingPathComponent("expected.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let searches = try #require(root["searches"] as? [[String: Any]]).map { search in
            (arguments: search["search"] as? [String] ?? [], pages: search["pages"] as? [[String: Any]] ?? [])
        }
        let shows = try #require(root["shows"] as? [[String: Any]]).map { show in
            (sid: show["sid"] as? String ?? "", body: show["body"] as? [String: Any] ?? [:])
        }
        return Expected(searches: searches, shows: shows)
    }

    /// A writable copy of the fixture, owner-only as the index always is.
    static func copyFixture(into sandbox: CLISandbox) throws -> String {
        let path = sandbox.path("index.sqlite")
        try FileManager.default.copyItem(atPath: fixture.appendingPathComponent("index.sqlite").path, toPath: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        return path
    }

    /// `actual` equals `expected`, except for the keys a newer release may add.
    static func expectSame(_ actual: [String: Any], _ expected: [String: Any], _ context: String,
                           sourceLocation: SourceLocation = #_sourceLocation) {
        let added = Set(actual.keys).subtracting(expected.keys)
        #expect(added.isSubset(of: addedKeys), "\(context): unexpected keys \(added.sorted())", sourceLocation: sourceLocation)
        var trimmed = actual
        for key in added { trimmed[key] = nil }
        #expect(NSDictionary(dictionary: trimmed).isEqual(to: expected), "\(context):\n\(trimmed)\nexpected\n\(expected)",
                sourceLocation: sourceLocation)
    }

    @Test("every search answers as the release that wrote the file: results, scores, snippets, totals, pages")
    func searchesAnswerAsBefore() throws {
        let expected = try Self.expected()
        try #require(expected.searches.count >= 10)
        try withCLISandbox { sandbox in
            let index = try Self.copyFixture(into: sandbox)
            for search in expected.searches {
                var cursor: String?
                // Page 2 through the cursor that release gave: a client paging across the upgrade keeps going.
                for (number, page) in search.pages.enumerated() {
                    let arguments = ["search", "--db", index, "--json", "--limit", "5"] + search.arguments
                        + (cursor.map { ["--cursor", $0] } ?? [])
                    let result = try sandbox.run(arguments)
                    try #require(result.status == 0, "\(search.arguments): \(result)")
                    let body = try result.json()
                    let context = "\(search.arguments.joined(separator: " ")) page \(number + 1)"
                    #expect(body["total"] as? Int == page["total"] as? Int, "\(context)")
                    let results = body["results"] as? [[String: Any]] ?? []
                    let expectedResults = page["results"] as? [[String: Any]] ?? []
                    #expect(results.count == expectedResults.count, "\(context)")
                    for (actual, wanted) in zip(results, expectedResults) { Self.expectSame(actual, wanted, context) }
                    #expect(body["next_cursor"] as? String == page["next_cursor"] as? String, "\(context): next_cursor")
                    cursor = page["next_cursor"] as? String
                }
            }
        }
    }

    @Test("show answers as before; stats keeps the counts and the harvest log")
    func showAndStatsAsBefore() throws {
        let expected = try Self.expected()
        try withCLISandbox { sandbox in
            let index = try Self.copyFixture(into: sandbox)
            for show in expected.shows {
                let result = try sandbox.run(["show", show.sid, "--db", index, "--json"])
                try #require(result.status == 0, "\(result)")
                Self.expectSame(try result.json(), show.body, "show \(show.sid)")
            }
            let stats = try sandbox.run(["stats", "--db", index, "--json"])
            try #require(stats.status == 0, "\(stats)")
            let body = try stats.json()
            #expect(body["transcriptions"] as? Int == 241, "\(stats.stdout)")
            #expect(body["recordings"] as? Int == 238, "\(stats.stdout)")
            #expect(body["schema_version"] as? String != "0002_term_lists.sql", "migrated: \(stats.stdout)")
            let runs = body["last_harvests"] as? [[String: Any]] ?? []
            #expect(runs.map { $0["mode"] as? String } == ["full", "initial"], "\(stats.stdout)")
            #expect(runs.last?["added"] as? Int == 240, "\(stats.stdout)")
            #expect(runs.map { $0["source"] as? String } == ["transcription", "transcription"], "\(stats.stdout)")
        }
    }

    @Test("the harvest checkpoint carries over: the next harvest of the same account is incremental, and adds nothing")
    func harvestResumesIncrementally() async throws {
        // The emulator the fixture was harvested from (see Tests/Fixtures/index-0002/README.md).
        let configuration = EmulatorConfiguration(seed: 11, count: 240, authToken: "emulator-auth-token", nullTextRate: 0.3)
        try await EmulatorServer.withRunning(configuration) { server in
            try await withAsyncCLISandbox { sandbox in
                let index = try Self.copyFixture(into: sandbox)
                let environment: [String: String?] = [
                    "TWILIO_ACCOUNT_SID": configuration.accountSid, "TWILIO_AUTH_TOKEN": "emulator-auth-token",
                    "TWILIO_API_KEY": nil, "TWILIO_API_SECRET": nil, "TWILIO_API_BASE": nil,
                ]
                let result = try await sandbox.runAsync(["harvest", "--db", index, "--api-base", server.baseURL, "--json"],
                                                        environment: environment)
                try #require(result.status == 0, "\(result)")
                let body = try result.json()
                let runs = try #require(body["sources"] as? [[String: Any]])
                #expect(runs.map { $0["source"] as? String } == ["transcription", "intelligence"])
                #expect(runs.first?["mode"] as? String == "incremental", "\(result.stdout)")
                #expect(runs.last?["mode"] as? String == "initial", "Intelligence is new to this index")
                #expect(body["added"] as? Int == 0 && body["deleted"] as? Int == 0, "\(result.stdout)")
                // An initial walk of 240 transcriptions takes about 80 requests (their texts and recordings).
                #expect((body["requests"] as? Int ?? 99) <= 5, "\(result.stdout)")
            }
        }
    }
}
