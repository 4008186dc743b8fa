import Foundation

/// A Conversational Intelligence transcript as the index stores it: the document's fields, what only Intelligence
/// has, and (once it is completed) its sentences and Language Operator results. The harvest source maps Twilio's
/// JSON to this; the index never reads Twilio's JSON for it.
public struct IntelligenceDocument: Sendable, Equatable {
    public var sid: String
    public var accountSid: String?
    public var serviceSid: String?
    /// queued | in-progress | completed | failed | canceled | error | new
    public var status: String?
    public var dateCreated: Int64?
    public var dateUpdated: Int64?
    /// BCP 47 ("en-US").
    public var language: String?
    /// The v2010 Recording it was made from (`channel.media_properties.source_sid`), which links it to a call.
    public var recordingSid: String?
    public var duration: Int?
    public var customerKey: String?
    public var redaction: Bool?
    public var encryptionCredentialSid: String?
    public var mediaStartTime: String?
    public var dataLogging: Bool?
    /// `channel.participants` as Twilio sent it (a JSON array), nil when absent.
    public var participantsJSON: String?
    public var url: String?
    /// Why a completed transcript has no text (encrypted, …); nil when there is no problem.
    public var problem: String?
    /// The sentences and results, when this harvest read them; nil keeps what the index has.
    public var content: Content?

    public struct Content: Sendable, Equatable {
        public var sentences: [DocumentSentence]
        public var operatorResults: [OperatorResult]
        /// True when the redacted variant was read.
        public var redacted: Bool

        public init(sentences: [DocumentSentence], operatorResults: [OperatorResult], redacted: Bool) {
            self.sentences = sentences
            self.operatorResults = operatorResults
            self.redacted = redacted
        }

        /// The summary: the first text-generation result that is not a redaction placeholder.
        public var summary: String? {
            operatorResults.first { $0.operatorType == "text-generation" && $0.textResult.map(Self.isReadable) == true }?
                .textResult
        }

        /// What the full-text index sees: the sentences' words in order, without non-speech tags, then the
        /// summary. nil when there is no word at all (like v2010's "(blank)", nothing to match).
        public var searchableText: String? {
            var parts = sentences.map { NonSpeechTags.removed(from: $0.text) }.filter { !$0.isEmpty }
            if let summary { parts.append(summary) }
            return parts.isEmpty ? nil : parts.joined(separator: "\n")
        }

        /// Twilio replaces a generative result wholly with "[Redacted: <OperatorFriendlyName>]".
        static func isReadable(_ text: String) -> Bool {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            return !trimmed.isEmpty && !(trimmed.hasPrefix("[Redacted") && trimmed.hasSuffix("]"))
        }
    }

    public init(sid: String, accountSid: String? = nil, serviceSid: String? = nil, status: String? = nil,
                dateCreated: Int64? = nil, dateUpdated: Int64? = nil, language: String? = nil,
                recordingSid: String? = nil, duration: Int? = nil, customerKey: String? = nil, redaction: Bool? = nil,
                encryptionCredentialSid: String? = nil, mediaStartTime: String? = nil, dataLogging: Bool? = nil,
                participantsJSON: String? = nil, url: String? = nil, problem: String? = nil, content: Content? = nil) {
        self.sid = sid
        self.accountSid = accountSid
        self.serviceSid = serviceSid
        self.status = status
        self.dateCreated = dateCreated
        self.dateUpdated = dateUpdated
        self.language = language
        self.recordingSid = recordingSid
        self.duration = duration
        self.customerKey = customerKey
        self.redaction = redaction
        self.encryptionCredentialSid = encryptionCredentialSid
        self.mediaStartTime = mediaStartTime
        self.dataLogging = dataLogging
        self.participantsJSON = participantsJSON
        self.url = url
        self.problem = problem
        self.content = content
    }
}

/// One sentence of a transcript, with its speaker and times.
public struct DocumentSentence: Sendable, Equatable {
    public var index: Int
    public var mediaChannel: Int?
    /// The participant's role as Twilio labels it: "Agent", "Customer".
    public var speaker: String?
    public var speakerName: String?
    /// Seconds from the start of the media.
    public var startTime: Double?
    public var endTime: Double?
    public var confidence: Double?
    /// As Twilio sent it, non-speech tags included.
    public var text: String
    public var sid: String?

    public init(index: Int, mediaChannel: Int? = nil, speaker: String? = nil, speakerName: String? = nil,
                startTime: Double? = nil, endTime: Double? = nil, confidence: Double? = nil, text: String,
                sid: String? = nil) {
        self.index = index
        self.mediaChannel = mediaChannel
        self.speaker = speaker
        self.speakerName = speakerName
        self.startTime = startTime
        self.endTime = endTime
        self.confidence = confidence
        self.text = text
        self.sid = sid
    }
}

/// One Language Operator result.
public struct OperatorResult: Sendable, Equatable {
    public var operatorSid: String
    public var name: String?
    /// text-generation | conversation-classify | extract | json | utterance-classify | …
    public var operatorType: String?
    public var predictedLabel: String?
    public var predictedProbability: Double?
    public var textResult: String?
    public var redacted: Bool
    /// The result object as Twilio sent it.
    public var resultJSON: String?

    public init(operatorSid: String, name: String? = nil, operatorType: String? = nil, predictedLabel: String? = nil,
                predictedProbability: Double? = nil, textResult: String? = nil, redacted: Bool = false,
                resultJSON: String? = nil) {
        self.operatorSid = operatorSid
        self.name = name
        self.operatorType = operatorType
        self.predictedLabel = predictedLabel
        self.predictedProbability = predictedProbability
        self.textResult = textResult
        self.redacted = redacted
        self.resultJSON = resultJSON
    }
}
