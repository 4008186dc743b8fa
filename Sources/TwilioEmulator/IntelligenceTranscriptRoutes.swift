import Hummingbird
import TwilioCorpus

/// Conversational Intelligence v2 Transcripts: `GET /v2/Transcripts` (filters, v2 paging, newest date_created
/// first), `GET` and `DELETE /v2/Transcripts/{Sid}` (404 when absent, 204 on delete: there is no soft delete).
struct IntelligenceTranscriptRoutes {
    let store: IntelligenceStore

    func register(on router: RouterGroup<EmulatorRequestContext>) {
        router.get(RouterPath(EmulatorEndpoint.listIntelligenceTranscripts.routePath)) { request, _ in
            try list(request)
        }
        router.get(RouterPath(EmulatorEndpoint.fetchIntelligenceTranscript.routePath)) { request, context in
            Response.json(try store.requireTranscript(request, context).json(base: request.absoluteBase))
        }
        router.delete(RouterPath(EmulatorEndpoint.deleteIntelligenceTranscript.routePath)) { request, context in
            guard let sid = context.parameters.get("Sid"), store.delete(sid: sid) else {
                throw TwilioAPIError.notFound(path: request.uri.path)
            }
            return Response(status: .noContent)
        }
    }

    private func list(_ request: Request) throws -> Response {
        let query = QueryParameters(request.uri.query)
        let paging = try PagingRequest(query: query)
        let filter = try TranscriptFilter(query: query)
        let (items, hasMore) = store.page(paging.token, size: paging.pageSize, filter: filter)
        let (next, previous) = pageNeighbours(items, hasMore: hasMore, paging: paging, position: \.listPosition)
        let base = request.absoluteBase
        return .json(V2ListPageJSON(base: base, listPath: request.uri.path, key: "transcripts",
                                    parameters: query.carried(TranscriptFilter.queryKeys), paging: paging,
                                    items: items.map { $0.json(base: base) }, next: next, previous: previous).render())
    }
}

extension IntelligenceStore {
    /// The transcript the path's `{Sid}` names, or Twilio's 404.
    func requireTranscript(_ request: Request, _ context: EmulatorRequestContext) throws -> GeneratedTranscript {
        guard let sid = context.parameters.get("Sid"), let transcript = transcript(sid: sid) else {
            throw TwilioAPIError.notFound(path: request.uri.path)
        }
        return transcript
    }

    /// An encrypted transcript's content is only served by the `/Encrypted` routes: Twilio answers 400 elsewhere.
    func requireUnencrypted(_ transcript: GeneratedTranscript, _ what: String) throws -> GeneratedTranscript {
        guard !transcript.isEncrypted else {
            throw TwilioAPIError.badRequest(
                code: 20001, message: "Transcript \(transcript.sid) is encrypted: read its \(what) from "
                    + "/v2/Transcripts/\(transcript.sid)/\(what == "sentences" ? "Sentences" : "OperatorResults")/Encrypted")
        }
        return transcript
    }
}

extension QueryParameters {
    /// Whether to serve the redacted variant: `Redacted` defaults to true, and only matters when the transcript
    /// has redaction.
    func servesRedacted(_ transcript: GeneratedTranscript) throws(TwilioAPIError) -> Bool {
        let asked = try boolean("Redacted") ?? true
        return transcript.redaction && asked
    }
}
