import Foundation

/// An Intelligence transcript with its content in one JSON object: the Transcript resource's fields plus
/// `"sentences"` and `"operator_results"` arrays, as `transcripts-corpus --intelligence-share` writes them and
/// the emulator's `GET /_emulator/intelligence/transcripts` returns them. What `import` reads for Intelligence:
/// Twilio has no export of its own, and the three resources joined are what a harvest stores.
/// Without `"sentences"` the record is the transcript alone (its stored sentences are kept).
struct IntelligenceBundle: Decodable {
    var document: IntelligenceDocument

    enum Keys: String, CodingKey {
        case sentences, operatorResults = "operator_results", readRedacted = "read_redacted"
    }

    init(from decoder: any Decoder) throws {
        let transcript = try TranscriptJSON(from: decoder)
        guard var document = IntelligenceDocument(transcript) else {
            throw IndexError(.invalidInput, "Intelligence transcript sid is missing or not GT followed by 32 hex digits")
        }
        let container = try decoder.container(keyedBy: Keys.self)
        // Only a completed transcript has content; the empty arrays of a queued one are not "read, no words".
        if transcript.status == "completed",
           let sentences = try container.decodeIfPresent([SentenceJSON].self, forKey: .sentences) {
            let results = try container.decodeIfPresent([OperatorResultJSON].self, forKey: .operatorResults) ?? []
            // A bundle carries the variant it was read in; the emulator's truth and the corpus are unredacted.
            let redacted = try container.decodeIfPresent(Bool.self, forKey: .readRedacted) ?? false
            document.content = IntelligenceDocument.Content(sentences: sentences, results: results,
                                                            participants: transcript.participants, redacted: redacted)
        }
        self.document = document
    }
}
