/// One generated call: its transcription and the recording it was made from, rendered as Twilio renders them.
public struct GeneratedCall: Sendable, Equatable {
    public var transcriptionSid: String
    public var recordingSid: String
    public var callSid: String
    public var accountSid: String
    /// completed | failed | in-progress
    public var status: String
    public var durationSeconds: Int
    /// The full text ("(blank)" for failed ones, nil while in progress).
    public var text: String?
    /// UTC epoch seconds.
    public var dateCreated: Int64
    public var dateUpdated: Int64
    /// The UTC offset the RFC 2822 strings are written with ("+0100"): Twilio's own are +0000, but the decoder
    /// must not care, so the corpus varies it.
    public var offset: String
    /// completed | deleted | absent: the recording's status.
    public var recordingStatus: String
    public var recordingSource: String
    public var recordingChannels: Int
    public var price: String
}
