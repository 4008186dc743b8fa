import Foundation
import Testing
@testable import TranscriptIndex

/// Upserts by SID, ordered by date_updated, with the full-text index kept exactly in sync.
@Suite("Ingest")
struct IngestTests {
    @Test func theSameResourceTwiceIsOneRow() throws {
        try withFreshIndex { (db, _) throws in
            let t = transcription(1, text: "please refund my order", created: "2024-03-05T10:00:00Z")
            #expect(try db.upsert([t]) == [.added])
            #expect(try db.upsert([t]) == [.unchanged])
            #expect(try db.upsert([t, t]) == [.unchanged, .unchanged])
            #expect(try db.stats().transcriptions == 1)
            #expect(try db.search(SearchParameters(query: "refund")).total == 1)
            #expect(try db.transcription(sid: sid("TR", 1)).transcription == t)
        }
    }

    @Test func aNewerDateUpdatedReplacesAndTheIndexFollows() throws {
        try withFreshIndex { (db, _) throws in
            let old = transcription(1, text: "waiting for a courier", status: "in-progress",
                                    created: "2024-03-05T10:00:00Z", updated: "2024-03-05T10:00:05Z")
            var new = transcription(1, text: "the parcel was refunded", created: "2024-03-05T10:00:00Z",
                                    updated: "2024-03-05T10:02:00Z")
            new.duration = 42
            try db.upsert([old])
            #expect(try db.upsert([new]) == [.updated])
            let stored = try db.transcription(sid: sid("TR", 1)).transcription
            #expect(stored.status == "completed")
            #expect(stored.text == "the parcel was refunded")
            #expect(stored.duration == 42)
            #expect(stored.dateUpdated == utc("2024-03-05T10:02:00Z"))
            #expect(try db.sids(matching: "parcel") == [sid("TR", 1)])
            #expect(try db.sids(matching: "courier").isEmpty)
            #expect(try db.stats().transcriptions == 1)
        }
    }

    @Test func anOlderDateUpdatedNeverReplaces() throws {
        try withFreshIndex { (db, _) throws in
            let new = transcription(1, text: "the parcel was refunded", created: "2024-03-05T10:00:00Z",
                                    updated: "2024-03-05T10:02:00Z")
            let old = transcription(1, text: "waiting for a courier", status: "in-progress",
                                    created: "2024-03-05T10:00:00Z", updated: "2024-03-05T10:00:05Z")
            try db.upsert([new])
            #expect(try db.upsert([old]) == [.unchanged])
            let stored = try db.transcription(sid: sid("TR", 1)).transcription
            #expect(stored == new)
            #expect(try db.sids(matching: "courier").isEmpty)
            #expect(try db.sids(matching: "parcel") == [sid("TR", 1)])
        }
    }

    @Test func nullTextKeepsTheStoredTextWhenTheStatusIsUnchanged() throws {
        try withFreshIndex { (db, _) throws in
            try db.upsert([transcription(1, text: "refund for order 4471", created: "2024-03-05T10:00:00Z")])
            // A list page re-sends the same transcription later without its text.
            var listed = transcription(1, text: nil, created: "2024-03-05T10:00:00Z", updated: "2024-03-05T11:00:00Z")
            listed.price = "-0.07500"
            #expect(try db.upsert([listed]) == [.updated])
            let stored = try db.transcription(sid: sid("TR", 1)).transcription
            #expect(stored.text == "refund for order 4471")
            #expect(stored.price == "-0.07500")
            #expect(try db.sids(matching: "4471") == [sid("TR", 1)])
        }
    }

    @Test func nullTextWithAChangedStatusDropsTheOldText() throws {
        try withFreshIndex { (db, _) throws in
            try db.upsert([transcription(1, text: "(blank)", status: "failed", created: "2024-03-05T10:00:00Z")])
            try db.upsert([transcription(1, text: nil, status: "completed", created: "2024-03-05T10:00:00Z",
                                         updated: "2024-03-05T12:00:00Z")])
            let stored = try db.transcription(sid: sid("TR", 1)).transcription
            #expect(stored.status == "completed")
            #expect(stored.text == nil)
        }
    }

