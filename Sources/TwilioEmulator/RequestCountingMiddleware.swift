import Hummingbird

/// Files every request under its route template and outcome. Sits outermost on the Twilio routes so that
/// faults and authentication failures are counted too.
struct RequestCountingMiddleware: RouterMiddleware {
    let stats: RequestStats

    func handle(_ request: Request, context: EmulatorRequestContext,
                next: (Request, EmulatorRequestContext) async throws -> Response) async throws -> Response {
        let endpoint = "\(request.method) \(context.endpointPath ?? request.uri.path)"
        do {
            let response = try await next(request, context)
            stats.record(endpoint: endpoint, outcome: String(response.status.code))
            return response
        } catch let error as HTTPResponseError {
            stats.record(endpoint: endpoint, outcome: String(error.status.code))
            throw error
        } catch is ConnectionDropped {
            stats.record(endpoint: endpoint, outcome: RequestStats.dropped)
            throw ConnectionDropped()
        } catch {
            stats.record(endpoint: endpoint, outcome: "500")
            throw error
        }
    }
}
