import TranscriptIndex
import TwilioClient

/// Every transcription, following next_page_uri until it is null.
func walkTranscriptions(_ client: TwilioClient, pageSize: Int,
                        betweenPages: (Int) async throws -> Void = { _ in }) async throws -> (items: [Transcription], pages: Int) {
    var page = try await client.transcriptionsPage(pageSize: pageSize)
    var items = page.items, pages = 1
    while let next = page.nextPageURI {
        try await betweenPages(pages)
        page = try await client.transcriptionsPage(following: next)
        items += page.items
        pages += 1
    }
    return (items, pages)
}

func walkRecordings(_ client: TwilioClient, _ query: RecordingQuery, pageSize: Int) async throws -> [Recording] {
    var page = try await client.recordingsPage(query, pageSize: pageSize)
    var items = page.items
    while let next = page.nextPageURI {
        page = try await client.recordingsPage(following: next)
        items += page.items
    }
    return items
}
