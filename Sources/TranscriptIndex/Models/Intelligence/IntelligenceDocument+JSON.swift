
extension IntelligenceDocument {
    /// The index's form of a listed or fetched transcript, without its sentences (`content` nil: kept as
    /// stored). nil when the transcript has no usable SID.
    public init?(_ json: TranscriptJSON) {
        guard let sid = json.sid, DocumentSource.intelligence.sidKind.matches(sid) else { return nil }
        self.init(sid: sid, accountSid: json.accountSid, serviceSid: json.serviceSid, status: json.status,
                  dateCreated: json.dateCreated, dateUpdated: json.dateUpdated, language: json.languageCode,
                  recordingSid: json.sourceSid.flatMap { SIDKind.recording.matches($0) ? $0 : nil },
                  duration: json.duration, customerKey: json.customerKey, redaction: json.redaction,
                  encryptionCredentialSid: json.encryptionCredentialSid, mediaStartTime: json.mediaStartTime,
                  dataLogging: json.dataLogging, participantsJSON: json.participantsJSON, url: json.url,
                  problem: json.encryptionCredentialSid.map { credential in
                      "encrypted with credential \(credential): Twilio gives its sentences only as an encrypted file, "
                          + "so it is kept without text"
                  })
    }
}

extension IntelligenceDocument.Content {
    /// Sentences in order, each with its speaker, and the operator results.
    public init(sentences: [SentenceJSON], results: [OperatorResultJSON], participants: [TranscriptJSON.Participant],
         redacted: Bool) {
        let speakers = SpeakerMap(participants)
        let ordered = sentences.enumerated().sorted { ($0.element.sentenceIndex ?? $0.offset, $0.offset)
            < ($1.element.sentenceIndex ?? $1.offset, $1.offset) }
        var used: Set<Int> = []
        var mapped: [DocumentSentence] = []
        for (offset, sentence) in ordered {
            // The index is the key of a sentence in the index: a repeated or missing one takes the next free.
            var index = sentence.sentenceIndex ?? offset
            while used.contains(index) { index += 1 }
            used.insert(index)
            let speaker = speakers.speaker(channel: sentence.mediaChannel)
            mapped.append(DocumentSentence(index: index, mediaChannel: sentence.mediaChannel, speaker: speaker.role,
                                           speakerName: speaker.name, startTime: sentence.startTime,
                                           endTime: sentence.endTime, confidence: sentence.confidence,
                                           text: sentence.transcript ?? "", sid: sentence.sid))
        }
        self.init(sentences: mapped, operatorResults: results.compactMap { result in
            guard let sid = result.operatorSid else { return nil }
            return OperatorResult(operatorSid: sid, name: result.name, operatorType: result.operatorType,
                                  predictedLabel: result.predictedLabel,
                                  predictedProbability: result.predictedProbability, textResult: result.textResult,
                                  redacted: redacted, resultJSON: result.raw)
        }, redacted: redacted)
    }
}