    @Test func deletingRemovesTheRowAndItsIndexEntry() throws {
        try withFreshIndex { (db, _) throws in
            try db.upsert([transcription(1, text: "router reboot fixed it", created: "2024-03-05T10:00:00Z"),
                           transcription(2, text: "router still slow", created: "2024-03-05T11:00:00Z")])
            #expect(try db.sids(matching: "router") == [sid("TR", 2), sid("TR", 1)])
            #expect(try db.writeBatch { try $0.deleteDocument(.transcription, sid: sid("TR", 1)) })
            #expect(try db.writeBatch { try $0.deleteDocument(.transcription, sid: sid("TR", 1)) } == false)
            #expect(try db.sids(matching: "router") == [sid("TR", 2)])
            #expect(try db.sids(matching: "reboot").isEmpty)
            #expect(try db.search(SearchParameters(query: "router")).total == 1)
            #expect(try db.stats().transcriptions == 1)
            // The full-text index agrees with its content table (FTS5's own consistency check).
            try db.write { try $0.execute(sql: "INSERT INTO documents_fts(documents_fts) VALUES ('integrity-check')") }
        }
    }

    @Test func blankPlaceholderIsNotSearchableAsBlank() throws {
        try withFreshIndex { (db, _) throws in
            try db.upsert([
                transcription(1, text: "(blank)", status: "failed", created: "2024-03-05T10:00:00Z"),
                transcription(2, text: " (blank) ", status: "failed", created: "2024-03-05T10:30:00Z"),
                transcription(3, text: "please fill in the blank form", created: "2024-03-05T11:00:00Z"),
            ])
            #expect(try db.sids(matching: "blank") == [sid("TR", 3)])
            // The placeholder is still what `show` returns: it is Twilio's value.
            #expect(try db.transcription(sid: sid("TR", 1)).transcription.text == "(blank)")
            // Text that replaces the placeholder becomes searchable.
            try db.upsert([transcription(1, text: "a real answer", created: "2024-03-05T10:00:00Z",
                                         updated: "2024-03-05T12:00:00Z")])
            #expect(try db.sids(matching: "answer") == [sid("TR", 1)])
            #expect(try db.sids(matching: "blank") == [sid("TR", 3)])
            try db.write { try $0.execute(sql: "INSERT INTO documents_fts(documents_fts) VALUES ('integrity-check')") }
        }
    }

    @Test func setTextMakesTheTextSearchable() throws {
        try withFreshIndex { (db, _) throws in
            try db.upsert([transcription(1, text: nil, created: "2024-03-05T10:00:00Z")])
            #expect(try db.writeBatch { try $0.setText(sid: sid("TR", 1), text: "warranty claim for the modem") })
            #expect(try db.sids(matching: "warranty") == [sid("TR", 1)])
            #expect(try db.writeBatch { try $0.setText(sid: sid("TR", 9), text: "nobody") } == false)
            #expect(try db.stats().transcriptions == 1)
        }
    }

    @Test func aMovedDateCreatedReKeysTheRow() throws {
        try withFreshIndex { (db, _) throws in
            try db.upsert([transcription(1, text: "first call", created: "2024-03-05T10:00:00Z"),
                           transcription(2, text: "second call", created: "2024-03-06T10:00:00Z")])
            try db.upsert([transcription(1, text: "first call", created: "2024-03-07T10:00:00Z",
                                         updated: "2024-03-08T00:00:00Z")])
            #expect(try db.sids(SearchParameters(sort: "newest")) == [sid("TR", 1), sid("TR", 2)])
            #expect(try db.sids(SearchParameters(from: "2024-03-07", to: "2024-03-07")) == [sid("TR", 1)])
            #expect(try db.sids(SearchParameters(from: "2024-03-05", to: "2024-03-05")).isEmpty)
            #expect(try db.sids(matching: "call") == [sid("TR", 1), sid("TR", 2)])
            #expect(try db.stats().transcriptions == 2)
        }
    }

