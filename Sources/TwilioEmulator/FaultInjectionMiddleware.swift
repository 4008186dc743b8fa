import Hummingbird

/// Thrown after a request's connection was closed on purpose; there is no response left to send.
struct ConnectionDropped: Error {}

/// Applies the injector's latency and fault to each Twilio API request before it is authenticated or served,
/// as a rate limiter or a failing load balancer in front of Twilio would.
struct FaultInjectionMiddleware: RouterMiddleware {
    let injector: FaultInjector

    func handle(_ request: Request, context: EmulatorRequestContext,
                next: (Request, EmulatorRequestContext) async throws -> Response) async throws -> Response {
        let (fault, latency) = injector.next()
        if latency > 0 { try await Task.sleep(for: .milliseconds(latency)) }
        switch fault {
        case .none:
            return try await next(request, context)
        case .rateLimited(let retryAfterSeconds):
            throw TwilioAPIError.tooManyRequests(retryAfterSeconds: retryAfterSeconds)
        case .serverError(let status):
            throw TwilioAPIError.serverError(status: status)
        case .dropConnection:
            // Hummingbird has no "no response" outcome: close the channel ourselves, then throw so nothing is
            // written (the error response it attempts goes to a closed channel and is discarded).
            context.dropConnection()
            throw ConnectionDropped()
        case .malformedBody:
            // What a cut-off response or a confused proxy delivers: 200 and JSON that stops mid-object.
            return .json("{\"first_page_uri\":\"\(request.uri.path)\",\"items\":[{\"sid\":")
        }
    }
}
