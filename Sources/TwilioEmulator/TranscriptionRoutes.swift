import Hummingbird
import TwilioCorpus

/// `GET …/Transcriptions.json`, `…/Transcriptions/{Sid}.json` and `…/Transcriptions/{Sid}.txt`.
struct TranscriptionRoutes {
    let store: EmulatorStore

    func register(on router: RouterGroup<EmulatorRequestContext>) {
        router.get(RouterPath(EmulatorEndpoint.listTranscriptions.routePath)) { request, _ in
            try list(request)
        }
        router.get(RouterPath(EmulatorEndpoint.fetchTranscription.routePath)) { request, context in
            Response.json(try transcription(request, context).transcriptionJSON(includeText: true))
        }
        router.get(RouterPath(EmulatorEndpoint.fetchTranscriptionText.routePath)) { request, context in
            Response.plainText(try transcription(request, context).text ?? "")
        }
    }

    private func list(_ request: Request) throws -> Response {
        let paging = try PagingRequest(query: QueryParameters(request.uri.query))
        let slice = store.transcriptionPage(paging.token, size: paging.pageSize)
        let (next, previous) = neighbours(of: slice, paging: paging, position: \.transcriptionPosition)
        let items = slice.calls.map { call in
            call.transcriptionJSON(includeText: !store.listOmitsText(transcriptionSid: call.transcriptionSid))
        }
        return .json(ListPageJSON(listPath: request.uri.path, key: "transcriptions", filters: [], paging: paging,
                                  items: items, next: next, previous: previous).render())
    }

    private func transcription(_ request: Request, _ context: EmulatorRequestContext) throws -> GeneratedCall {
        guard let sid = context.parameters.get("Sid"), let call = store.transcription(sid: sid) else {
            throw TwilioAPIError.notFound(path: request.uri.path)
        }
        return call
    }
}

/// The tokens of the pages around `slice`: forward after its last item, backward before its first.
func neighbours(of slice: ListSlice, paging: PagingRequest,
                position: (GeneratedCall) -> ListPosition) -> (next: PageToken?, previous: PageToken?) {
    guard let first = slice.calls.first, let last = slice.calls.last else { return (nil, nil) }
    switch paging.token {
    case .before:
        // Read backwards: the page we came from lies ahead; `hasMore` tells about the ones behind.
        return (.after(position(last)), slice.hasMore ? .before(position(first)) : nil)
    case .after, nil:
        return (slice.hasMore ? .after(position(last)) : nil, paging.page > 0 ? .before(position(first)) : nil)
    }
}
