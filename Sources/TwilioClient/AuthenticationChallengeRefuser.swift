import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// Works around swift-corelibs-foundation #5456: a 401 carrying `WWW-Authenticate: Basic` (which Twilio sends)
/// raises an authentication challenge, and without a delegate answering it the task never completes, whatever
/// its timeout. The client sends its Authorization header pre-emptively, so a challenge can only mean the
/// credentials were refused: this delegate cancels it at once and remembers the URL, so the cancelled request
/// can be reported as `TwilioError.authenticationFailed` rather than as a cancellation.
///
/// It also refuses redirects (below). It must be the *session's* delegate: measured on Swift 6.3.1, a per-task delegate passed to
/// `data(for:delegate:)` is not consulted for challenges and the request still hangs.
final class AuthenticationChallengeRefuser: NSObject, URLSessionTaskDelegate, Sendable {
    /// Refused challenges not yet claimed by the request that caused them, by URL.
    private let refused = Mutex<[String: Int]>([:])
    private let metrics: TwilioRequestMetrics

    init(metrics: TwilioRequestMetrics) {
        self.metrics = metrics
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didReceive challenge: URLAuthenticationChallenge,
                    completionHandler: @escaping @Sendable (URLSession.AuthChallengeDisposition, URLCredential?) -> Void) {
        if let url = task.originalRequest?.url?.absoluteString {
            refused.withLock { $0[url, default: 0] += 1 }
        }
        metrics.update { $0.refusedChallenges += 1 }
        completionHandler(.cancelAuthenticationChallenge, nil)
    }

    /// Redirects are not followed: Twilio's API does not redirect, and URLSession would replay the Authorization
    /// header to whatever host and scheme the redirect names (measured: a 302 to another host received the
    /// account SID and token). The 3xx itself then comes back as the answer, and fails as an HTTP error.
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        completionHandler(nil)
    }

    /// True (once per refusal) when the request to `url` ended because its challenge was refused.
    func claimRefusal(for url: URL) -> Bool {
        refused.withLock { refused in
            guard let count = refused[url.absoluteString], count > 0 else { return false }
            refused[url.absoluteString] = count == 1 ? nil : count - 1
            return true
        }
    }
}
