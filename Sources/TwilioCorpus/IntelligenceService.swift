/// A Conversational Intelligence Service (GA…): transcripts belong to one, and it fixes their language and whether
/// PII redaction runs.
public struct IntelligenceService: Sendable, Equatable {
    public var sid: String
    public var uniqueName: String
    public var friendlyName: String
    public var languageCode: String
    public var autoRedaction: Bool
    /// UTC epoch seconds.
    public var dateCreated: Int64
    public var dateUpdated: Int64
    public var webhookUrl: String?
    /// The pre-built operators attached (Summarization, Sentiment Analysis): every transcript gets their results.
    public var operatorSids: [String]
}
