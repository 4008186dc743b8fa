import Hummingbird
import TranscriptIndex

/// The endpoints. Each answers with the same JSON body as the matching CLI command's `--json`, built by the
/// same code in TranscriptIndex: one code path for both.
struct Routes<Context: RequestContext> {
    let database: IndexDatabase

    func register(on router: Router<Context>) {
        get("/v1/search", on: router) { request, _ in try await search(request) }
        get("/v1/transcriptions/:sid", on: router) { _, context in
            let sid = try context.parameters.require("sid")
            // Any source's document: a transcription (TR…) or an Intelligence transcript (GT…).
            return Response.json(try await database.documentAsync(sid: sid).json)
        }
        get("/v1/stats", on: router) { _, _ in Response.json(try await database.statsAsync().json) }
        get("/healthz", on: router) { _, _ in
            let health = try await database.healthAsync()
            return Response.json(.object([
                ("status", .string("ok")),
                ("schema_version", .string(health.schemaVersion)),
                ("transcriptions", .int(Int64(health.transcriptions))),
            ]))
        }
    }

    /// GET, and HEAD with the same handler (ErrorBodyMiddleware drops HEAD's body): uptime checkers use HEAD.
    private func get(_ path: RouterPath, on router: Router<Context>,
                     _ handler: @escaping @Sendable (Request, Context) async throws -> Response) {
        router.on(path, method: .get, use: handler)
        router.on(path, method: .head, use: handler)
    }

    private func search(_ request: Request) async throws -> Response {
        let query = try FormQuery(request.uri.query)
        if let unknown = query.pairs.first(where: { !Endpoints.searchParameters.contains($0.name) }) {
            throw APIError.badRequest("unknown parameter \(unknown.name); known: "
                + Endpoints.searchParameters.sorted().joined(separator: ", "))
        }
        let parameters = SearchParameters(
            query: try query.single("q"), from: try query.single("from"), to: try query.single("to"),
            statuses: query.values("status"), sources: query.values("source"), languages: query.values("language"),
            speaker: try query.single("speaker"),
            callSid: try query.single("call_sid"), recordingSid: try query.single("recording_sid"),
            accountSid: try query.single("account_sid"), sort: try query.single("sort"),
            limit: try query.single("limit"), cursor: try query.single("cursor"))
        let page = try await database.searchAsync(try parameters.validated())
        return Response.json(page.json)
    }
}

/// What the API serves, for the middleware that answers 405 and for parameter checking.
enum Endpoints {
    static let searchParameters: Set<String> = [
        "q", "from", "to", "status", "source", "language", "speaker", "call_sid", "recording_sid", "account_sid", "sort", "limit", "cursor",
    ]

    static func isKnown(path: String) -> Bool {
        ["/v1/search", "/v1/stats", "/healthz"].contains(path) || path.hasPrefix("/v1/transcriptions/")
    }
}
