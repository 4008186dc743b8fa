import Foundation
import Testing

/// `import` with bad records: FILE:LINE on stderr, exit 1, and the good records loaded.
@Suite("CLI: import problems")
struct ImportProblemsTests {
    static func line(_ letter: Character, text: String, duration: String = "\"5\"") -> String {
        """
        {"sid": "\(placeholder("TR", letter))", "status": "completed", "duration": \(duration), "date_created": "Tue, 05 Mar 2024 14:02:11 +0000", "date_updated": "Tue, 05 Mar 2024 14:02:11 +0000", "transcription_text": "\(text)"}
        """
    }

    static let ndjson = [
        line("a", text: "alpha router"),
        line("b", text: "bravo router", duration: "\"five\""),
        line("c", text: "charlie router"),
        "{\"sid\": \"TR",
        line("d", text: "delta router"),
    ].joined(separator: "\n") + "\n"

    @Test func badRecordsAreReportedAsFileAndLineAndTheRestLoad() throws {
        try withCLISandbox { sandbox in
            let file = try sandbox.write("export.ndjson", Self.ndjson)
            let db = sandbox.path("index.sqlite")
            let result = try sandbox.run(["import", "--db", db, file])
            #expect(result.status == 1, "\(result)")
            let problems = result.stderr.split(separator: "\n").map(String.init)
            #expect(problems.count == 2, "\(result)")
            #expect(problems.contains { $0.hasPrefix("transcripts: \(file):2: ") && $0.contains("duration") }, "\(result)")
            #expect(problems.contains { $0.hasPrefix("transcripts: \(file):4: ") }, "\(result)")
            #expect(result.stdout == "imported: 3 added, 0 updated, 0 unchanged; 2 skipped (see above)\n", "\(result)")

            let search = try sandbox.run(["search", "router", "--sort", "oldest", "--db", db, "--json"])
            #expect(try search.sids() == [placeholder("TR", "a"), placeholder("TR", "c"), placeholder("TR", "d")])
        }
    }

    @Test func badRecordsUnderJSON() throws {
        try withCLISandbox { sandbox in
            let file = try sandbox.write("export.ndjson", Self.ndjson)
            let result = try sandbox.run(["import", "--db", sandbox.path("index.sqlite"), "--json", file])
            #expect(result.status == 1, "\(result)")
            let body = try result.json()
            #expect(body["added"] as? Int == 3)
            let problems = try #require(body["problems"] as? [[String: Any]])
            #expect(problems.compactMap { $0["line"] as? Int }.sorted() == [2, 4])
            #expect(problems.allSatisfy { $0["source"] as? String == file })
            #expect(problems.allSatisfy { !($0["message"] as? String ?? "").isEmpty })
        }
    }

    @Test func aBadRecordInAPrettyPrintedPageIsReportedWithItsLine() throws {
        try withCLISandbox { sandbox in
            let page = """
                {
                  "transcriptions": [
                    {
                      "sid": "\(placeholder("TR", "a"))",
                      "status": "completed",
                      "transcription_text": "alpha"
                    },
                    {
                      "sid": "\(placeholder("TR", "b"))",
                      "status": "completed",
                      "date_created": "the fifth of March",
                      "transcription_text": "bravo"
                    }
                  ]
                }
                """
            let file = try sandbox.write("page.json", page)
            let result = try sandbox.run(["import", "--db", sandbox.path("index.sqlite"), file])
            #expect(result.status == 1)
            #expect(result.stderr.hasPrefix("transcripts: \(file):8: "), "\(result)")
            #expect(result.stderr.contains("date_created") && result.stderr.contains("the fifth of March"), "\(result)")
            #expect(result.stdout.hasPrefix("imported: 1 added"))
        }
    }

    @Test func importReadsStandardInput() throws {
        try withCLISandbox { sandbox in
            let db = sandbox.path("index.sqlite")
            let dash = try sandbox.run(["import", "--db", db, "-"], stdin: Self.line("a", text: "from stdin"))
            #expect(dash.status == 0, "\(dash)")
            #expect(dash.stdout == "imported: 1 added, 0 updated, 0 unchanged\n")
            let none = try sandbox.run(["import", "--db", db, "--json"], stdin: Self.line("b", text: "also stdin") + "\n{bad\n")
            #expect(none.status == 1, "\(none)")
            let problems = try #require(try none.json()["problems"] as? [[String: Any]])
            #expect(problems.first?["source"] as? String == "-")
            #expect(problems.first?["line"] as? Int == 2)
            #expect(try sandbox.run(["search", "stdin", "--db", db, "--json", "--sort", "oldest"]).sids()
                    == [placeholder("TR", "a"), placeholder("TR", "b")])
        }
    }

    @Test func aTextFileForAnUnknownTranscriptionIsReported() throws {
        try withCLISandbox { sandbox in
            let orphan = try sandbox.write("\(placeholder("TR", "e")).txt", "nobody has this transcription")
            let result = try sandbox.run(["import", "--db", sandbox.path("index.sqlite"), orphan])
            #expect(result.status == 1)
            #expect(result.stderr.hasPrefix("transcripts: \(orphan):1: no transcription \(placeholder("TR", "e"))"), "\(result)")
        }
    }
}
