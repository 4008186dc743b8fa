import Foundation
import GRDB

/// Writes of Conversational Intelligence transcripts: the `documents` row (source 'intelligence'), its
/// intelligence_details, sentences and operator_results (Schema/0004_intelligence.sql).
extension IndexWriteBatch {
    /// Inserts or updates a transcript by SID, with the rule every source follows: an older `dateUpdated` changes
    /// nothing. `content == nil` keeps the stored sentences, results and text (a list page carries none of them).
    /// NUL characters become spaces.
    public func upsert(_ incoming: IntelligenceDocument) throws -> UpsertOutcome {
        guard DocumentSource.intelligence.sidKind.matches(incoming.sid) else {
            throw IndexError(.invalidInput, "Intelligence transcript sid \"\(incoming.sid)\" is not GT followed by 32 hex digits")
        }
        let document = incoming.withoutNULs()
        let stored = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT id, date_updated, status, text IS NOT NULL AS has_text FROM documents
            WHERE sid = ? AND source = 'intelligence'
            """), arguments: [document.sid])
        guard let stored else {
            let id = try allocateID(dateCreated: document.dateCreated)
            try insertDocument(document, id: id)
            try writeDetails(document, id: id)
            if let content = document.content { try replaceContent(content, id: id) }
            return .added
        }
        let id: Int64 = stored["id"]
        if let old = stored["date_updated"] as Int64? {
            guard let new = document.dateUpdated, new >= old else { return .unchanged }
        }
        let before = try fingerprint(id: id)
        try db.cachedStatement(sql: """
            UPDATE documents SET account_sid = ?, service_sid = ?, status = ?, date_created = ?, date_updated = ?,
                language = ?, recording_sid = ?, duration = ?
            WHERE id = ?
            """).execute(arguments: [document.accountSid, document.serviceSid, document.status, document.dateCreated,
                                     document.dateUpdated, document.language, document.recordingSid,
                                     document.duration, id])
        try writeDetails(document, id: id)
        if let content = document.content {
            try replaceContent(content, id: id)
        } else if document.status != stored["status"] as String? {
            // The status moved away from what the stored sentences described (re-transcribed): they no longer
            // hold until this harvest reads the new ones.
            if document.status != "completed" { try clearContent(id: id) }
        }
        return try fingerprint(id: id) == before ? .unchanged : .updated
    }

    /// `upsert`, as an import reports it. NUL characters are replaced (and not counted: no Twilio JSON of this
    /// source has carried one).
    public func ingest(_ incoming: IntelligenceDocument) throws -> Ingested {
        Ingested(outcome: try upsert(incoming), replacedNULs: NULReplacements())
    }

    /// Records why a transcript has no text (encrypted, …) without touching the rest of it.
    public func setIntelligenceProblem(sid: String, problem: String?) throws {
        try db.cachedStatement(sql: """
            UPDATE intelligence_details SET problem = ?
            WHERE id = (SELECT id FROM documents WHERE sid = ? AND source = 'intelligence')
            """).execute(arguments: [problem, sid])
    }

    // MARK: Rows

    private func insertDocument(_ d: IntelligenceDocument, id: Int64) throws {
        try db.cachedStatement(sql: """
            INSERT INTO documents (id, source, sid, account_sid, service_sid, status, date_created, date_updated,
                language, recording_sid, call_sid, duration, text)
            VALUES (?, 'intelligence', ?, ?, ?, ?, ?, ?, ?, ?, (SELECT call_sid FROM recordings WHERE sid = ?), ?, NULL)
            """).execute(arguments: [id, d.sid, d.accountSid, d.serviceSid, d.status, d.dateCreated, d.dateUpdated,
                                     d.language, d.recordingSid, d.recordingSid, d.duration])
    }

    private func writeDetails(_ d: IntelligenceDocument, id: Int64) throws {
        try db.cachedStatement(sql: """
            INSERT INTO intelligence_details (id, customer_key, redaction, encryption_credential_sid, problem,
                media_start_time, data_logging, participants, url)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET customer_key = excluded.customer_key, redaction = excluded.redaction,
                encryption_credential_sid = excluded.encryption_credential_sid, problem = excluded.problem,
                media_start_time = excluded.media_start_time, data_logging = excluded.data_logging,
                participants = excluded.participants, url = excluded.url
            """).execute(arguments: [id, d.customerKey, d.redaction, d.encryptionCredentialSid, d.problem,
                                     d.mediaStartTime, d.dataLogging, d.participantsJSON, d.url])
    }

    /// The sentences, results, summary and searchable text, all replaced together.
    private func replaceContent(_ content: IntelligenceDocument.Content, id: Int64) throws {
        try clearContent(id: id)
        let sentence = try db.cachedStatement(sql: """
            INSERT INTO sentences (document_id, sentence_index, media_channel, speaker, speaker_name, start_time,
                end_time, confidence, text, sid)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for s in content.sentences {
            try sentence.execute(arguments: [id, s.index, s.mediaChannel, s.speaker, s.speakerName, s.startTime,
                                             s.endTime, s.confidence, s.text, s.sid])
        }
        let result = try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO operator_results (document_id, operator_sid, name, operator_type, predicted_label,
                predicted_probability, text_result, redacted, result_json)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for r in content.operatorResults {
            try result.execute(arguments: [id, r.operatorSid, r.name, r.operatorType, r.predictedLabel,
                                           r.predictedProbability, r.textResult, r.redacted, r.resultJSON])
        }
        try writeSpeakers(content.sentences, id: id)
        try db.cachedStatement(sql: "UPDATE intelligence_details SET summary = ?, read_redacted = ? WHERE id = ?")
            .execute(arguments: [content.summary, content.redacted, id])
        try db.cachedStatement(sql: "UPDATE documents SET text = ? WHERE id = ? AND text IS NOT ?")
            .execute(arguments: [content.searchableText, id, content.searchableText])
    }