    @Test func manyTranscriptionsCreatedInTheSameSecondKeepDistinctRows() throws {
        try withFreshIndex { (db, _) throws in
            let batch = (1...50).map { transcription($0, text: "same second \($0)", created: "2024-03-05T10:00:00Z") }
            #expect(try db.upsert(batch) == Array(repeating: .added, count: 50))
            #expect(try db.search(SearchParameters(query: "second", limit: "1000")).total == 50)
            #expect(Set(try db.sids(SearchParameters(query: "second"))).count == 50)
        }
    }

    @Test func aFailedBatchWritesNothing() throws {
        try withFreshIndex { (db, _) throws in
            struct Boom: Error {}
            #expect(throws: (any Error).self) {
                try db.writeBatch { batch in
                    _ = try batch.upsert(transcription(1, text: "half written", created: "2024-03-05T10:00:00Z"))
                    _ = try batch.upsert(recording(1, call: 1))
                    throw Boom()
                }
            }
            #expect(try db.stats().transcriptions == 0)
            #expect(try db.stats().recordings == 0)
            #expect(try db.sids(matching: "half").isEmpty)
        }
    }

    @Test func aTranscriptionWithoutAValidSIDIsInvalidInput() throws {
        try withFreshIndex { (db, _) throws in
            for bad in [nil, "TR123", "RE" + String(repeating: "a", count: 32), "TR" + String(repeating: "g", count: 32)] {
                var t = transcription(1, text: "x", created: "2024-03-05T10:00:00Z")
                t.sid = bad
                expectIndexError(.invalidInput, "sid \(bad ?? "nil")") { try db.upsert([t]) }
            }
            var r = recording(1, call: 1)
            r.sid = "RE1"
            expectIndexError(.invalidInput) { try db.upsert([], recordings: [r]) }
            #expect(try db.stats().transcriptions == 0)
        }
    }

    @Test func recordingsUpsertByDateUpdated() throws {
        try withFreshIndex { (db, _) throws in
            try db.upsert([transcription(1, text: "hello", created: "2024-03-05T10:00:00Z")])
            let first = recording(1, call: 7, updated: "2024-03-05T10:00:00Z")
            #expect(try db.upsert([], recordings: [first]) == [.added])
            #expect(try db.upsert([], recordings: [first]) == [.unchanged])
            let deleted = recording(1, call: 7, status: "deleted", updated: "2024-03-06T10:00:00Z", channels: 2)
            #expect(try db.upsert([], recordings: [deleted]) == [.updated])
            #expect(try db.upsert([], recordings: [first]) == [.unchanged])
            let detail = try db.transcription(sid: sid("TR", 1))
            #expect(detail.recording == deleted)
            #expect(detail.recordingAvailability == "present")
            #expect(try db.stats().recordings == 1)
            // The recording's call SID is what a call filter finds.
            #expect(try db.sids(SearchParameters(callSid: sid("CA", 7))) == [sid("TR", 1)])
        }
    }

    @Test func aRecordingMarkedNotFoundShowsAsUnavailable() throws {
        try withFreshIndex { (db, _) throws in
            try db.upsert([transcription(1, text: "hello", created: "2024-03-05T10:00:00Z")])
            try db.writeBatch { try $0.markRecordingNotFound(sid: sid("RE", 1)) }
            let detail = try db.transcription(sid: sid("TR", 1))
            #expect(detail.recordingAvailability == "not_found")
            #expect(detail.json.text.contains(#""available":false"#))
            #expect(try db.stats().recordings == 0)
            // Metadata arriving later makes it present again.
            try db.upsert([], recordings: [recording(1, call: 3)])
            #expect(try db.transcription(sid: sid("TR", 1)).recordingAvailability == "present")
            #expect(try db.stats().recordings == 1)
        }
    }
}
