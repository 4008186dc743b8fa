import Foundation

/// Everything that can go wrong talking to Twilio, worded for the person running the harvest. Paths are URL
/// paths without host or credentials; no case carries a secret.
public indirect enum TwilioError: Error, Sendable, Equatable, CustomStringConvertible {
    /// HTTP 401: the credentials were refused. Never retried.
    case authenticationFailed(accountSid: String)
    /// HTTP 403: authenticated, but not allowed. Never retried.
    case forbidden(accountSid: String, path: String, body: TwilioErrorBody?)
    /// Any other unsuccessful HTTP status.
    case http(status: Int, path: String, body: TwilioErrorBody?)
    /// A 2xx body that is not the JSON expected.
    case malformedResponse(path: String, detail: String)
    /// No HTTP response: timeouts, refused or dropped connections, DNS failures (`URLError` code and text).
    case transport(path: String, code: Int, detail: String)
    /// A `next_page_uri` that is not a path on the API host.
    case invalidPageURI(String)
    case invalidAPIBase(String, reason: String)
    /// The retry budget ran out; `lastError` is what the final attempt got.
    case gaveUp(attempts: Int, lastError: TwilioError)

    public var description: String {
        switch self {
        case .authenticationFailed(let accountSid):
            return "Twilio refused the credentials for account \(accountSid) (HTTP 401, error 20003): "
                + "check the auth token, or the API key and secret and that the key belongs to this account"
        case .forbidden(let accountSid, let path, let body):
            return "Twilio forbids account \(accountSid) access to \(path) (HTTP 403)" + Self.suffix(body)
        case .http(let status, let path, let body):
            return "Twilio answered HTTP \(status) for \(path)" + Self.suffix(body)
        case .malformedResponse(let path, let detail):
            return "malformed response from Twilio for \(path): \(detail)"
        case .transport(let path, let code, let detail):
            return "no response from Twilio for \(path): \(detail) (URLError \(code))"
        case .invalidPageURI(let uri):
            // Never followed, and never repeated whole: a URL with user info may carry a secret.
            let shown = uri.contains("@") ? "(a URL with credentials in it, not shown)" : uri
            return "Twilio's next page is not on the API host and path it was asked of, so it is not followed: \(shown)"
        case .invalidAPIBase(let text, let reason):
            return "invalid API base URL \(text): \(reason)"
        case .gaveUp(let attempts, let lastError):
            return "gave up after \(attempts) attempts: \(lastError)"
        }
    }

    /// True for the errors that stop a harvest at once whatever the retry budget: bad credentials.
    public var isAuthenticationFailure: Bool {
        switch self {
        case .authenticationFailed, .forbidden: return true
        case .gaveUp(_, let last): return last.isAuthenticationFailure
        default: return false
        }
    }

    /// True when the last attempt got a 2xx whose body failed its checks (after the retries, when retried).
    public var isMalformedBody: Bool {
        switch self {
        case .malformedResponse: return true
        case .gaveUp(_, let last): return last.isMalformedBody
        default: return false
        }
    }

    private static func suffix(_ body: TwilioErrorBody?) -> String {
        guard let body else { return "" }
        let text = body.description
        return text.isEmpty ? "" : ": " + text
    }
}
