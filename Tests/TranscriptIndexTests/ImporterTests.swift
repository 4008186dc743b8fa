import Foundation
import Testing
@testable import TranscriptIndex

/// `TwilioImporter`: every shape Twilio's v2010 API produces, bad records located by file and line.
@Suite("Importer")
struct ImporterTests {
    /// A transcription resource as Twilio renders it (RFC 2822 dates, duration as a string).
    static func transcriptionJSON(_ n: Int, text: String? = "hello there", status: String = "completed",
                                  created: String = "Tue, 05 Mar 2024 14:02:11 +0000",
                                  updated: String? = nil, duration: String = "\"12\"") -> String {
        let textValue = text.map { "\"\($0)\"" } ?? "null"
        return """
            {"account_sid": "\(sid("AC", 1))", "api_version": "2010-04-01", "date_created": "\(created)", \
            "date_updated": "\(updated ?? created)", "duration": \(duration), "price": "-0.05000", \
            "price_unit": "USD", "recording_sid": "\(sid("RE", n))", "sid": "\(sid("TR", n))", \
            "status": "\(status)", "transcription_text": \(textValue), "type": "fast", "uri": null}
            """
    }

    static func recordingJSON(_ n: Int, call: Int, channels: String = "1") -> String {
        """
        {"account_sid": "\(sid("AC", 1))", "call_sid": "\(sid("CA", call))", "conference_sid": null, \
        "channels": \(channels), "date_created": "Tue, 05 Mar 2024 14:00:00 +0000", \
        "date_updated": "Tue, 05 Mar 2024 14:00:05 +0000", "start_time": "Tue, 05 Mar 2024 14:00:00 +0000", \
        "price": "-0.00250", "price_unit": "USD", "duration": "10", "sid": "\(sid("RE", n))", \
        "source": "OutboundAPI", "status": "completed", "error_code": null, "uri": null, \
        "encryption_details": null, "media_url": null}
        """
    }

    /// Pretty-prints a list page the way Twilio does: one key per line, elements indented.
    static func prettyPage(_ key: String, _ elements: [String]) -> String {
        let body = elements.map { element in
            // One field per line inside each element.
            "    {\n      " + element.dropFirst().dropLast().replacingOccurrences(of: ", \"", with: ",\n      \"")
                + "\n    }"
        }.joined(separator: ",\n")
        return "{\n  \"end\": 0,\n  \"\(key)\": [\n\(body)\n  ],\n  \"page\": 0\n}\n"
    }

    func importing(_ files: [(String, String)], into db: IndexDatabase, in dir: TemporaryDirectory) throws -> ImportSummary {
        let importer = TwilioImporter(database: db)
        var summary = ImportSummary()
        for (name, contents) in files {
            summary += try importer.importSource(try dir.write(name, contents))
        }
        return summary
    }

    @Test func listPageOfTranscriptions() throws {
        try withFreshIndex { (db, dir) throws in
            let page = Self.prettyPage("transcriptions", (1...3).map { Self.transcriptionJSON($0, text: "page item \($0)") })
            let summary = try importing([("page.json", page)], into: db, in: dir)
            #expect(summary.problems == [])
            #expect(summary.counts == IngestCounts(added: 3))
            #expect(try db.sids(matching: "item") == [sid("TR", 3), sid("TR", 2), sid("TR", 1)])
            let stored = try db.transcription(sid: sid("TR", 2)).transcription
            #expect(stored.duration == 12)
            #expect(stored.dateCreated == utc("2024-03-05T14:02:11Z"))
            // Importing the same page again changes nothing.
            let again = try importing([("page.json", page)], into: db, in: dir)
            #expect(again.counts == IngestCounts(unchanged: 3))
        }
    }

