import TranscriptIndex
import TwilioClient

/// The media of an Intelligence transcript: `GET /v2/Transcripts/{GT}/Media` gives a signed `media_url` whose
/// lifetime Twilio does not document, so it is fetched fresh for each use and never stored.
public enum TranscriptMedia {
    /// A fresh media URL; nil when Twilio has no such transcript (or no media for it).
    public static func url(client: TwilioClient, transcriptSid: String, redacted: Bool = true) async throws -> String? {
        guard DocumentSource.intelligence.sidKind.matches(transcriptSid) else {
            throw IndexError(.invalidParameter, "\"\(transcriptSid)\" is not an Intelligence transcript SID (GT + 32 hex digits)")
        }
        return try await client.intelligenceMedia(TranscriptMediaJSON.self, transcriptSid: transcriptSid,
                                                  redacted: redacted).value?.mediaURL
    }
}
