import Foundation

/// An Intelligence v2 Transcript as Twilio sends it (`GET /v2/Transcripts`, `/v2/Transcripts/{Sid}`). Every
/// field may be null; numbers may come as strings.
public struct TranscriptJSON: Decodable, Sendable {
    public var sid: String?
    public var accountSid: String?
    public var serviceSid: String?
    public var status: String?
    public var dateCreated: Int64?
    public var dateUpdated: Int64?
    public var languageCode: String?
    public var duration: Int?
    public var customerKey: String?
    public var redaction: Bool?
    public var encryptionCredentialSid: String?
    public var mediaStartTime: String?
    public var dataLogging: Bool?
    public var url: String?
    /// `channel.media_properties.source_sid`: RE… when the transcript was made from a v2010 Recording.
    public var sourceSid: String?
    public var participants: [Participant]
    /// `channel.participants` as sent, kept for `show`.
    public var participantsJSON: String?

    public struct Participant: Decodable, Sendable, Equatable {
        public var channelParticipant: Int?
        public var role: String?
        public var fullName: String?

        enum CodingKeys: String, CodingKey {
            case channelParticipant = "channel_participant", role, fullName = "full_name"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            channelParticipant = try container.decodeLenientInteger(forKey: .channelParticipant)
            role = try container.decodeLenientString(forKey: .role)
            fullName = try container.decodeLenientString(forKey: .fullName)
        }
    }

    enum CodingKeys: String, CodingKey {
        case sid, accountSid = "account_sid", serviceSid = "service_sid", status, dateCreated = "date_created"
        case dateUpdated = "date_updated", languageCode = "language_code", duration, customerKey = "customer_key"
        case redaction, encryptionCredentialSid = "encryption_credential_sid", mediaStartTime = "media_start_time"
        case dataLogging = "data_logging", url, channel
    }

    enum ChannelKeys: String, CodingKey {
        case mediaProperties = "media_properties", participants
    }

    enum MediaPropertiesKeys: String, CodingKey {
        case sourceSid = "source_sid"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sid = try container.decodeLenientString(forKey: .sid)
        accountSid = try container.decodeLenientString(forKey: .accountSid)
        serviceSid = try container.decodeLenientString(forKey: .serviceSid)
        status = try container.decodeLenientString(forKey: .status)
        dateCreated = try container.decodeTwilioDate(forKey: .dateCreated)
        dateUpdated = try container.decodeTwilioDate(forKey: .dateUpdated)
        languageCode = try container.decodeLenientString(forKey: .languageCode)
        duration = try container.decodeLenientInteger(forKey: .duration)
        customerKey = try container.decodeLenientString(forKey: .customerKey)
        redaction = try container.decodeIfPresent(Bool.self, forKey: .redaction)
        encryptionCredentialSid = try container.decodeLenientString(forKey: .encryptionCredentialSid)
        mediaStartTime = try container.decodeLenientString(forKey: .mediaStartTime)
        dataLogging = try container.decodeIfPresent(Bool.self, forKey: .dataLogging)
        url = try container.decodeLenientString(forKey: .url)
        participants = []
        if container.contains(.channel), try !container.decodeNil(forKey: .channel) {
            let channel = try container.nestedContainer(keyedBy: ChannelKeys.self, forKey: .channel)
            if channel.contains(.mediaProperties), try !channel.decodeNil(forKey: .mediaProperties) {
                let media = try channel.nestedContainer(keyedBy: MediaPropertiesKeys.self, forKey: .mediaProperties)
                sourceSid = try media.decodeLenientString(forKey: .sourceSid)
            }
            participants = try channel.decodeIfPresent([Participant].self, forKey: .participants) ?? []
            participantsJSON = try channel.decodeRawJSON(forKey: .participants)
        }
    }
}

/// A sentence (`GET /v2/Transcripts/{Sid}/Sentences`). Times and confidence come as numbers or strings.
public struct SentenceJSON: Decodable, Sendable {
    public var mediaChannel: Int?
    public var sentenceIndex: Int?
    public var startTime: Double?
    public var endTime: Double?
    public var confidence: Double?
    public var transcript: String?
    public var sid: String?

    enum CodingKeys: String, CodingKey {
        case mediaChannel = "media_channel", sentenceIndex = "sentence_index", startTime = "start_time"
        case endTime = "end_time", confidence, transcript, sid
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        mediaChannel = try container.decodeLenientInteger(forKey: .mediaChannel)
        sentenceIndex = try container.decodeLenientInteger(forKey: .sentenceIndex)
        startTime = try container.decodeLenientDouble(forKey: .startTime)
        endTime = try container.decodeLenientDouble(forKey: .endTime)
        confidence = try container.decodeLenientDouble(forKey: .confidence)
        transcript = try container.decodeLenientString(forKey: .transcript)
        sid = try container.decodeLenientString(forKey: .sid)
    }
}

/// A Language Operator result (`GET /v2/Transcripts/{Sid}/OperatorResults`). `predicted_probability` is a
/// number in the schema and a string in Twilio's examples; both are read.
public struct OperatorResultJSON: Decodable, Sendable {
    public var operatorSid: String?
    public var name: String?
    public var operatorType: String?
    public var predictedLabel: String?
    public var predictedProbability: Double?
    public var textResult: String?
    /// The whole object as sent.
    public var raw: String

    enum CodingKeys: String, CodingKey {
        case operatorSid = "operator_sid", name, operatorType = "operator_type", predictedLabel = "predicted_label"
        case predictedProbability = "predicted_probability", textGenerationResults = "text_generation_results"
    }

    enum TextKeys: String, CodingKey {
        case result
    }

    public init(from decoder: any Decoder) throws {
        raw = try JSONValue(from: decoder).compactJSON
        let container = try decoder.container(keyedBy: CodingKeys.self)
        operatorSid = try container.decodeLenientString(forKey: .operatorSid)
        name = try container.decodeLenientString(forKey: .name)
        operatorType = try container.decodeLenientString(forKey: .operatorType)
        predictedLabel = try container.decodeLenientString(forKey: .predictedLabel)
        predictedProbability = try container.decodeLenientDouble(forKey: .predictedProbability)
        if container.contains(.textGenerationResults), try !container.decodeNil(forKey: .textGenerationResults) {
            let text = try container.nestedContainer(keyedBy: TextKeys.self, forKey: .textGenerationResults)
            textResult = try text.decodeLenientString(forKey: .result)
        }
    }
}