    @Test func listPageOfRecordingsAndSingleResources() throws {
        try withFreshIndex { (db, dir) throws in
            let summary = try importing([
                ("recordings.json", Self.prettyPage("recordings", [Self.recordingJSON(1, call: 5), Self.recordingJSON(2, call: 6)])),
                ("one-transcription.json", Self.transcriptionJSON(1)),
                ("one-recording.json", Self.recordingJSON(3, call: 7)),
                ("array.json", "[\n" + Self.transcriptionJSON(2) + ",\n" + Self.recordingJSON(4, call: 8) + "\n]\n"),
            ], into: db, in: dir)
            #expect(summary.problems == [])
            #expect(summary.counts == IngestCounts(added: 6))
            #expect(try db.stats().recordings == 4)
            #expect(try db.stats().transcriptions == 2)
            #expect(try db.transcription(sid: sid("TR", 1)).recording?.callSid == sid("CA", 5))
        }
    }

    @Test func ndjsonOfBothKinds() throws {
        try withFreshIndex { (db, dir) throws in
            let lines = [Self.recordingJSON(1, call: 1), Self.transcriptionJSON(1, text: "first line"), "",
                         Self.recordingJSON(2, call: 2), Self.transcriptionJSON(2, text: "second line")]
            let summary = try importing([("export.ndjson", lines.joined(separator: "\n") + "\n")], into: db, in: dir)
            #expect(summary.problems == [])
            #expect(summary.counts == IngestCounts(added: 4))
            #expect(try db.sids(SearchParameters(callSid: sid("CA", 2))) == [sid("TR", 2)])
        }
    }

    @Test func aBadRecordInAPrettyPrintedPageIsReportedWithItsLine() throws {
        try withFreshIndex { (db, dir) throws in
            let page = Self.prettyPage("transcriptions", [
                Self.transcriptionJSON(1, text: "good one"),
                Self.transcriptionJSON(2, text: "bad one", duration: "\"ten\""),
                Self.transcriptionJSON(3, text: "good three"),
            ])
            let path = try dir.write("page.json", page)
            let summary = try TwilioImporter(database: db).importSource(path)
            #expect(summary.counts == IngestCounts(added: 2))
            try #require(summary.problems.count == 1)
            let problem = summary.problems[0]
            // The line of the element's opening brace.
            let braceLines = page.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                .filter { $0.element == "    {" }.map { $0.offset + 1 }
            try #require(braceLines.count == 3)
            #expect(problem.source == path)
            #expect(problem.line == braceLines[1], "\(problem)")
            #expect(problem.message.contains("duration"), "\(problem.message)")
            #expect(problem.description.hasPrefix("\(path):\(braceLines[1]): "))
            #expect(try db.sids(matching: "good") == [sid("TR", 3), sid("TR", 1)])
        }
    }

    @Test func aBadRecordInADocumentWithBothListsIsReportedWithItsOwnLine() throws {
        try withFreshIndex { (db, dir) throws in
            // transcriptions[0…3] first, then recordings[0…2] of which the third is bad: its line is in the
            // recordings list, not the line of transcriptions[2].
            let transcriptions = Self.prettyPage("transcriptions", (1...4).map { Self.transcriptionJSON($0) })
            let recordings = Self.prettyPage("recordings", [
                Self.recordingJSON(1, call: 1), Self.recordingJSON(2, call: 2), Self.recordingJSON(3, call: 3, channels: "\"two\""),
            ])
            // Merge the two pages into one document with both keys.
            let both = transcriptions.replacingOccurrences(of: "\n  \"page\": 0\n}\n", with: "\n")
                + recordings.replacingOccurrences(of: "{\n  \"end\": 0,\n", with: "")
            let path = try dir.write("both.json", both)
            let summary = try TwilioImporter(database: db).importSource(path)
            #expect(summary.counts == IngestCounts(added: 6))
            try #require(summary.problems.count == 1, "\(summary.problems)")
            let braceLines = both.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                .filter { $0.element == "    {" }.map { $0.offset + 1 }
            try #require(braceLines.count == 7)
            #expect(summary.problems[0].line == braceLines[6], "\(summary.problems[0]); elements start on \(braceLines)")
        }
    }

