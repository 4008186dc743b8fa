import TwilioClient

/// `GET /v2/Transcripts/{Sid}/Media`.
public struct TranscriptMediaJSON: Decodable, Sendable, TwilioIdentified {
    public var sid: String?
    public var mediaURL: String?

    enum CodingKeys: String, CodingKey {
        case sid, mediaURL = "media_url"
    }
}
