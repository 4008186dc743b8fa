/// The JSON contract shared by `--json` and the HTTP API (documented in README.md and Schema/openapi.yaml).
extension SearchPage {
    public var json: JSONOut {
        .object([
            ("total", .int(Int64(total))),
            ("results", .array(hits.map(\.json))),
            ("next_cursor", .optional(nextCursor)),
        ])
    }
}

extension SearchHit {
    public var json: JSONOut {
        var fields: [(String, JSONOut)] = [
            ("sid", .string(sid)),
            ("source", .string(source)),
            ("call_sid", .optional(callSid)),
            ("recording_sid", .optional(recordingSid)),
            ("account_sid", .optional(accountSid)),
            ("status", .optional(status)),
            ("date_created", .date(dateCreated)),
            ("duration", .optional(duration)),
            ("score", score.map(JSONOut.double) ?? .null),
            ("snippet", snippet.map { .string($0.html) } ?? .null),
        ]
        if let sentences { fields.append(("sentences", .array(sentences.map(\.json)))) }
        return .object(fields)
    }
}

extension SentenceHit {
    public var json: JSONOut {
        .object([
            ("index", .int(Int64(index))),
            ("start_time", startTime.map(JSONOut.double) ?? .null),
            ("end_time", endTime.map(JSONOut.double) ?? .null),
            ("speaker", .optional(speaker)),
            ("speaker_name", .optional(speakerName)),
            ("text", .string(text.html)),
        ])
    }
}

extension Recording {
    /// The recording object of a `show` body.
    func json(availability: String?) -> JSONOut {
        let r = self
        return .object([
                ("sid", .optional(r.sid)),
                ("available", .bool(availability != "not_found")),
                ("account_sid", .optional(r.accountSid)),
                ("call_sid", .optional(r.callSid)),
                ("conference_sid", .optional(r.conferenceSid)),
                ("status", .optional(r.status)),
                ("source", .optional(r.source)),
                ("channels", .optional(r.channels)),
                ("duration", .optional(r.duration)),
                ("start_time", .date(r.startTime)),
                ("date_created", .date(r.dateCreated)),
                ("date_updated", .date(r.dateUpdated)),
                ("price", .optional(r.price)),
                ("price_unit", .optional(r.priceUnit)),
                ("error_code", .optional(r.errorCode)),
                ("media_url", .optional(r.mediaURL)),
                ("uri", .optional(r.uri)),
            ])
    }
}

extension TranscriptionDetail {
    public var json: JSONOut {
        let t = transcription
        let recordingJSON = recording?.json(availability: recordingAvailability) ?? .null
        return .object([
            ("sid", .optional(t.sid)),
            ("source", .string(DocumentSource.transcription.rawValue)),
            ("account_sid", .optional(t.accountSid)),
            ("recording_sid", .optional(t.recordingSid)),
            ("call_sid", .optional(recording?.callSid)),
            ("status", .optional(t.status)),
            ("type", .optional(t.type)),
            ("duration", .optional(t.duration)),
            ("price", .optional(t.price)),
            ("price_unit", .optional(t.priceUnit)),
            ("api_version", .optional(t.apiVersion)),
            ("date_created", .date(t.dateCreated)),
            ("date_updated", .date(t.dateUpdated)),
            ("uri", .optional(t.uri)),
            ("text", .optional(t.text)),
            ("recording", recordingJSON),
        ])
    }
}

extension IntelligenceDetail {
    public var json: JSONOut {
        let d = document
        return .object([
            ("sid", .string(d.sid)),
            ("source", .string(DocumentSource.intelligence.rawValue)),
            ("account_sid", .optional(d.accountSid)),
            ("service_sid", .optional(d.serviceSid)),
            ("recording_sid", .optional(d.recordingSid)),
            ("call_sid", .optional(callSid)),
            ("status", .optional(d.status)),
            ("language", .optional(d.language)),
            ("duration", .optional(d.duration)),
            ("customer_key", .optional(d.customerKey)),
            ("date_created", .date(d.dateCreated)),
            ("date_updated", .date(d.dateUpdated)),
            ("redaction", d.redaction.map(JSONOut.bool) ?? .null),
            ("read_redacted", readRedacted.map(JSONOut.bool) ?? .null),
            ("encrypted", .bool(d.encryptionCredentialSid != nil)),
            ("problem", .optional(d.problem)),
            ("url", .optional(d.url)),
            ("summary", .optional(summary)),
            ("labels", .array(operatorResults.filter { $0.predictedLabel != nil }.map { result in
                .object([
                    ("name", .optional(result.name)),
                    ("operator_sid", .string(result.operatorSid)),
                    ("label", .optional(result.predictedLabel)),
                    ("probability", result.predictedProbability.map(JSONOut.double) ?? .null),
                ])
            })),
            ("operator_results", .array(operatorResults.map { result in
                .object([
                    ("operator_sid", .string(result.operatorSid)),
                    ("name", .optional(result.name)),
                    ("operator_type", .optional(result.operatorType)),
                    ("redacted", .bool(result.redacted)),
                    ("text", .optional(result.textResult)),
                    ("label", .optional(result.predictedLabel)),
                    ("probability", result.predictedProbability.map(JSONOut.double) ?? .null),
                ])
            })),
            ("sentences", .array(sentences.map { s in
                .object([
                    ("index", .int(Int64(s.index))),
                    ("start_time", s.startTime.map(JSONOut.double) ?? .null),
                    ("end_time", s.endTime.map(JSONOut.double) ?? .null),
                    ("speaker", .optional(s.speaker)),
                    ("speaker_name", .optional(s.speakerName)),
                    ("media_channel", .optional(s.mediaChannel)),
                    ("confidence", s.confidence.map(JSONOut.double) ?? .null),
                    ("text", .string(s.text)),
                ])
            })),
            ("recording", recording?.json(availability: recordingAvailability) ?? .null),
        ])
    }
}

extension IndexStats {
    public var json: JSONOut {
        .object([
            ("transcriptions", .int(Int64(transcriptions))),
            ("recordings", .int(Int64(recordings))),
            ("by_status", .object(byStatus.map { ($0.status, .int(Int64($0.count))) })),
            ("by_source", .object(bySource.map { ($0.source, .int(Int64($0.count))) })),
            ("earliest", .date(earliest)),
            ("latest", .date(latest)),
            ("database_bytes", .int(databaseBytes)),
            ("schema_version", .string(schemaVersion)),
            ("last_harvests", .array(recentRuns.map(\.json))),
        ])
    }
}

extension HarvestRun {
    public var json: JSONOut {
        .object([
            ("id", .int(id)),
            ("mode", .string(mode)),
            ("source", .optional(source)),
            ("outcome", .string(outcome)),
            ("started_at", .date(startedAt)),
            ("finished_at", .date(finishedAt)),
            ("pages", .int(Int64(pages))),
            ("requests", .int(Int64(requests))),
            ("retries", .int(Int64(retries))),
            ("added", .int(Int64(added))),
            ("updated", .int(Int64(updated))),
            ("deleted", .int(Int64(deleted))),
            ("error", .optional(error)),
        ])
    }
}

extension IndexError {
    /// `{"error": {"code": "…", "message": "…"}}`
    public var json: JSONOut {
        .object([("error", .object([("code", .string(code.rawValue)), ("message", .string(message))]))])
    }
}
