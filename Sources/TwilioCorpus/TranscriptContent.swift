/// What a completed transcript says: its sentences and its operator results, each with the raw and the redacted
/// variant (equal when the transcript has no redaction). Empty for any other status.
public struct TranscriptContent: Sendable, Equatable {
    public var sentences: [GeneratedSentence]
    public var operatorResults: [GeneratedOperatorResult]

    public static let empty = TranscriptContent(sentences: [], operatorResults: [])
}

/// One `Sentences` item. Times are kept in hundredths (centiseconds) so that both renderings, the number 12.48 and
/// the string "12.48", say exactly the same thing.
public struct GeneratedSentence: Sendable, Equatable {
    public var sid: String
    /// 1 or 2: the recording channel, mapped to a participant by `channel_participant`.
    public var mediaChannel: Int
    public var sentenceIndex: Int
    public var startCentiseconds: Int
    public var endCentiseconds: Int
    /// 0–100 (hundredths).
    public var confidencePercent: Int
    /// What was said, personal data included.
    public var text: String
    /// What redaction leaves: names as "[PERSON]", phone numbers as "[PHONE_NUMBER]".
    public var redactedText: String

    public var startTime: Double { Double(startCentiseconds) / 100 }
    public var endTime: Double { Double(endCentiseconds) / 100 }
    public var confidence: Double { Double(confidencePercent) / 100 }
}

/// One `OperatorResults` item of the two pre-built operators every service runs.
public struct GeneratedOperatorResult: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Summarization (`text-generation`): the summary, which may name people (fully masked when redacted).
        case summary(String)
        /// Sentiment Analysis (`conversation-classify`): the label, its probability and every label's, in hundredths.
        case sentiment(label: String, percent: Int, labelPercents: [(label: String, percent: Int)])

        public static func == (lhs: Kind, rhs: Kind) -> Bool {
            switch (lhs, rhs) {
            case (.summary(let a), .summary(let b)): return a == b
            case (.sentiment(let la, let pa, let a), .sentiment(let lb, let pb, let b)):
                return la == lb && pa == pb && a.map(\.label) == b.map(\.label) && a.map(\.percent) == b.map(\.percent)
            default: return false
            }
        }
    }

    public var operatorSid: String
    /// "Summarization" | "Sentiment Analysis"
    public var name: String
    public var kind: Kind
    /// Twilio's type drift: `predicted_probability` is the string "0.87" on some results, a number on others.
    public var probabilityAsString: Bool

    public var operatorType: String {
        switch kind {
        case .summary: return "text-generation"
        case .sentiment: return "conversation-classify"
        }
    }
}
