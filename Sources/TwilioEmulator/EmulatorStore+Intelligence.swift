import TwilioCorpus

/// What `channel.participants` an added transcript gets.
public enum IntelligenceParticipants: Sendable, Equatable {
    /// As the generator would (two named participants, or none).
    case generated
    /// No `participants` key at all.
    case absent
    case list([TranscriptParticipant])
}

/// Control of the Intelligence transcripts, here because a transcript of a new call needs that call's v2010
/// Recording filed too (its `source_sid` must lead to a call SID, as on Twilio).
extension EmulatorStore {
    /// Adds a transcript newer than every other one, and returns it.
    /// - Parameters:
    ///   - status: its status; queued and new ones have no duration yet.
    ///   - sentences: what was said (completed only); nil: generated when completed.
    ///   - sourceSid: the recording transcribed; nil: a new call's recording, which the v2010 API then lists.
    ///   - redaction: whether PII redaction ran; nil: as generated (most en-US transcripts).
    ///   - encrypted: encrypt it with the account's credential. Unlike the generated corpus, an added transcript is
    ///     never encrypted by chance: its content would only be served by the `/Encrypted` routes.
    @discardableResult
    public func addIntelligenceTranscript(status: String = "completed", sentences: [ScriptedSentence]? = nil,
                                          participants: IntelligenceParticipants = .generated,
                                          sourceSid: String? = nil, redaction: Bool? = nil,
                                          encrypted: Bool = false) -> GeneratedTranscript {
        let index: Int, recording: GeneratedCall?
        if let sourceSid {
            index = reserveIndex()
            recording = self.recording(sid: sourceSid)
        } else {
            (index, recording) = addRecordingOfNewCall()
        }
        var transcript = intelligence.generator.transcript(index)
        if let sourceSid {
            transcript.sourceSid = sourceSid
            transcript.mediaStartTime = recording?.recordingDateCreated
            // The generated key is this fresh index's call SID; keep the habit only when there is a real call.
            transcript.customerKey = transcript.customerKey == nil ? nil : recording?.callSid
        }
        let mediaDuration = recording?.durationSeconds ?? intelligence.generator.corpus.call(index).durationSeconds
        transcript.status = status
        transcript.durationSeconds = status == "queued" || status == "new" ? 0 : mediaDuration
        if status == "queued" || status == "new" { transcript.dateUpdated = transcript.dateCreated }
        transcript.scriptedSentences = sentences
        transcript.redaction = redaction ?? transcript.redaction
        transcript.encryptionCredentialSid = encrypted ? intelligence.generator.encryptionCredentialSid : nil
        switch participants {
        case .generated: break
        case .absent: transcript.participants = nil
        case .list(let list): transcript.participants = list
        }
        return intelligence.add(transcript)
    }

    /// Completes a transcript with `sentences` (nil: generated) and date_updated `dateUpdated` (default: just after
    /// the newest). Nil when there is no such transcript.
    @discardableResult
    public func completeIntelligenceTranscript(sid: String, sentences: [ScriptedSentence]? = nil,
                                               dateUpdated: Int64? = nil) -> GeneratedTranscript? {
        guard let transcript = intelligence.transcript(sid: sid) else { return nil }
        let mediaDuration = recording(sid: transcript.sourceSid)?.durationSeconds
            ?? intelligence.generator.corpus.call(transcript.index).durationSeconds
        return intelligence.complete(sid: sid, sentences: sentences, durationSeconds: mediaDuration,
                                     dateUpdated: dateUpdated)
    }

    /// Deletes a transcript (its recording stays). False when there was none.
    @discardableResult
    public func deleteIntelligenceTranscript(sid: String) -> Bool {
        intelligence.delete(sid: sid)
    }
}