    /// One row per media channel: what that speaker said, for `--speaker` (see document_speakers).
    private func writeSpeakers(_ sentences: [DocumentSentence], id: Int64) throws {
        var channels: [Int: (speaker: String?, name: String?, parts: [String])] = [:]
        for sentence in sentences {
            let channel = sentence.mediaChannel ?? 0
            var entry = channels[channel] ?? (sentence.speaker, sentence.speakerName, [])
            let words = NonSpeechTags.removed(from: sentence.text)
            if !words.isEmpty { entry.parts.append(words) }
            channels[channel] = entry
        }
        let insert = try db.cachedStatement(sql: """
            INSERT INTO document_speakers (document_id, media_channel, speaker, speaker_name, text)
            VALUES (?, ?, ?, ?, ?)
            """)
        for (channel, entry) in channels.sorted(by: { $0.key < $1.key }) {
            try insert.execute(arguments: [id, channel, entry.speaker, entry.name,
                                           entry.parts.joined(separator: "\n")])
        }
    }

    private func clearContent(id: Int64) throws {
        try db.cachedStatement(sql: "DELETE FROM document_speakers WHERE document_id = ?").execute(arguments: [id])
        try db.cachedStatement(sql: "DELETE FROM sentences WHERE document_id = ?").execute(arguments: [id])
        try db.cachedStatement(sql: "DELETE FROM operator_results WHERE document_id = ?").execute(arguments: [id])
        try db.cachedStatement(sql: "UPDATE intelligence_details SET summary = NULL, read_redacted = NULL WHERE id = ?")
            .execute(arguments: [id])
        try db.cachedStatement(sql: "UPDATE documents SET text = NULL WHERE id = ? AND text IS NOT NULL")
            .execute(arguments: [id])
    }

