/// One Conversational Intelligence v2 Transcript, as the emulator holds it: the resource's own fields. Its sentences
/// and operator results are not stored here but derived on demand (`IntelligenceGenerator.content(of:)`), so a
/// corpus of 100k transcripts costs a few hundred bytes each.
public struct GeneratedTranscript: Sendable, Equatable {
    /// The corpus index the transcript (and its content) was generated from: transcript i is of call i's recording.
    public var index: Int
    public var sid: String
    public var accountSid: String
    public var serviceSid: String
    /// queued | in-progress | completed | failed | canceled | error | new
    public var status: String
    /// UTC epoch seconds.
    public var dateCreated: Int64
    public var dateUpdated: Int64
    /// The v2010 Recording transcribed (`channel.media_properties.source_sid`): the only link to a call.
    public var sourceSid: String
    /// en-US | es-US
    public var languageCode: String
    /// Seconds of media (0 until Twilio has looked at it: queued and new transcripts).
    public var durationSeconds: Int
    /// When the media started, UTC epoch seconds (the recording's start).
    public var mediaStartTime: Int64?
    /// Caller-supplied; apps often put the CallSid there, Twilio does not.
    public var customerKey: String?
    /// PII redaction was on: sentences and generative results have a redacted variant, served by default.
    public var redaction: Bool
    /// CR… when sentences and operator results are encrypted (only the `/Encrypted` routes serve them).
    public var encryptionCredentialSid: String?
    public var dataLogging: Bool
    /// nil: `channel` has no `participants` key; `[]`: an empty array. Either way channel 1 is the Agent.
    public var participants: [TranscriptParticipant]?
    /// Sentences given through the control API instead of generated ones.
    public var scriptedSentences: [ScriptedSentence]?

    public var isCompleted: Bool { status == "completed" }
    public var isEncrypted: Bool { encryptionCredentialSid != nil }
}

/// A `channel.participants[]` entry. Every field but `channelParticipant` may be absent (rendered null).
public struct TranscriptParticipant: Sendable, Equatable, Codable {
    public var userId: String?
    /// The media channel (1 or 2) this participant speaks on.
    public var channelParticipant: Int
    /// E.164 phone number.
    public var mediaParticipantId: String?
    public var email: String?
    public var fullName: String?
    public var imageUrl: String?
    /// "Agent" | "Customer"
    public var role: String?

    public init(userId: String? = nil, channelParticipant: Int, mediaParticipantId: String? = nil,
                email: String? = nil, fullName: String? = nil, imageUrl: String? = nil, role: String? = nil) {
        self.userId = userId
        self.channelParticipant = channelParticipant
        self.mediaParticipantId = mediaParticipantId
        self.email = email
        self.fullName = fullName
        self.imageUrl = imageUrl
        self.role = role
    }

    enum CodingKeys: String, CodingKey {
        case userId = "user_id", channelParticipant = "channel_participant"
        case mediaParticipantId = "media_participant_id", email, fullName = "full_name", imageUrl = "image_url", role
    }
}

/// A sentence given through the control API: who said what; times and SIDs are generated. `redactedTranscript`
/// overrides what the redactor would make of `transcript`.
public struct ScriptedSentence: Sendable, Equatable, Codable {
    public var mediaChannel: Int
    public var transcript: String
    public var redactedTranscript: String?

    public init(mediaChannel: Int, transcript: String, redactedTranscript: String? = nil) {
        self.mediaChannel = mediaChannel
        self.transcript = transcript
        self.redactedTranscript = redactedTranscript
    }

    enum CodingKeys: String, CodingKey {
        case mediaChannel = "media_channel", transcript, redactedTranscript = "redacted_transcript"
    }
}
