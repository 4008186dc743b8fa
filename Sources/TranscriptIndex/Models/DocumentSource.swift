/// The harvest sources a document can come from: `documents.source` in the index, `"source"` in every search
/// result, and the values of `search --source`.
public enum DocumentSource: String, Sendable, CaseIterable {
    /// v2010 Recording Transcriptions (`/2010-04-01/Accounts/{AC}/Transcriptions`).
    case transcription
}
