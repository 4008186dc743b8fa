import Foundation
import Testing

/// `show --json` and `stats --json` bodies on the imported examples.
@Suite("CLI: show and stats")
struct ShowAndStatsTests {
    typealias E = ExamplesIndex

    static let showKeys = ["sid", "source", "account_sid", "recording_sid", "call_sid", "status", "type", "duration", "price",
                           "price_unit", "api_version", "date_created", "date_updated", "uri", "text", "recording"]
    static let recordingKeys = ["sid", "available", "account_sid", "call_sid", "conference_sid", "status", "source",
                                "channels", "duration", "start_time", "date_created", "date_updated", "price",
                                "price_unit", "error_code", "media_url", "uri"]

    @Test func showJSONOfTheExamplesTranscription() throws {
        try withCLISandbox { sandbox in
            try ExamplesIndex.build(in: sandbox)
            let result = try sandbox.run(["show", E.a, "--db", sandbox.path("index.sqlite"), "--json"])
            #expect(result.status == 0, "\(result)")
            #expect(topLevelKeys(result.stdout) == Self.showKeys)
            let body = try result.json()
            #expect(body["sid"] as? String == E.a)
            #expect(body["account_sid"] as? String == placeholder("AC"))
            #expect(body["recording_sid"] as? String == placeholder("RE"))
            #expect(body["call_sid"] as? String == placeholder("CA"))
            #expect(body["status"] as? String == "completed")
            #expect(body["type"] as? String == "fast")
            #expect(body["duration"] as? Int == 10)
            #expect(body["price"] as? String == "0.00000")
            #expect(body["price_unit"] as? String == "USD")
            #expect(body["api_version"] as? String == "2008-08-01")
            #expect(body["date_created"] as? String == "2011-08-25T20:59:45Z")
            #expect(body["date_updated"] as? String == "2011-08-25T20:59:45Z")
            #expect(body["uri"] as? String == "/2010-04-01/Accounts/\(placeholder("AC"))/Transcriptions/\(E.a).json")
            #expect(body["text"] as? String == E.txtText)

            let recording = try #require(body["recording"] as? [String: Any])
            #expect(Set(recording.keys) == Set(Self.recordingKeys))
            #expect(recording["sid"] as? String == placeholder("RE"))
            #expect(recording["available"] as? Bool == true)
            #expect(recording["call_sid"] as? String == placeholder("CA"))
            #expect(recording["conference_sid"] as? String == placeholder("CF"))
            // The newest version is the soft-deleted one of 2022 (22:23 at +0100 is 21:23 UTC); two example
            // bodies share that date_updated, and the later file in name order (the list page) wins.
            #expect(recording["status"] as? String == "deleted")
            #expect(recording["date_updated"] as? String == "2022-02-14T21:23:00Z")
            #expect(recording["start_time"] as? String == "2022-02-14T21:23:00Z")
            #expect(recording["channels"] as? Int == 2)
            #expect(recording["duration"] as? Int == 6)
            #expect(recording["source"] as? String == "OutboundAPI")
            #expect(recording["price"] as? String == "0.04")
            #expect(recording["error_code"] is NSNull)
        }
    }

    @Test func showJSONOfTheHandWrittenTranscriptions() throws {
        try withCLISandbox { sandbox in
            try ExamplesIndex.build(in: sandbox)
            let db = sandbox.path("index.sqlite")
            let failed = try sandbox.run(["show", E.b, "--db", db, "--json"]).json()
            #expect(failed["status"] as? String == "failed")
            #expect(failed["text"] as? String == "(blank)")
            #expect(failed["date_created"] as? String == "2011-08-24T10:00:00Z")
            #expect(failed["date_updated"] as? String == "2011-08-24T10:05:00Z")
            #expect(failed["duration"] as? Int == 3)
            #expect(failed["price"] as? String == "-0.05000")
            #expect((failed["recording"] as? [String: Any])?["source"] as? String == "DialVerb")

            let inProgress = try sandbox.run(["show", E.c, "--db", db, "--json"]).json()
            #expect(inProgress["status"] as? String == "in-progress")
            #expect(inProgress["date_created"] as? String == "2011-08-26T00:00:00Z")
            #expect(inProgress["duration"] as? Int == 7)
            #expect(inProgress["price"] is NSNull)
            #expect(inProgress["uri"] is NSNull)
            #expect(inProgress["call_sid"] as? String == placeholder("CA", last: "b"))
            let recording = try #require(inProgress["recording"] as? [String: Any])
            #expect(recording["sid"] as? String == placeholder("RE", last: "b"))
            // This recording's start_time is written at +0000, unlike its dates.
            #expect(recording["start_time"] as? String == "2022-02-14T22:23:00Z")
            #expect(recording["status"] as? String == "completed")
        }
    }

