import GRDB

/// A transcription with its full text and its recording: `transcripts show` and `GET /v1/transcriptions/{sid}`.
public struct TranscriptionDetail: Sendable, Equatable {
    public var transcription: Transcription
    /// nil when the index has no row for the recording SID.
    public var recording: Recording?
    /// "present", or "not_found" when Twilio answered 404 for the recording.
    public var recordingAvailability: String?
}

extension IndexDatabase {
    /// The transcription with this SID; `IndexError.notFound` when there is none, `.invalidParameter` when the
    /// string is not a transcription SID.
    public func transcription(sid: String) throws -> TranscriptionDetail {
        try TranscriptionDetail.validate(sid)
        return try read { db in try TranscriptionDetail.fetch(sid: sid, in: db) }
    }

    /// The same, without blocking a Swift concurrency thread while SQLite works (the HTTP server).
    public func transcriptionAsync(sid: String) async throws -> TranscriptionDetail {
        try TranscriptionDetail.validate(sid)
        return try await read { db in try TranscriptionDetail.fetch(sid: sid, in: db) }
    }
}

extension TranscriptionDetail {
    static func validate(_ sid: String) throws {
        guard SIDKind.transcription.matches(sid) else {
            throw IndexError(.invalidParameter, "\"\(sid)\" is not a transcription SID (TR + 32 hex digits)")
        }
    }

    static func fetch(sid: String, in db: Database) throws -> TranscriptionDetail {
        guard let stored = try StoredTranscription.fetch(sid: sid, in: db) else {
            throw IndexError(.notFound, "no transcription \(sid) in the index")
        }
        var detail = TranscriptionDetail(transcription: stored.value, recording: nil, recordingAvailability: nil)
        if let recordingSid = stored.value.recordingSid, let stored = try recording(sid: recordingSid, in: db) {
            detail.recordingAvailability = stored.availability
            detail.recording = stored.recording
        }
        return detail
    }

    /// A recording row with its availability ("present", "not_found").
    static func recording(sid: String, in db: Database) throws -> (recording: Recording, availability: String?)? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM recordings WHERE sid = ?"),
                                         arguments: [sid]) else { return nil }
        return (Recording(
                sid: row["sid"], accountSid: row["account_sid"], callSid: row["call_sid"],
                conferenceSid: row["conference_sid"], status: row["status"], source: row["source"],
                channels: row["channels"], duration: row["duration"], startTime: row["start_time"],
                dateCreated: row["date_created"], dateUpdated: row["date_updated"], price: row["price"],
                priceUnit: row["price_unit"], errorCode: row["error_code"], mediaURL: row["media_url"],
                uri: row["uri"], encryptionDetails: row["encryption_details"]), row["availability"])
    }
}
