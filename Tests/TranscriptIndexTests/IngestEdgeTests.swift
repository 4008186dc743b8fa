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
}
