import Hummingbird
import Logging

/// One log line per request: method, path, status and latency. The query string (search words, SIDs) only
/// with `--log-queries`: transcripts are personal data and so are the questions asked of them.
struct AccessLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let logQueries: Bool
    let logger: Logger

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        var metadata: Logger.Metadata = [
            "method": "\(request.method)", "path": "\(request.uri.path)",
            "status": "\(response.status.code)", "ms": "\((milliseconds * 100).rounded() / 100)",
        ]
        if logQueries, let query = request.uri.query { metadata["query"] = "\(query)" }
        logger.info("request", metadata: metadata)
        return response
    }
}
