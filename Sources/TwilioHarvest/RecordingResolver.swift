import TranscriptIndex
import TwilioClient

/// Fetches the recordings a page of transcriptions refers to and the index does not have yet: through the
/// Recordings list filtered by creation date when many are needed (one request can bring 1000), one by one
/// when few are, and one by one for whatever the list did not contain.
struct RecordingResolver: Sendable {
    let client: TwilioClient
    let width: Int
    let pageSize: Int
    let bulkThreshold: Int

    typealias Outcome = RecordingLinks

    /// `createdRange`: the transcriptions' date_created span; a recording is created before its transcription.
    func resolve(_ needed: Set<String>, createdRange: ClosedRange<Int64>?) async throws -> Outcome {
        var outcome = Outcome()
        var remaining = needed
        if remaining.count >= bulkThreshold, let range = createdRange {
            // Day granularity; a day of margin on both sides for recordings made before midnight and
            // transcribed after it, and for Twilio's reading of the inclusive bounds.
            let query = RecordingQuery(
                createdOnOrBefore: TwilioDay(epochSeconds: range.upperBound + 86_400),
                createdOnOrAfter: TwilioDay(epochSeconds: range.lowerBound - 86_400),
                includeSoftDeleted: true)
            var page = try await client.recordingsPage(query, pageSize: pageSize)
            var pagesLeft = remaining.count / max(1, pageSize) + 2
            while true {
                for recording in page.items {
                    guard let sid = recording.sid else { continue }
                    if remaining.remove(sid) != nil { outcome.recordings.append(recording) }
                }
                pagesLeft -= 1
                guard !remaining.isEmpty, pagesLeft > 0, let next = page.nextPageURI else { break }
                page = try await client.recordingsPage(following: next)
            }
        }
        let client = self.client
        let lookups = try await boundedMap(Array(remaining).sorted(), width: width) { sid in
            (sid, try await client.recording(sid: sid))
        }
        outcome.fetched = outcome.recordings.count + lookups.count
        for (sid, lookup) in lookups {
            if let recording = lookup.value { outcome.recordings.append(recording) } else { outcome.missing.append(sid) }
        }
        return outcome
    }
}

/// The recordings a page's documents refer to that the index lacked: found ones to upsert, and the SIDs Twilio
/// answered 404 for, committed with the page.
public struct RecordingLinks: Sendable {
    public var recordings: [Recording] = []
    /// SIDs Twilio answered 404 for.
    public var missing: [String] = []
    public var fetched = 0

    public init() {}

    /// Writes them in the page's transaction.
    public func write(to batch: IndexWriteBatch) throws {
        for recording in recordings { _ = try batch.upsert(recording) }
        for sid in missing { try batch.markRecordingNotFound(sid: sid) }
    }
}
