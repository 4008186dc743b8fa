/// Twilio resource identifiers: a two-letter prefix naming the resource kind and 32 hex digits.
public enum SIDKind: String, Sendable, CaseIterable {
    case account = "AC", call = "CA", recording = "RE", transcription = "TR", conference = "CF", apiKey = "SK"
    /// Conversational Intelligence v2: a Transcript, its Service.
    case intelligenceTranscript = "GT", intelligenceService = "GA"

    /// True when `sid` matches `^PREFIX[0-9a-fA-F]{32}$`.
    public func matches(_ sid: String) -> Bool {
        let bytes = Array(sid.utf8)
        guard bytes.count == 34, sid.hasPrefix(rawValue) else { return false }
        return bytes[2...].allSatisfy { byte in
            (48...57).contains(byte) || (65...70).contains(byte) || (97...102).contains(byte)
        }
    }
}
