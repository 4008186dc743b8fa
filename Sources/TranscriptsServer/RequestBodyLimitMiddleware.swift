import Hummingbird
import NIOCore

/// No endpoint takes a body; a large one is refused with 413 `too_large` rather than received. A declared
/// `Content-Length` over the limit is refused at once. A chunked body declares no length, so it is read up to
/// the limit — and refused the moment it passes it, not after the whole upload (a 200 MB chunked body was
/// read to the end and answered 200). Either refusal says `Connection: close`: the rest of the body is never
/// read (CloseAfterResponseHandler closes the connection, with a short linger so the client sees the answer).
struct RequestBodyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    static var maxBodyLength: Int { 65_536 }

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await answer(request, context: context, next: next)
        // Outside ErrorBodyMiddleware (a body is refused whatever the method or path), so HEAD is handled here too.
        if request.method == .head { response.body = ResponseBody() }
        return response
    }

    private func answer(_ request: Request, context: Context,
                        next: (Request, Context) async throws -> Response) async throws -> Response {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > Self.maxBodyLength {
            return Self.refusal("request bodies are not accepted (\(length) bytes)")
        }
        guard request.headers[.transferEncoding] != nil else { return try await next(request, context) }
        var request = request
        do {
            _ = try await request.collectBody(upTo: Self.maxBodyLength)
        } catch is NIOTooManyBytesError {
            return Self.refusal("request bodies are not accepted (more than \(Self.maxBodyLength) bytes)")
        } catch let error where MalformedRequestHandler.problem(error) != nil {
            var problem = MalformedRequestHandler.problem(error)!
            problem.headers[.connection] = "close"
            return problem.response
        }
        return try await next(request, context)
    }

    private static func refusal(_ message: String) -> Response {
        APIError(status: .contentTooLarge, code: "too_large", message: message, headers: [.connection: "close"]).response
    }
}
