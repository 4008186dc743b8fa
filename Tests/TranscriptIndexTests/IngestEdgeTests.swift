import Foundation
import Testing
@testable import TranscriptIndex

/// Edge cases the review found: versions without a date, and dates no calendar can hold.
@Suite("Ingest edge cases")
struct IngestEdgeTests {
    @Test("a version that does not say when it was updated never replaces a dated row")
    func undatedVersionDoesNotReplace() throws {
        try withFreshIndex { (db, _) throws in
            let dated = transcription(1, text: "refund for order 4471", created: "2024-03-05T14:02:11Z")
            #expect(try db.upsert([dated]) == [.added])
            var undated = Transcription(sid: dated.sid, status: "in-progress")
            undated.text = nil
            #expect(try db.upsert([undated]) == [.unchanged])
            let stored = try db.transcription(sid: sid("TR", 1)).transcription
            #expect(stored == dated)
        }
    }

    @Test("a year beyond 9999 is a bad record, reported with its line; the rest load (it used to crash)")
    func hugeYearIsABadRecord() throws {
        #expect(TwilioDate.parse("Mon, 01 Feb 9223372036854775807 00:00:00 +0000") == nil)
        #expect(TwilioDate.parse("Mon, 01 Feb 300000000000 00:00:00 +0000") == nil)
        #expect(TwilioDate.parse("Fri, 31 Dec 9999 23:59:59 +0000") != nil)
        try withFreshIndex { (db, dir) throws in
            let good = #"{"sid": "\#(sid("TR", 1))", "date_created": "Mon, 14 Feb 2022 22:23:00 +0100", "status": "completed", "transcription_text": "fine"}"#
            let bad = #"{"sid": "\#(sid("TR", 2))", "date_created": "Mon, 01 Feb 9223372036854775807 00:00:00 +0000"}"#
            let path = try dir.write("dates.ndjson", good + "\n" + bad + "\n")
            let summary = try TwilioImporter(database: db).importSource(path)
            #expect(summary.counts.added == 1)
            #expect(summary.problems.map(\.line) == [2])
            #expect(summary.problems.first?.message.contains("date_created") == true)
        }
    }

    @Test("the harvester's path (upsert) stores a text with NUL whole, NULs as spaces, in every string field")
    func nulCharactersAreStoredAsSpaces() throws {
        try withFreshIndex { (db, _) throws in
            var incoming = transcription(1, text: "before\u{0}after nulword", created: "2024-03-05T14:02:11Z")
            incoming.uri = "/uri\u{0}with nul"
            incoming.status = "completed"
            #expect(try db.upsert([incoming]) == [.added])
            let stored = try db.transcription(sid: sid("TR", 1)).transcription
            #expect(stored.text == "before after nulword")
            #expect(stored.uri == "/uri with nul")
            #expect(try db.sids(matching: "nulword") == [sid("TR", 1)])
            // The same version again is unchanged, not an update every time.
            #expect(try db.upsert([incoming]) == [.unchanged])

            var media = recording(1, call: 5)
            media.mediaURL = "https://api.twilio.com/media\u{0}tail"
            #expect(try db.upsert([], recordings: [media]) == [.added])
            #expect(try db.transcription(sid: sid("TR", 1)).recording?.mediaURL == "https://api.twilio.com/media tail")
        }
    }

    @Test("ingest reports how many NUL characters it replaced, and in which fields")
    func ingestCountsReplacedNULs() throws {
        try withFreshIndex { (db, _) throws in
            var incoming = transcription(1, text: "a\u{0}b\u{0}c", created: "2024-03-05T14:02:11Z")
            incoming.priceUnit = "US\u{0}D"
            let result = try db.writeBatch { try $0.ingest(incoming) }
            #expect(result.outcome == .added)
            #expect(result.replacedNULs == NULReplacements(count: 3, fields: ["price_unit", "transcription_text"]))
            let clean = try db.writeBatch { try $0.ingest(transcription(2, text: "clean", created: "2024-03-05T14:02:11Z")) }
            #expect(clean.replacedNULs.count == 0)
        }
    }

    @Test("a harvest state value with a NUL is refused, not stored cut (a resumed walk would follow a wrong URI)")
    func harvestStateWithNULIsRefused() throws {
        try withFreshIndex { (db, _) throws in
            expectIndexError(.invalidInput) {
                try db.writeBatch { try $0.setCheckpoint(.transcription, "walk_next_page", "/2010-04-01/Transcriptions.json?Page\u{0}Token=x") }
            }
            #expect(try db.writeBatch { try $0.checkpoint(.transcription, "walk_next_page") } == nil)
        }
    }
}
