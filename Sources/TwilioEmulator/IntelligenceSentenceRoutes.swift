import Hummingbird
import TwilioCorpus

/// `GET /v2/Transcripts/{Sid}/Sentences` (PageSize up to 5000, `Redacted` default true, `WordTimestamps`; 400 for an
/// encrypted transcript) and `GET …/Sentences/Encrypted` (`{"location", "transcript_sid", "url"}`, 404 when the
/// transcript is not encrypted). Sentences of a transcript that is not completed are an empty list.
struct IntelligenceSentenceRoutes {
    let store: IntelligenceStore

    func register(on router: RouterGroup<EmulatorRequestContext>) {
        router.get(RouterPath(EmulatorEndpoint.listTranscriptSentences.routePath)) { request, context in
            try list(request, context)
        }
        router.get(RouterPath(EmulatorEndpoint.fetchEncryptedSentences.routePath)) { request, context in
            let transcript = try store.requireTranscript(request, context)
            let query = QueryParameters(request.uri.query)
            _ = try query.boolean("Redacted")
            guard transcript.isEncrypted else { throw TwilioAPIError.notFound(path: request.uri.path) }
            let location = "https://com.twilio.us1.sentences.s3.amazonaws.com/\(transcript.sid)"
            return Response.json("{\"location\":\(jsonString(location)),\"transcript_sid\":\(jsonString(transcript.sid)),"
                + "\"url\":\(jsonString(request.absoluteBase + request.uri.path))}")
        }
    }

    private func list(_ request: Request, _ context: EmulatorRequestContext) throws -> Response {
        let transcript = try store.requireUnencrypted(store.requireTranscript(request, context), "sentences")
        let query = QueryParameters(request.uri.query)
        let paging = try PagingRequest(query: query, maximumPageSize: 5000)
        let redacted = try query.servesRedacted(transcript)
        let words = try query.boolean("WordTimestamps") ?? false
        let strings = store.rendersTimesAsStrings(transcriptSid: transcript.sid)
        let page = FixedListPaging.page(store.content(of: transcript).sentences, paging: paging, sid: \.sid)
        return .json(V2ListPageJSON(
            base: request.absoluteBase, listPath: request.uri.path, key: "sentences",
            parameters: query.carried(["Redacted", "WordTimestamps"]), paging: paging,
            items: page.items.map { $0.json(redacted: redacted, timesAsStrings: strings, wordTimestamps: words) },
            next: page.next, previous: page.previous).render())
    }
}
