/// The harvest sources a document can come from: `documents.source` in the index, `"source"` in every search
/// result, and the values of `search --source` and `harvest --source`.
public enum DocumentSource: String, Sendable, CaseIterable {
    /// v2010 Recording Transcriptions (`/2010-04-01/Accounts/{AC}/Transcriptions`).
    case transcription

    /// The sources named in `values`, each a name or a comma-separated list ("transcription,intelligence");
    /// repeats collapse. An unknown or empty name is an `.invalidParameter` error that lists the known ones.
    public static func parse(_ values: [String]) throws -> [DocumentSource] {
        try SearchParameters.list(values, name: "source", known: allCases.map(\.rawValue)).reduce(into: []) { sources, name in
            let source = DocumentSource(rawValue: name)!
            if !sources.contains(source) { sources.append(source) }
        }
    }
}
