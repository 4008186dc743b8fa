import Hummingbird

/// Requires `Authorization: Bearer <token>` when a token is configured. The comparison takes the same time
/// whatever the first differing byte, so response timing does not reveal the token a prefix at a time.
struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: [UInt8]

    init(token: String) { self.token = Array(token.utf8) }

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        let header = request.headers[.authorization] ?? ""
        // The scheme name is case-insensitive (RFC 9110 §11.1).
        let presented = header.lowercased().hasPrefix("bearer ") ? Array(header.utf8.dropFirst(7)) : []
        guard Self.constantTimeEquals(presented, token) else {
            throw APIError(status: .unauthorized, code: "unauthorized",
                           message: "a bearer token is required (Authorization: Bearer …)",
                           headers: [.wwwAuthenticate: "Bearer realm=\"transcripts\""])
        }
        return try await next(request, context)
    }

    static func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        var difference: UInt8 = 0
        for index in 0..<max(lhs.count, rhs.count) {
            let a = index < lhs.count ? lhs[index] : 0
            let b = index < rhs.count ? rhs[index] : 0
            difference |= a ^ b
        }
        return difference == 0 && lhs.count == rhs.count
    }
}
