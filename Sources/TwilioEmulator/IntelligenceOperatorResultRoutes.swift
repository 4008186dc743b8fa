import Hummingbird
import TwilioCorpus

/// `GET /v2/Transcripts/{Sid}/OperatorResults` (v2 paging, `Redacted`), `…/OperatorResults/{OperatorSid}` (one
/// operator's result; the path names the operator, LY…) and `…/OperatorResults/Encrypted` (`locations[]`). With
/// redaction, generative results are wholly masked unless `Redacted=false`. Encrypted transcripts answer 400 on
/// the plain routes, as their sentences do.
struct IntelligenceOperatorResultRoutes {
    let store: IntelligenceStore

    func register(on router: RouterGroup<EmulatorRequestContext>) {
        router.get(RouterPath(EmulatorEndpoint.listOperatorResults.routePath)) { request, context in
            let (transcript, results, redacted) = try resolve(request, context)
            let query = QueryParameters(request.uri.query)
            let paging = try PagingRequest(query: query)
            let page = FixedListPaging.page(results, paging: paging, sid: \.operatorSid)
            let base = request.absoluteBase
            return Response.json(V2ListPageJSON(
                base: base, listPath: request.uri.path, key: "operator_results",
                parameters: query.carried(["Redacted"]), paging: paging,
                items: page.items.map { $0.json(transcriptSid: transcript.sid, base: base, redacted: redacted) },
                next: page.next, previous: page.previous).render())
        }
        router.get(RouterPath(EmulatorEndpoint.fetchOperatorResult.routePath)) { request, context in
            let (transcript, results, redacted) = try resolve(request, context)
            guard let result = results.first(where: { $0.operatorSid == context.parameters.get("OperatorSid") }) else {
                throw TwilioAPIError.notFound(path: request.uri.path)
            }
            return Response.json(result.json(transcriptSid: transcript.sid, base: request.absoluteBase, redacted: redacted))
        }
        router.get(RouterPath(EmulatorEndpoint.fetchEncryptedOperatorResults.routePath)) { request, context in
            let transcript = try store.requireTranscript(request, context)
            _ = try QueryParameters(request.uri.query).boolean("Redacted")
            guard transcript.isEncrypted else { throw TwilioAPIError.notFound(path: request.uri.path) }
            let locations = (1...2).map {
                jsonString("https://com.twilio.us1.operatorresults.s3.amazonaws.com/\(transcript.sid)/OperatorResults\($0)")
            }
            return Response.json("{\"locations\":[\(locations.joined(separator: ","))],"
                + "\"transcript_sid\":\(jsonString(transcript.sid)),"
                + "\"url\":\(jsonString(request.absoluteBase + request.uri.path))}")
        }
    }

    /// The transcript, its results and whether generative ones are masked.
    private func resolve(_ request: Request, _ context: EmulatorRequestContext) throws
        -> (GeneratedTranscript, [GeneratedOperatorResult], Bool) {
        let transcript = try store.requireUnencrypted(store.requireTranscript(request, context), "operator results")
        let redacted = try QueryParameters(request.uri.query).servesRedacted(transcript)
        return (transcript, store.content(of: transcript).operatorResults, redacted)
    }
}
