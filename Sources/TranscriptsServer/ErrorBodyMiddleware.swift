import Hummingbird
import TranscriptIndex

/// Turns every failure into the JSON error body: ours (APIError, IndexError), Hummingbird's (unknown route →
/// 404), and anything unexpected (→ 500 without details). Also answers 405 for known paths with other methods,
/// and 414 for URIs longer than any valid search needs. (Bodies: RequestBodyLimitMiddleware.)
struct ErrorBodyMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Above the longest valid request (a 4096-character query of 4-byte characters, percent-encoded, plus a
    /// cursor and filters is about 52 KB), so a URI is refused as too long only when no valid request is that long.
    static var maxURILength: Int { 65_536 }

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await answer(request, context: context, next: next)
        // HEAD routes run the GET handlers (see Routes); the answer keeps its status and headers, not its body.
        if request.method == .head { response.body = ResponseBody() }
        return response
    }

    private func answer(_ request: Request, context: Context,
                        next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.uri.description.utf8.count > Self.maxURILength {
            return APIError(status: .uriTooLong, code: "too_large",
                            message: "the URI is longer than \(Self.maxURILength) bytes").response
        }
        // (CORS preflights never get here: the CORS middleware, when configured, answers them first.)
        if request.method != .get, request.method != .head, Endpoints.isKnown(path: request.uri.path) {
            return APIError(status: .methodNotAllowed, code: "method_not_allowed",
                            message: "\(request.method) is not allowed here; use GET or HEAD",
                            headers: [.allow: "GET, HEAD"]).response
        }
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return error.response
        } catch let error as IndexError {
            return APIError(error).response
        } catch let error as HTTPError {
            switch error.status {
            case .notFound:
                return APIError(status: .notFound, code: "not_found",
                                message: "no such endpoint: \(request.uri.path)").response
            case .contentTooLarge:
                return APIError(status: .contentTooLarge, code: "too_large", message: "the request body is too large").response
            default:
                return APIError(status: error.status, code: "invalid_request",
                                message: error.status.reasonPhrase).response
            }
        } catch {
            context.logger.error("unexpected error: \(String(describing: type(of: error)))")
            return APIError(status: .internalServerError, code: "internal_error", message: "internal error").response
        }
    }
}
