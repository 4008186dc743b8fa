import Foundation
import Hummingbird

/// HTTP Basic authentication as Twilio does it: the user is the Account SID (password: its Auth Token) or an
/// API key SID (password: the key's secret), and the account is the one in the path. v2 APIs (Intelligence) have
/// no account in the path: there the credentials alone name it.
struct TwilioBasicAuthMiddleware: RouterMiddleware {
    let accountSid: String
    let authToken: String
    let apiKeys: [String: String]
    /// False for v2 routes: the account is the credentials' own.
    var accountInPath = true

    func handle(_ request: Request, context: EmulatorRequestContext,
                next: (Request, EmulatorRequestContext) async throws -> Response) async throws -> Response {
        let pathAccount = accountInPath ? context.parameters.get("AccountSid") ?? "" : accountSid
        guard let (user, password) = Self.basicCredentials(request.headers[.authorization]) else {
            throw TwilioAPIError.authenticate(detail: "Authentication Error - No credentials provided")
        }
        if user == accountSid, password == authToken {
            // Authenticated, but the resource belongs to another account: to this caller it does not exist.
            guard pathAccount == accountSid else { throw TwilioAPIError.notFound(path: request.uri.path) }
        } else if let secret = apiKeys[user], secret == password {
            // An API key only authenticates for the account that owns it, and that account is named by the path.
            guard pathAccount == accountSid else {
                throw TwilioAPIError.authenticate(detail: "Your API key does not belong to account \(pathAccount).")
            }
        } else {
            throw TwilioAPIError.authenticate(detail: "Your AccountSid or AuthToken was incorrect.")
        }
        return try await next(request, context)
    }

    /// ("user", "password") from "Basic base64(user:password)".
    static func basicCredentials(_ header: String?) -> (String, String)? {
        guard let header, header.lowercased().hasPrefix("basic "),
              let data = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
              let decoded = String(data: data, encoding: .utf8),
              let colon = decoded.firstIndex(of: ":") else { return nil }
        return (String(decoded[..<colon]), String(decoded[decoded.index(after: colon)...]))
    }
}