    /// Everything stored for the transcript, as one value, to tell an update from a repeat.
    private func fingerprint(id: Int64) throws -> [DatabaseValue] {
        var values: [DatabaseValue] = []
        values += try Row.fetchOne(db.cachedStatement(sql: """
            SELECT d.account_sid, d.service_sid, d.status, d.date_created, d.date_updated, d.language,
                   d.recording_sid, d.duration, d.text, x.customer_key, x.redaction, x.encryption_credential_sid,
                   x.problem, x.media_start_time, x.data_logging, x.participants, x.url, x.summary, x.read_redacted
            FROM documents d LEFT JOIN intelligence_details x ON x.id = d.id WHERE d.id = ?
            """), arguments: [id]).map { Array($0.databaseValues) } ?? []
        for row in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT sentence_index, media_channel, speaker, speaker_name, start_time, end_time, confidence, text, sid
            FROM sentences WHERE document_id = ? ORDER BY sentence_index
            """), arguments: [id]) { values += Array(row.databaseValues) }
        for row in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT operator_sid, name, operator_type, predicted_label, predicted_probability, text_result, redacted,
                   result_json
            FROM operator_results WHERE document_id = ? ORDER BY operator_sid
            """), arguments: [id]) { values += Array(row.databaseValues) }
        return values
    }
}

extension IntelligenceDocument {
    /// Every string with its NUL characters as spaces (see NULCharacters).
    func withoutNULs() -> IntelligenceDocument {
        func clean(_ value: String?) -> String? { value.map { NULCharacters.replaced(in: $0).text } }
        var copy = self
        copy.accountSid = clean(accountSid)
        copy.serviceSid = clean(serviceSid)
        copy.status = clean(status)
        copy.language = clean(language)
        copy.recordingSid = clean(recordingSid)
        copy.customerKey = clean(customerKey)
        copy.encryptionCredentialSid = clean(encryptionCredentialSid)
        copy.mediaStartTime = clean(mediaStartTime)
        copy.participantsJSON = clean(participantsJSON)
        copy.url = clean(url)
        copy.problem = clean(problem)
        if var content = copy.content {
            content.sentences = content.sentences.map { sentence in
                var sentence = sentence
                sentence.text = NULCharacters.replaced(in: sentence.text).text
                sentence.speaker = clean(sentence.speaker)
                sentence.speakerName = clean(sentence.speakerName)
                sentence.sid = clean(sentence.sid)
                return sentence
            }
            content.operatorResults = content.operatorResults.map { result in
                var result = result
                result.name = clean(result.name)
                result.operatorType = clean(result.operatorType)
                result.predictedLabel = clean(result.predictedLabel)
                result.textResult = clean(result.textResult)
                result.resultJSON = clean(result.resultJSON)
                return result
            }
            copy.content = content
        }
        return copy
    }
}

extension IndexWriteBatch {
    /// Intelligence transcripts an incremental run fetches one by one, newest first: those stored in a
    /// non-terminal status, and completed ones whose sentences never arrived (no text, no recorded problem).
    /// Only those created since `since`, so one stuck upstream costs requests for a week, not forever.
    public func intelligenceSidsToRecheck(terminal: [String], createdSince since: Int64, limit: Int) throws -> [String] {
        let placeholders = terminal.map { _ in "?" }.joined(separator: ",")
        return try String.fetchAll(db, sql: """
            SELECT d.sid FROM documents d LEFT JOIN intelligence_details x ON x.id = d.id
            WHERE d.source = 'intelligence' AND d.id >= ?
              AND (d.status IS NULL OR d.status NOT IN (\(placeholders))
                   OR (d.status = 'completed' AND d.text IS NULL AND x.problem IS NULL AND x.read_redacted IS NULL))
            ORDER BY d.id DESC LIMIT ?
            """, arguments: [IndexWriteBatch.secondOf(dateCreated: since) << IndexWriteBatch.sequenceBits]
                + StatementArguments(terminal) + [limit])
    }
}
