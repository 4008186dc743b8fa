import GRDB

/// An Intelligence transcript with every sentence in order, its summary and its operator results:
/// `transcripts show GT…` and `GET /v1/transcriptions/{GT…}`.
public struct IntelligenceDetail: Sendable, Equatable {
    public var document: IntelligenceDocument
    public var callSid: String?
    public var summary: String?
    /// Which variant of the sentences and results was read: true redacted, false unredacted, nil none yet.
    public var readRedacted: Bool?
    public var sentences: [DocumentSentence]
    public var operatorResults: [OperatorResult]
    /// The recording it was made from, when the index has it.
    public var recording: Recording?
    public var recordingAvailability: String?
}

extension IntelligenceDetail {
    static func fetch(sid: String, in db: Database) throws -> IntelligenceDetail {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT d.*, x.customer_key, x.redaction, x.read_redacted, x.encryption_credential_sid, x.problem,
                   x.media_start_time, x.data_logging, x.participants, x.summary, x.url
            FROM documents d LEFT JOIN intelligence_details x ON x.id = d.id
            WHERE d.sid = ? AND d.source = 'intelligence'
            """), arguments: [sid]) else {
            throw IndexError(.notFound, "no Intelligence transcript \(sid) in the index")
        }
        let id: Int64 = row["id"]
        let document = IntelligenceDocument(
            sid: row["sid"], accountSid: row["account_sid"], serviceSid: row["service_sid"], status: row["status"],
            dateCreated: row["date_created"], dateUpdated: row["date_updated"], language: row["language"],
            recordingSid: row["recording_sid"], duration: row["duration"], customerKey: row["customer_key"],
            redaction: row["redaction"], encryptionCredentialSid: row["encryption_credential_sid"],
            mediaStartTime: row["media_start_time"], dataLogging: row["data_logging"],
            participantsJSON: row["participants"], url: row["url"], problem: row["problem"])
        let sentences = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT * FROM sentences WHERE document_id = ? ORDER BY sentence_index
            """), arguments: [id]).map { s in
            DocumentSentence(index: s["sentence_index"], mediaChannel: s["media_channel"], speaker: s["speaker"],
                             speakerName: s["speaker_name"], startTime: s["start_time"], endTime: s["end_time"],
                             confidence: s["confidence"], text: s["text"], sid: s["sid"])
        }
        let results = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT * FROM operator_results WHERE document_id = ? ORDER BY name, operator_sid
            """), arguments: [id]).map { r in
            OperatorResult(operatorSid: r["operator_sid"], name: r["name"], operatorType: r["operator_type"],
                           predictedLabel: r["predicted_label"], predictedProbability: r["predicted_probability"],
                           textResult: r["text_result"], redacted: r["redacted"] ?? false, resultJSON: r["result_json"])
        }
        var detail = IntelligenceDetail(document: document, callSid: row["call_sid"], summary: row["summary"],
                                        readRedacted: row["read_redacted"], sentences: sentences,
                                        operatorResults: results)
        if let recordingSid = document.recordingSid {
            let stored = try TranscriptionDetail.recording(sid: recordingSid, in: db)
            detail.recording = stored?.recording
            detail.recordingAvailability = stored?.availability
        }
        return detail
    }
}

/// What `show` and `GET /v1/transcriptions/{sid}` answer: a document of any source.
public enum DocumentDetail: Sendable, Equatable {
    case transcription(TranscriptionDetail)
    case intelligence(IntelligenceDetail)

    public var json: JSONOut {
        switch self {
        case .transcription(let detail): detail.json
        case .intelligence(let detail): detail.json
        }
    }
}

extension IndexDatabase {
    /// The document with this SID, of whichever source its prefix names (TR…, GT…); `.notFound` when the index
    /// has none, `.invalidParameter` when the string is no document SID.
    public func document(sid: String) throws -> DocumentDetail {
        let source = try Self.source(of: sid)
        return try read { db in try Self.fetch(sid: sid, source: source, in: db) }
    }

    /// The same, without blocking a Swift concurrency thread while SQLite works (the HTTP server).
    public func documentAsync(sid: String) async throws -> DocumentDetail {
        let source = try Self.source(of: sid)
        return try await read { db in try Self.fetch(sid: sid, source: source, in: db) }
    }

    private static func source(of sid: String) throws -> DocumentSource {
        guard let source = DocumentSource.of(sid: sid) else {
            throw IndexError(.invalidParameter, "\"\(sid)\" is not a document SID: a transcription (TR + 32 hex "
                + "digits) or an Intelligence transcript (GT + 32 hex digits)")
        }
        return source
    }

    private static func fetch(sid: String, source: DocumentSource, in db: Database) throws -> DocumentDetail {
        switch source {
        case .transcription: .transcription(try TranscriptionDetail.fetch(sid: sid, in: db))
        case .intelligence: .intelligence(try IntelligenceDetail.fetch(sid: sid, in: db))
        }
    }
}
