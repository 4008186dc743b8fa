import TranscriptIndex
import TwilioClient
import TwilioHarvest

/// Reads the sentences and operator results of the transcripts that need them, a few at a time, and maps each
/// transcript to its document. A transcript whose sentences answer 404 was deleted since it was listed.
struct ContentReader {
    let client: TwilioClient
    let width: Int

    struct Outcome {
        var documents: [IntelligenceDocument]
        var vanished: [String]
        /// Transcripts whose content was read.
        var fetched: Int
    }

    func read(_ items: [TranscriptJSON], needsContent: (TranscriptJSON) -> Bool) async throws -> Outcome {
        let wanted = items.filter(needsContent)
        let client = self.client
        let contents: [(String, IntelligenceDocument.Content?)] = try await boundedMap(wanted, width: width) { item in
            let sid = item.sid!
            // Twilio's default variant: redacted whenever the Service redacts (`redaction`); what was asked for
            // is recorded with the content — as not redacted only when the transcript says it has no redaction
            // (then both variants are the same text).
            let redacted = item.redaction ?? true
            do {
                let sentences: [SentenceJSON] = try await Self.all(client, sid: sid, .sentences, redacted: redacted,
                                                                   pageSize: IntelligenceSource.sentencesPageSize)
                let results: [OperatorResultJSON] = try await Self.all(
                    client, sid: sid, .operatorResults, redacted: redacted,
                    pageSize: IntelligenceSource.operatorResultsPageSize)
                return (sid, IntelligenceDocument.Content(sentences: sentences, results: results,
                                                          participants: item.participants,
                                                          redacted: redacted && item.redaction != false))
            } catch TwilioError.http(status: 404, _, _) {
                return (sid, nil)
            }
        }
        var content: [String: IntelligenceDocument.Content] = [:]
        var vanished: [String] = []
        for (sid, value) in contents {
            if let value { content[sid] = value } else { vanished.append(sid) }
        }
        var documents: [IntelligenceDocument] = []
        for item in items {
            guard var document = IntelligenceDocument(item), !vanished.contains(document.sid) else { continue }
            document.content = content[document.sid]
            documents.append(document)
        }
        return Outcome(documents: documents, vanished: vanished, fetched: contents.count)
    }

    /// Every page of a transcript's subresource.
    private static func all<Item: Decodable & Sendable>(
        _ client: TwilioClient, sid: String, _ subresource: IntelligenceSubresource, redacted: Bool, pageSize: Int
    ) async throws -> [Item] {
        var page: TwilioMetaPage<Item> = try await client.intelligenceSubresourcePage(
            Item.self, transcriptSid: sid, subresource: subresource, redacted: redacted, pageSize: pageSize)
        var items = page.items
        while let next = page.nextPageURL {
            page = try await client.intelligencePage(Item.self, following: next,
                                                     key: subresource.key)
            items += page.items
        }
        return items
    }
}
