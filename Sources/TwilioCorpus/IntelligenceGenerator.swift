/// Deterministic generator of Conversational Intelligence v2 transcripts over a `CorpusGenerator`: the same seed and
/// index always give the same transcript, and transcript i is of call i's recording (`source_sid` is
/// `corpus.call(i).recordingSid`), so the call is reached as on Twilio: Transcript → v2010 Recording → call_sid.
///
/// Shape: two services (en-US with auto-redaction, es-US without); statuses ~86% completed, then queued,
/// in-progress, failed, canceled, error, and rarely new; ~85% of en-US transcripts redacted (PII redaction is
/// en-US only); ~3% encrypted; ~70% with two named participants (a fifth of those with the roles inverted), the
/// rest with no participants key or an empty array; customer_key often null, else the call SID.
public struct IntelligenceGenerator: Sendable {
    public let corpus: CorpusGenerator
    public let services: [IntelligenceService]
    public let summarizationOperatorSid: String
    public let sentimentOperatorSid: String
    /// The account's one encryption credential (a public key, CR…).
    public let encryptionCredentialSid: String

    public init(corpus: CorpusGenerator) {
        self.corpus = corpus
        summarizationOperatorSid = corpus.sid("LY", 0)
        sentimentOperatorSid = corpus.sid("LY", 1)
        encryptionCredentialSid = corpus.sid("CR", 0)
        let created = corpus.start - 30 * 86_400  // the services predate every call
        let operators = [summarizationOperatorSid, sentimentOperatorSid]
        services = [
            IntelligenceService(sid: corpus.sid("GA", 0), uniqueName: "customer-support", friendlyName: "Customer Support",
                                languageCode: "en-US", autoRedaction: true, dateCreated: created,
                                dateUpdated: created + 86_400, webhookUrl: "https://hooks.example.com/intelligence",
                                operatorSids: operators),
            IntelligenceService(sid: corpus.sid("GA", 1), uniqueName: "soporte-es", friendlyName: "Soporte en español",
                                languageCode: "es-US", autoRedaction: false, dateCreated: created + 3600,
                                dateUpdated: created + 3600, webhookUrl: nil, operatorSids: operators),
        ]
    }

    public var accountSid: String { corpus.accountSid }

    /// The `index`-th transcript (0-based), of the `index`-th call's recording.
    public func transcript(_ index: Int) -> GeneratedTranscript {
        transcript(index, of: corpus.call(index))
    }

    /// The same, from `call` = `corpus.call(index)` already at hand (generating a call's text is most of the cost).
    public func transcript(_ index: Int, of call: GeneratedCall) -> GeneratedTranscript {
        var rng = SplitMix64(seed: (corpus.seed ^ 0x1A7E_111C_E5EE_D000) &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(index))
        let spanish = rng.unit() < 0.12
        let service = spanish ? services[1] : services[0]
        let status = Self.status(rng.unit())
        // Auto-transcription starts once the recording is complete (the call's v2010 date_created).
        let created = call.dateCreated + Int64(rng.int(in: 5...90))
        let updated: Int64
        switch status {
        case "completed": updated = created + Int64(rng.int(in: 10...(30 + call.durationSeconds * 2)))
        case "queued", "new": updated = created
        case "in-progress": updated = created + Int64(rng.int(in: 1...30))
        default: updated = created + Int64(rng.int(in: 5...120))
        }
        let redaction = service.autoRedaction && rng.unit() < 0.85
        let encrypted = rng.unit() < 0.03
        let customerKey = rng.unit() < 0.3 ? call.callSid : nil
        let dataLogging = rng.unit() < 0.1
        let participantRoll = rng.unit()
        let participants = Self.participants(&rng, roll: participantRoll)
        return GeneratedTranscript(
            index: index, sid: corpus.sid("GT", index), accountSid: corpus.accountSid, serviceSid: service.sid,
            status: status, dateCreated: created, dateUpdated: updated, sourceSid: call.recordingSid,
            languageCode: service.languageCode,
            durationSeconds: status == "queued" || status == "new" ? 0 : call.durationSeconds,
            mediaStartTime: call.dateCreated - Int64(call.durationSeconds), customerKey: customerKey,
            redaction: redaction, encryptionCredentialSid: encrypted ? encryptionCredentialSid : nil,
            dataLogging: dataLogging, participants: participants, scriptedSentences: nil)
    }

    /// The transcript's sentences and operator results (empty unless it is completed).
    public func content(of transcript: GeneratedTranscript) -> TranscriptContent {
        guard transcript.isCompleted else { return .empty }
        return TranscriptContentGenerator(generator: self, transcript: transcript).content()
    }

    private static func status(_ roll: Double) -> String {
        switch roll {
        case ..<0.86: return "completed"
        case ..<0.89: return "queued"
        case ..<0.92: return "in-progress"
        case ..<0.95: return "failed"
        case ..<0.97: return "canceled"
        case ..<0.995: return "error"
        default: return "new"
        }
    }

    /// Two participants (~70%; a fifth of them with the Customer on channel 1), no key (~15%) or `[]` (~15%).
    private static func participants(_ rng: inout SplitMix64, roll: Double) -> [TranscriptParticipant]? {
        if roll >= 0.85 { return [] }
        if roll >= 0.70 { return nil }
        let inverted = rng.unit() < 0.2
        let agentNumber = rng.int(in: 100...999), customerNumber = rng.int(in: 100...999)
        let agent = TranscriptParticipant(
            userId: "agent-\(agentNumber)", channelParticipant: inverted ? 2 : 1,
            mediaParticipantId: "+1800555" + fourDigits(rng.int(in: 100...199)),
            email: "agent-\(agentNumber)@support.example.com", fullName: fullName(&rng),
            imageUrl: rng.unit() < 0.5 ? "https://images.example.com/avatars/agent-\(agentNumber).png" : nil,
            role: "Agent")
        let customer = TranscriptParticipant(
            userId: "customer-\(customerNumber)", channelParticipant: inverted ? 1 : 2,
            mediaParticipantId: "+1\(rng.int(in: 201...989))555" + fourDigits(rng.int(in: 100...199)),
            email: rng.unit() < 0.5 ? "customer-\(customerNumber)@example.com" : nil, fullName: fullName(&rng),
            imageUrl: nil, role: "Customer")
        return inverted ? [customer, agent] : [agent, customer]
    }

    static func fullName(_ rng: inout SplitMix64) -> String {
        let names = Vocabulary.names
        return names[rng.int(in: 0...(names.count - 1))] + " " + names[rng.int(in: 0...(names.count - 1))]
    }
}

/// `value` with leading zeros to 4 digits ("0142"): the fictional 555-01XX numbers.
func fourDigits(_ value: Int) -> String {
    let digits = "\(value)"
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}
