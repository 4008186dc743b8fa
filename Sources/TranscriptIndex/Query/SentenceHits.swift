import GRDB

/// One sentence of a result that contains the match: where it is in the media, who said it, and its text with
/// the matched words marked.
public struct SentenceHit: Sendable, Equatable {
    public var index: Int
    /// Seconds from the start of the media.
    public var startTime: Double?
    public var endTime: Double?
    /// The participant's role as Twilio labels it ("Agent", "Customer").
    public var speaker: String?
    public var speakerName: String?
    /// The sentence (non-speech tags removed) with `\u{1}`…`\u{2}` around matches, like a snippet.
    public var text: Snippet
}

/// Adds to each result with sentences (Intelligence transcripts) the sentences that contain the query's words:
/// at most three per result, best first — from the `--speaker` only, when one is asked for.
struct SentenceHits {
    static let perResult = 3
    /// Sentences are looked for in the first results only, and in at most this many sentences in all: the
    /// matcher runs outside the query's deadline (its own in-memory database), so its work must be bounded
    /// whatever `limit` a client asks for and however long its calls are.
    static let results = 50
    static let maxSentences = 6_000

    let request: SearchRequest

    func attach(to page: inout SearchPage, ids: [Int64], _ db: Database) throws {
        guard let expression = request.query.anyRequiredExpression, !ids.isEmpty else { return }
        let ids = Array(ids.prefix(Self.results))
        var arguments: StatementArguments = [JSONText.integers(ids)]
        var speakerTerm = ""
        if let speaker = request.speaker {
            speakerTerm = "AND (lower(speaker) = lower(?) OR lower(speaker_name) = lower(?))"
            arguments += [speaker, speaker]
        }
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT document_id, sentence_index, speaker, speaker_name, start_time, end_time, text FROM sentences
            WHERE document_id IN (SELECT value FROM json_each(?)) \(speakerTerm)
            ORDER BY document_id, sentence_index LIMIT \(Self.maxSentences)
            """), arguments: arguments)
        guard !rows.isEmpty else { return }
        let texts = rows.enumerated().map { (key: Int64($0.offset), text: NonSpeechTags.removed(from: $0.element["text"])) }
        var byDocument: [Int64: [SentenceHit]] = [:]
        for match in try SentenceMatcher.matches(texts, expression: expression) {
            let row = rows[Int(match.key)]
            let document: Int64 = row["document_id"]
            guard byDocument[document, default: []].count < Self.perResult else { continue }
            byDocument[document, default: []].append(SentenceHit(
                index: row["sentence_index"], startTime: row["start_time"], endTime: row["end_time"],
                speaker: row["speaker"], speakerName: row["speaker_name"], text: Snippet(marked: match.marked)))
        }
        let hasSentences = Set(rows.map { $0["document_id"] as Int64 })
        for (position, id) in zip(page.hits.indices, ids) where hasSentences.contains(id) {
            page.hits[position].sentences = byDocument[id] ?? []
        }
    }
}