    @Test func showWithoutRecordingMetadataHasANullRecording() throws {
        try withCLISandbox { sandbox in
            let only = try sandbox.write("one.json", """
                {"sid": "\(placeholder("TR", "d"))", "recording_sid": "\(placeholder("RE", "d"))", "status": "completed",
                 "date_created": "Tue, 05 Mar 2024 14:02:11 +0000", "date_updated": "Tue, 05 Mar 2024 14:02:11 +0000",
                 "transcription_text": "hello"}
                """)
            let db = sandbox.path("index.sqlite")
            #expect(try sandbox.run(["import", "--db", db, only]).status == 0)
            let body = try sandbox.run(["show", placeholder("TR", "d"), "--db", db, "--json"])
            #expect(body.stdout.hasSuffix(#","text":"hello","recording":null}"# + "\n"), "\(body)")
            #expect(try body.json()["call_sid"] is NSNull)
            #expect(try body.json()["account_sid"] is NSNull)
        }
    }

    @Test func showOfAnUnknownSIDIsNotFound() throws {
        try withCLISandbox { sandbox in
            try ExamplesIndex.build(in: sandbox)
            let unknown = placeholder("TR", "f")
            let json = try sandbox.run(["show", unknown, "--db", sandbox.path("index.sqlite"), "--json"])
            #expect(json.status == 1, "\(json)")
            #expect(json.stdout == #"{"error":{"code":"not_found","message":"no transcription \#(unknown) in the index"}}"# + "\n")
            let human = try sandbox.run(["show", unknown, "--db", sandbox.path("index.sqlite")])
            #expect(human.status == 1)
            #expect(human.stderr == "transcripts: no transcription \(unknown) in the index\n")
            #expect(human.stdout == "")
        }
    }

    @Test func showHumanOutputHasTheFullText() throws {
        try withCLISandbox { sandbox in
            try ExamplesIndex.build(in: sandbox)
            let result = try sandbox.run(["show", E.a, "--db", sandbox.path("index.sqlite")])
            #expect(result.status == 0)
            #expect(result.stdout.hasPrefix("\(E.a)  completed  (fast)\n"), "\(result)")
            #expect(result.stdout.contains("created   2011-08-25 20:59 UTC"))
            #expect(result.stdout.contains("call \(placeholder("CA"))"))
            #expect(result.stdout.hasSuffix("\n\(E.txtText)\n"))
            #expect(!result.stdout.contains("\u{1B}["), "ANSI escapes when stdout is not a terminal")
        }
    }

    @Test func statsJSON() throws {
        try withCLISandbox { sandbox in
            try ExamplesIndex.build(in: sandbox)
            let result = try sandbox.run(["stats", "--db", sandbox.path("index.sqlite"), "--json"])
            #expect(result.status == 0, "\(result)")
            #expect(topLevelKeys(result.stdout) == ["transcriptions", "recordings", "by_status", "by_source", "earliest", "latest",
                                                    "database_bytes", "schema_version", "last_harvests"])
            let body = try result.json()
            #expect(body["transcriptions"] as? Int == 3)
            #expect(body["recordings"] as? Int == 3)
            #expect(body["by_status"] as? [String: Int] == ["completed": 1, "failed": 1, "in-progress": 1])
            #expect(body["by_source"] as? [String: Int] == ["transcription": 3, "intelligence": 0])
            #expect(result.stdout.contains(#""by_status":{"completed":1,"failed":1,"in-progress":1}"#))
            #expect(body["earliest"] as? String == "2011-08-24T10:00:00Z")
            #expect(body["latest"] as? String == "2011-08-26T00:00:00Z")
            #expect(body["schema_version"] as? String == "0009_bulk_load.sql")
            let bytes = try #require(body["database_bytes"] as? Int)
            let fileSize = try #require(try FileManager.default.attributesOfItem(atPath: sandbox.path("index.sqlite"))[.size] as? Int)
            #expect(bytes >= fileSize && fileSize > 0, "database_bytes \(bytes), file \(fileSize)")
            #expect(body["last_harvests"] is [Any])
        }
    }

    @Test func statsHumanOutput() throws {
        try withCLISandbox { sandbox in
            try ExamplesIndex.build(in: sandbox)
            let result = try sandbox.run(["stats", "--db", sandbox.path("index.sqlite")])
            #expect(result.status == 0)
            #expect(result.stdout.hasPrefix("3 transcriptions, 3 recordings\n  completed: 1\n  failed: 1\n  in-progress: 1\n"),
                    "\(result)")
            #expect(result.stdout.contains("created   2011-08-24 10:00 UTC … 2011-08-26 00:00 UTC"))
        }
    }
}
