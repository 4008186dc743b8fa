import Foundation
import Testing

/// A NUL character in imported text used to end the stored string there (GRDB binds Swift strings as C
/// strings): `before\u0000after nulword` was stored as `before`. Now each NUL becomes a space, the record is
/// stored whole, and the import says so (how many, in which fields — never the text).
@Suite("CLI: import of text with NUL characters")
struct ImportNULTests {
    static let sid = placeholder("TR", "d")

    static let record = """
        {"sid": "\(sid)", "status": "completed", "date_created": "Tue, 05 Mar 2024 14:02:11 +0000", "date_updated": "Tue, 05 Mar 2024 14:02:11 +0000", "transcription_text": "before\\u0000after nulword", "uri": "/2010-04-01/Transcriptions/\\u0000\(sid).json"}
        """

    @Test func aTextWithNULIsStoredWholeSearchableAndReported() async throws {
        try await withAsyncCLISandbox { sandbox in
            let file = try sandbox.write("export.ndjson", Self.record + "\n")
            let db = sandbox.path("index.sqlite")
            let result = try await sandbox.runAsync(["import", "--db", db, file])
            #expect(result.status == 1, "\(result)")
            #expect(result.stderr == "transcripts: \(file):1: 2 NUL characters in transcription_text, uri replaced "
                    + "by spaces; record imported\n", "\(result)")
            #expect(result.stdout == "imported: 1 added, 0 updated, 0 unchanged; 1 repaired (see above)\n", "\(result)")

            let search = try await sandbox.runAsync(["search", "nulword", "--db", db, "--json"])
            #expect(try search.sids() == [Self.sid], "\(search)")
            let show = try await sandbox.runAsync(["show", Self.sid, "--db", db, "--json"])
            let body = try show.json()
            #expect(body["text"] as? String == "before after nulword", "\(show)")
            #expect(body["uri"] as? String == "/2010-04-01/Transcriptions/ \(Self.sid).json", "\(show)")
            let human = try await sandbox.runAsync(["show", Self.sid, "--db", db])
            #expect(human.stdout.hasSuffix("\nbefore after nulword\n"), "\(human)")

            // The stored row is what the record says once repaired: importing it again changes nothing.
            let again = try await sandbox.runAsync(["import", "--db", db, "--json", file])
            #expect(try again.json()["unchanged"] as? Int == 1, "\(again)")
        }
    }

    @Test func aTextFileWithNULIsStoredWholeAndReported() async throws {
        try await withAsyncCLISandbox { sandbox in
            let db = sandbox.path("index.sqlite")
            let list = try sandbox.write("export.ndjson", Self.record + "\n")
            _ = try await sandbox.runAsync(["import", "--db", db, list])
            let text = sandbox.path("\(Self.sid).txt")
            try Data("first\u{0}second\u{0}nulword\n".utf8).write(to: URL(fileURLWithPath: text))
            let result = try await sandbox.runAsync(["import", "--db", db, "--json", text])
            #expect(result.status == 1, "\(result)")
            let body = try result.json()
            #expect(body["texts"] as? Int == 1, "\(result)")
            let problems = try #require(body["problems"] as? [[String: Any]], "\(result)")
            #expect(problems.map { $0["message"] as? String } == ["2 NUL characters replaced by spaces; text imported"])
            let show = try await sandbox.runAsync(["show", Self.sid, "--db", db, "--json"])
            #expect(try show.json()["text"] as? String == "first second nulword", "\(show)")
        }
    }
}
