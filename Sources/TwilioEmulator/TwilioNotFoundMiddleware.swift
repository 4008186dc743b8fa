import Hummingbird

/// Answers unknown paths with Twilio's 20404 JSON body instead of Hummingbird's plain 404, so a client that
/// builds a wrong URL sees what it would see from Twilio.
struct TwilioNotFoundMiddleware: RouterMiddleware {
    func handle(_ request: Request, context: EmulatorRequestContext,
                next: (Request, EmulatorRequestContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            throw TwilioAPIError.notFound(path: request.uri.path)
        }
    }
}
