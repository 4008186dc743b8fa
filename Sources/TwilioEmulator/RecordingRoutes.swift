import Hummingbird

/// `GET …/Recordings.json` (with its filters) and `…/Recordings/{Sid}.json`.
struct RecordingRoutes {
    let store: EmulatorStore

    func register(on router: RouterGroup<EmulatorRequestContext>) {
        router.get(RouterPath(EmulatorEndpoint.listRecordings.routePath)) { request, _ in
            try list(request)
        }
        router.get(RouterPath(EmulatorEndpoint.fetchRecording.routePath)) { request, context in
            try fetch(request, context)
        }
    }

    private func list(_ request: Request) throws -> Response {
        let query = QueryParameters(request.uri.query)
        let paging = try PagingRequest(query: query)
        let filter = try RecordingFilter(query: query)
        let slice = store.recordingPage(paging.token, size: paging.pageSize, filter: filter)
        let (next, previous) = neighbours(of: slice, paging: paging, position: \.recordingPosition)
        let filters = RecordingFilter.queryKeys.compactMap { name in query[name].map { (name: name, value: $0) } }
        return .json(ListPageJSON(listPath: request.uri.path, key: "recordings", filters: filters, paging: paging,
                                  items: slice.calls.map { $0.recordingJSON() }, next: next,
                                  previous: previous).render())
    }

    /// Soft-deleted recordings exist only for callers that ask for them with IncludeSoftDeleted=true.
    private func fetch(_ request: Request, _ context: EmulatorRequestContext) throws -> Response {
        let includeSoftDeleted = QueryParameters(request.uri.query)["IncludeSoftDeleted"]?.lowercased() == "true"
        guard let sid = context.parameters.get("Sid"), let call = store.recording(sid: sid),
              includeSoftDeleted || call.recordingStatus != "deleted" else {
            throw TwilioAPIError.notFound(path: request.uri.path)
        }
        return .json(call.recordingJSON())
    }
}