    @Test func aBadRecordInAPrettyPrintedRecordingsPageIsReportedWithItsLine() throws {
        try withFreshIndex { (db, dir) throws in
            // The first element is the bad one: nothing before it in the page decoded.
            let page = Self.prettyPage("recordings", [
                Self.recordingJSON(1, call: 1, channels: "\"two\""),
                Self.recordingJSON(2, call: 2),
            ])
            let path = try dir.write("recordings.json", page)
            let summary = try TwilioImporter(database: db).importSource(path)
            #expect(summary.counts == IngestCounts(added: 1))
            try #require(summary.problems.count == 1)
            let braceLines = page.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                .filter { $0.element == "    {" }.map { $0.offset + 1 }
            #expect(summary.problems[0].line == braceLines[0], "\(summary.problems[0]); elements start on \(braceLines)")
            #expect(summary.problems[0].message.contains("channels"))
        }
    }

    @Test func badRecordsInNDJSONAreReportedWithTheirLines() throws {
        try withFreshIndex { (db, dir) throws in
            let lines = [
                Self.transcriptionJSON(1, text: "alpha"),                       // 1
                Self.transcriptionJSON(2, text: "bravo", duration: "{}"),       // 2: wrong kind
                "",                                                             // 3
                #"{"sid": "TR1234", "status": "completed"}"#,                   // 4: malformed SID
                #"{"account_sid": "AC1", "sid": "TR"#,                          // 5: not JSON
                Self.transcriptionJSON(3, text: "charlie"),                     // 6
                #"{"friendly_name": "not a Twilio resource"}"#,                  // 7
                Self.transcriptionJSON(4, text: "delta", created: "someday"),   // 8: bad date
            ]
            let path = try dir.write("export.ndjson", lines.joined(separator: "\n"))
            let summary = try TwilioImporter(database: db).importSource(path)
            #expect(summary.counts == IngestCounts(added: 2))
            #expect(summary.problems.compactMap(\.line).sorted() == [2, 4, 5, 7, 8], "\(summary.problems)")
            #expect(summary.problems.allSatisfy { $0.source == path })
            let messages = Dictionary(summary.problems.map { ($0.line, $0.message) }, uniquingKeysWith: { $0 + "; " + $1 })
            #expect(messages[2]?.contains("duration") == true, "\(messages)")
            #expect(messages[4]?.contains("sid") == true, "\(messages)")
            #expect(messages[8]?.contains("date_created") == true, "\(messages)")
            #expect(try db.sids(SearchParameters(sort: "oldest")).sorted() == [sid("TR", 1), sid("TR", 3)])
        }
    }

    @Test func aBadFirstLineOfNDJSONDoesNotHideTheRest() throws {
        try withFreshIndex { (db, dir) throws in
            let lines = ["{not json", Self.transcriptionJSON(1, text: "alpha"), Self.transcriptionJSON(2, text: "bravo")]
            let path = try dir.write("export.ndjson", lines.joined(separator: "\n") + "\n")
            let summary = try TwilioImporter(database: db).importSource(path)
            #expect(summary.counts == IngestCounts(added: 2))
            #expect(summary.problems.map(\.line) == [1])
        }
    }

