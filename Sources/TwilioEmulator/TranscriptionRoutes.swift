import Hummingbird
import TwilioCorpus

/// The Transcription resource at both of Twilio's paths: the account's (`…/Transcriptions.json`,
/// `…/Transcriptions/{Sid}.json` GET and DELETE, `…/Transcriptions/{Sid}.txt`) and a recording's
/// (`…/Recordings/{RecordingSid}/Transcriptions.json`, `…/Transcriptions/{Sid}.json` GET and DELETE under it).
/// Both render the same items (whose `uri` stays the account-level one, as on Twilio) and page alike.
struct TranscriptionRoutes {
    let store: EmulatorStore

    func register(on router: RouterGroup<EmulatorRequestContext>) {
        router.get(RouterPath(EmulatorEndpoint.listTranscriptions.routePath)) { request, _ in
            try list(request, recordingSid: nil)
        }
        router.get(RouterPath(EmulatorEndpoint.fetchTranscription.routePath)) { request, context in
            Response.json(try transcription(request, context).transcriptionJSON(includeText: true))
        }
        router.delete(RouterPath(EmulatorEndpoint.deleteTranscription.routePath)) { request, context in
            try delete(request, context)
        }
        router.get(RouterPath(EmulatorEndpoint.fetchTranscriptionText.routePath)) { request, context in
            Response.plainText(try transcription(request, context).text ?? "")
        }
        router.get(RouterPath(EmulatorEndpoint.listRecordingTranscriptions.routePath)) { request, context in
            try list(request, recordingSid: try context.parameters.require("RecordingSid"))
        }
        router.get(RouterPath(EmulatorEndpoint.fetchRecordingTranscription.routePath)) { request, context in
            Response.json(try transcription(request, context).transcriptionJSON(includeText: true))
        }
        router.delete(RouterPath(EmulatorEndpoint.deleteRecordingTranscription.routePath)) { request, context in
            try delete(request, context)
        }
    }

    /// A recording's list is its transcriptions, empty when it has none (Twilio documents no 404 for it).
    private func list(_ request: Request, recordingSid: String?) throws -> Response {
        let paging = try PagingRequest(query: QueryParameters(request.uri.query))
        let slice = store.transcriptionPage(paging.token, size: paging.pageSize, ofRecording: recordingSid)
        let (next, previous) = neighbours(of: slice, paging: paging, position: \.transcriptionPosition)
        let items = slice.calls.map { call in
            call.transcriptionJSON(includeText: !store.listOmitsText(transcriptionSid: call.transcriptionSid))
        }
        return .json(ListPageJSON(listPath: request.uri.path, key: "transcriptions", filters: [], paging: paging,
                                  items: items, next: next, previous: previous).render())
    }

    /// The transcription the path names; under a recording, only that recording's.
    private func transcription(_ request: Request, _ context: EmulatorRequestContext) throws -> GeneratedCall {
        let recordingSid = context.parameters.get("RecordingSid")
        guard let sid = context.parameters.get("Sid"), let call = store.transcription(sid: sid),
              recordingSid == nil || call.recordingSid == recordingSid else {
            throw TwilioAPIError.notFound(path: request.uri.path)
        }
        return call
    }

    /// 204 with an empty body, as Twilio answers; the recording stays.
    private func delete(_ request: Request, _ context: EmulatorRequestContext) throws -> Response {
        guard let sid = context.parameters.get("Sid"),
              store.deleteTranscription(sid: sid, ofRecording: context.parameters.get("RecordingSid")) else {
            throw TwilioAPIError.notFound(path: request.uri.path)
        }
        return Response(status: .noContent)
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
