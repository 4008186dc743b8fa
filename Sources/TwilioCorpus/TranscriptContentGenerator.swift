/// Writes a completed transcript's sentences: 20–60 of them, Agent and Customer taking turns of one to three,
/// in the corpus's call-centre English. The Agent introduces themselves by first name; some Customers give their
/// full name or their phone number ("415-555-0142"): the personal data the redacted variant masks. Some sentences
/// carry non-speech tags (`[hes]`, `[noise]`, …) as separate words, as Twilio's do. Times are increasing
/// centiseconds within the transcript's duration. Operator results are derived from the sentences.
struct TranscriptContentGenerator {
    let generator: IntelligenceGenerator
    let transcript: GeneratedTranscript

    static let tags = ["[hes]", "[hes]", "[hes]", "[noise]", "[inaudible]", "[music]", "[laugh]"]

    func content() -> TranscriptContent {
        var rng = SplitMix64(seed: (generator.corpus.seed ^ 0xC0DE_5E17_E11C_E000) &* 0x9E37_79B9_7F4A_7C15
            &+ UInt64(transcript.index))
        let lines = transcript.scriptedSentences.map { $0.map { ($0.mediaChannel, $0.transcript, $0.redactedTranscript) } }
            ?? spokenLines(&rng).map { ($0.channel, $0.text, nil) }
        let sentences = timed(lines, &rng)
        return TranscriptContent(
            sentences: sentences,
            operatorResults: OperatorResultGenerator(generator: generator, transcript: transcript)
                .results(for: sentences, customerName: speaker("Customer")?.fullName, &rng))
    }

    private func speaker(_ role: String) -> TranscriptParticipant? {
        transcript.participants?.first { $0.role == role }
    }

    /// The Agent's channel: a participant's if one is labelled, else Twilio's default (1).
    private var agentChannel: Int {
        speaker("Agent")?.channelParticipant ?? (speaker("Customer").map { $0.channelParticipant == 1 ? 2 : 1 } ?? 1)
    }

    private func spokenLines(_ rng: inout SplitMix64) -> [(channel: Int, text: String)] {
        let count = rng.int(in: 20...60)
        let agent = agentChannel, customer = agent == 1 ? 2 : 1
        let agentFirst = speaker("Agent")?.fullName?.split(separator: " ").first.map(String.init)
            ?? Vocabulary.names[rng.int(in: 0...(Vocabulary.names.count - 1))]
        let customerName = speaker("Customer")?.fullName ?? IntelligenceGenerator.fullName(&rng)
        let phone = speaker("Customer")?.mediaParticipantId.map(Self.spokenPhone)
            ?? "\(rng.int(in: 201...989))-555-\(fourDigits(rng.int(in: 100...199)))"
        var lines: [(channel: Int, text: String)] = [(agent, "thank you for calling this is \(agentFirst) how can i help you today")]
        var channel = customer, run = 0, runLength = 1
        let givesName = rng.unit() < 0.5, givesPhone = rng.unit() < 0.3
        var customerLines = 0
        while lines.count < count {
            var words = generator.corpus.words(count: rng.int(in: 3...14), rng: &rng).split(separator: " ").map(String.init)
            if channel == customer {
                if customerLines == 0, givesName { words = ["hi", "my", "name", "is"] + customerName.split(separator: " ").map(String.init) + words.prefix(4) }
                if customerLines == 2, givesPhone { words = ["my", "number", "is", phone] + words.prefix(3) }
                customerLines += 1
            }
            if rng.unit() < 0.12 {
                words.insert(Self.tags[rng.int(in: 0...(Self.tags.count - 1))], at: rng.int(in: 0...words.count))
            }
            lines.append((channel, words.joined(separator: " ")))
            run += 1
            if run >= runLength {
                channel = channel == agent ? customer : agent
                run = 0
                runLength = rng.int(in: 1...3)
            }
        }
        return lines
    }

    /// "+14155550142" → "415-555-0142", as a speech recogniser writes a spoken number.
    static func spokenPhone(_ e164: String) -> String {
        let digits = Array(e164.filter(\.isNumber).suffix(10))
        guard digits.count == 10 else { return String(digits) }
        return String(digits[0..<3]) + "-" + String(digits[3..<6]) + "-" + String(digits[6...])
    }

    /// Sentences with SIDs, confidence and times: sentence i starts in the i-th equal slot of the duration (a little
    /// after its start) and ends before the next one starts.
    private func timed(_ lines: [(Int, String, String?)], _ rng: inout SplitMix64) -> [GeneratedSentence] {
        let total = max(transcript.durationSeconds, 1) * 100
        let slot = max(1, total / max(lines.count, 1))
        return lines.enumerated().map { index, line in
            let base = index * total / lines.count
            let start = base + rng.int(in: 0...(slot / 5))
            let end = min(total, max(start + 1, start + slot * 7 / 10 + rng.int(in: 0...(slot / 10))))
            let (channel, text, redacted) = line
            return GeneratedSentence(
                sid: generator.corpus.sid("GX", transcript.index &* 10_000 &+ index), mediaChannel: channel,
                sentenceIndex: index, startCentiseconds: start, endCentiseconds: end,
                confidencePercent: rng.int(in: 55...99), text: text,
                redactedText: transcript.redaction ? (redacted ?? Redactor.redact(text)) : text)
        }
    }
}
