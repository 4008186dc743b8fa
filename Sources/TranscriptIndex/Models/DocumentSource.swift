/// The harvest sources a document can come from: `documents.source` in the index, `"source"` in every search
/// result, and the values of `search --source` and `harvest --source`.
public enum DocumentSource: String, Sendable, CaseIterable {
    /// v2010 Recording Transcriptions (`/2010-04-01/Accounts/{AC}/Transcriptions`).
    case transcription
    /// Conversational Intelligence v2 Transcripts (`https://intelligence.twilio.com/v2/Transcripts`), with their
    /// sentences, speakers and operator results.
    case intelligence

    /// The SID kind of this source's documents.
    public var sidKind: SIDKind {
        switch self {
        case .transcription: .transcription
        case .intelligence: .intelligenceTranscript
        }
    }

    /// The source whose documents have SIDs like `sid`, if any.
    public static func of(sid: String) -> DocumentSource? {
        allCases.first { $0.sidKind.matches(sid) }
    }

    /// The sources named in `values`, each a name or a comma-separated list ("transcription,intelligence");
    /// repeats collapse. An unknown or empty name is an `.invalidParameter` error that lists the known ones.
    public static func parse(_ values: [String]) throws -> [DocumentSource] {
        try SearchParameters.list(values, name: "source", known: allCases.map(\.rawValue)).reduce(into: []) { sources, name in
            let source = DocumentSource(rawValue: name)!
            if !sources.contains(source) { sources.append(source) }
        }
    }
}