    @Test func aTextFileSetsTheTextAndMakesItSearchable() throws {
        try withFreshIndex { (db, dir) throws in
            let summary = try importing([
                ("list.json", Self.prettyPage("transcriptions", [Self.transcriptionJSON(1, text: nil)])),
                ("\(sid("TR", 1)).txt", "The customer wants a reimbursement for order 4471.\n"),
            ], into: db, in: dir)
            #expect(summary.problems == [])
            #expect(summary.textsSet == 1)
            #expect(try db.transcription(sid: sid("TR", 1)).transcription.text
                    == "The customer wants a reimbursement for order 4471.")
            #expect(try db.sids(matching: "reimbursement") == [sid("TR", 1)])
            #expect(try db.sids(matching: "\"order 4471\"") == [sid("TR", 1)])
        }
    }

    @Test func aTextFileForAnUnknownSIDIsReported() throws {
        try withFreshIndex { (db, dir) throws in
            let unknown = try dir.write("\(sid("TR", 99)).txt", "orphan text")
            let misnamed = try dir.write("notes.txt", "orphan text")
            let importer = TwilioImporter(database: db)
            let first = try importer.importSource(unknown)
            #expect(first.textsSet == 0)
            #expect(first.problems.map(\.source) == [unknown])
            #expect(first.problems.map(\.line) == [1])
            #expect(first.problems.first?.message.contains(sid("TR", 99)) == true)
            let second = try importer.importSource(misnamed)
            #expect(second.problems.map(\.source) == [misnamed])
            #expect(try db.stats().transcriptions == 0)
            #expect(try db.sids(matching: "orphan").isEmpty)
        }
    }

    @Test func aMissingFileIsTheFilesProblemNotAnError() throws {
        try withFreshIndex { (db, dir) throws in
            let path = dir.path("missing.json")
            let summary = try TwilioImporter(database: db).importSource(path)
            #expect(summary.problems == [ImportProblem(source: path, line: nil, message: "no such file", effect: .fileNotRead)])
            #expect(summary.problems.first?.description == "\(path): no such file")
        }
    }

    @Test func aRecordOfAPrettyPrintedPageThatIsNotUTF8IsReportedWithItsLineAndOffset() throws {
        try withFreshIndex { (db, dir) throws in
            let page = Self.prettyPage("transcriptions", [Self.transcriptionJSON(1, text: "fine"),
                                                          Self.transcriptionJSON(2, text: "caf\u{1}")])
            var bytes = Array(page.utf8)
            let offset = try #require(bytes.firstIndex(of: 0x01))
            bytes[offset] = 0xE9  // Latin-1 "é"
            let path = dir.path("page.json")
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let summary = try TwilioImporter(database: db).importSource(path)
            #expect(summary.counts == IngestCounts(added: 1))
            #expect(summary.problems.map(\.message) == ["not UTF-8 (invalid byte at offset \(offset))"])
            #expect(summary.problems.map(\.line) == [Self.elementLines(page)[1]])
        }
    }

    /// The lines on which the elements of a prettyPage start.
    static func elementLines(_ page: String) -> [Int] {
        page.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .filter { $0.element == "    {" }.map { $0.offset + 1 }
    }

    @Test func batchesSmallerThanTheInputStillLoadEverything() throws {
        try withFreshIndex { (db, dir) throws in
            var importer = TwilioImporter(database: db)
            importer.batchSize = 3
            let lines = (1...10).map { Self.transcriptionJSON($0, text: "batch \($0)") }
            let summary = try importer.importSource(try dir.write("b.ndjson", lines.joined(separator: "\n")))
            #expect(summary.counts == IngestCounts(added: 10))
            #expect(try db.search(SearchParameters(query: "batch")).total == 10)
        }
    }

    /// All the shared examples together: one transcription (TRaaaa…) in three versions and two recordings.
    /// Whatever the order, the newest date_updated wins: the completed version of 2011-08-25.
    @Test(arguments: [false, true])
    func importingTheSharedExamplesKeepsTheNewestVersion(reversed: Bool) throws {
        var files = try sharedV2010ExampleFiles()
        if reversed { files.reverse() }
        try withFreshIndex { (db, _) throws in
            let importer = TwilioImporter(database: db)
            var summary = ImportSummary()
            for file in files { summary += try importer.importSource(file.path) }
            #expect(summary.problems == [])
            #expect(summary.counts.added == 3)  // TRaaaa, REaaaa, REaaab
            let stats = try db.stats()
            #expect(stats.transcriptions == 1)
            #expect(stats.recordings == 2)
            #expect(stats.byStatus.map(\.status) == ["completed"])
            let detail = try db.transcription(sid: placeholderSID("TR"))
            let t = detail.transcription
            #expect(t.status == "completed")
            #expect(t.dateCreated == utc("2011-08-25T20:59:45Z"))
            #expect(t.dateUpdated == utc("2011-08-25T20:59:45Z"))
            #expect(t.duration == 10)
            // The completed version carried no text, and its status differs from the versions that had some.
            #expect(t.text == nil)
            #expect(try db.sids(matching: "test").isEmpty)
            // The recording's newest version is the soft-deleted one of 2022.
            let r = try #require(detail.recording)
            #expect(r.status == "deleted")
            #expect(r.dateUpdated == utc("2022-02-14T21:23:00Z"))
            #expect(r.callSid == placeholderSID("CA"))
            #expect(try db.sids(SearchParameters(callSid: placeholderSID("CA"))) == [placeholderSID("TR")])
        }
    }
}
