import Hummingbird
import TranscriptIndex

/// Without a token the server trusts that only this machine can reach it. A web page can break that trust by
/// DNS rebinding (its own domain re-pointed at 127.0.0.1, so the browser lets it read the answers), so requests
/// must also *name* this machine in their Host header: 127.0.0.1, localhost or [::1], any port.
struct LoopbackHostMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        let host = request.head.authority ?? ""
        guard LoopbackAddress.contains(host: Self.hostname(host)) else {
            throw APIError(status: .forbidden, code: "forbidden_host",
                           message: "this server answers requests addressed to 127.0.0.1, localhost or [::1] only")
        }
        return try await next(request, context)
    }

    /// "127.0.0.1:8080" → "127.0.0.1", "[::1]:8080" → "::1", "localhost" → "localhost".
    static func hostname(_ authority: String) -> String {
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            return String(authority[authority.index(after: authority.startIndex)..<close])
        }
        if authority.filter({ $0 == ":" }).count == 1, let colon = authority.firstIndex(of: ":") {
            return String(authority[..<colon])
        }
        return authority
    }
}
