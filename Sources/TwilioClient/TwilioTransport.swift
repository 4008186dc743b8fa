import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging

/// GET requests over one long-lived URLSession, with pre-emptive Basic auth, the challenge workaround, and
/// retries with backoff. Returns the body of a 2xx answer (or reports 404 when the caller treats it as an
/// answer); every other outcome becomes a `TwilioError`.
final class TwilioTransport: Sendable {
    private let session: URLSession
    private let refuser: AuthenticationChallengeRefuser
    private let credentials: Credentials
    private let configuration: TwilioClientConfiguration
    private let metrics: TwilioRequestMetrics
    private let logger: Logger

    init(credentials: Credentials, configuration: TwilioClientConfiguration, metrics: TwilioRequestMetrics,
         logger: Logger) {
        self.credentials = credentials
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
        refuser = AuthenticationChallengeRefuser(metrics: metrics)
        // Ephemeral: no cookie, cache or credential storage on disk; the secret lives only in this process.
        let sessionConfiguration = URLSessionConfiguration.ephemeral
        sessionConfiguration.timeoutIntervalForRequest = configuration.requestTimeout
        sessionConfiguration.timeoutIntervalForResource = configuration.resourceTimeout
        sessionConfiguration.httpMaximumConnectionsPerHost = configuration.maximumConnectionsPerHost
        sessionConfiguration.requestCachePolicy = .reloadIgnoringLocalCacheData
        sessionConfiguration.urlCache = nil
        sessionConfiguration.httpCookieStorage = nil
        sessionConfiguration.urlCredentialStorage = nil
        session = URLSession(configuration: sessionConfiguration, delegate: refuser, delegateQueue: nil)
    }

    /// Lets in-flight requests finish, then releases the session (which holds its delegate until invalidated).
    func invalidate() {
        session.finishTasksAndInvalidate()
    }

    /// What `read` makes of the body of `url`, or nil for a 404 when `notFoundIsAnswer`.
    ///
    /// A 2xx body is data only once it passed two checks: its `Content-Type` is `mediaType`, and `read` accepts
    /// it (decodes it, checks its shape) without throwing `TwilioError.malformedResponse`. A body that fails
    /// either is a fault of the network or of a proxy, like a 5xx: it is retried, and never returned.
    func get<Value>(_ url: URL, mediaType: String, notFoundIsAnswer: Bool,
                    read: (Data) throws -> Value) async throws -> Value? {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData,
                                 timeoutInterval: configuration.requestTimeout)
        request.setValue(credentials.authorizationHeaderValue, forHTTPHeaderField: "Authorization")
        request.setValue(mediaType, forHTTPHeaderField: "Accept")
        request.setValue("utf-8", forHTTPHeaderField: "Accept-Charset")
        request.setValue(configuration.userAgent, forHTTPHeaderField: "User-Agent")

        var random = SystemRandomNumberGenerator()
        var attempt = 1
        while true {
            try Task.checkCancellation()
            metrics.update { $0.requests += 1 }
            var outcome: Outcome<Value>
            do {
                let (data, response) = try await DeadlineRequest.data(
                    for: request, in: session, deadline: .seconds(configuration.resourceTimeout))
                outcome = classify(data, response, url: url, notFoundIsAnswer: notFoundIsAnswer)
            } catch {
                outcome = try classify(error, url: url)
            }
            if case .body(let data, let contentType) = outcome {
                outcome = check(data, contentType: contentType, mediaType: mediaType, url: url, read: read)
            }
            switch outcome {
            case .value(let value):
                return value
            case .notFound:
                return nil
            case .body:
                preconditionFailure("every body is checked above")
            case .fatal(let error):
                throw error
            case .retryable(let error, let retryAfter):
                guard attempt < configuration.retry.maxAttempts else {
                    throw attempt == 1 ? error : TwilioError.gaveUp(attempts: attempt, lastError: error)
                }
                let delay = configuration.retry.delay(beforeRetry: attempt, retryAfter: retryAfter, using: &random)
                logger.debug("retrying after \(error)", metadata: [
                    "attempt": "\(attempt + 1)/\(configuration.retry.maxAttempts)",
                    "delay_s": "\(String(format: "%.3f", delay))"])
                metrics.update {
                    $0.retries += 1
                    $0.backoffSeconds += delay
                }
                try await Task.sleep(for: .seconds(delay))
                attempt += 1
            }
        }
    }

    /// A 2xx body becomes a value, or a retryable fault when its media type or its shape is wrong.
    private func check<Value>(_ data: Data, contentType: String?, mediaType: String, url: URL,
                              read: (Data) throws -> Value) -> Outcome<Value> {
        let received = contentType.map(Self.mediaType(of:)) ?? ""
        guard received == mediaType.lowercased() else {
            metrics.update { $0.malformedBodies += 1 }
            return .retryable(.malformedResponse(path: url.path, detail: "Content-Type is "
                + (received.isEmpty ? "missing" : "\(received)") + ", expected \(mediaType)"), retryAfter: nil)
        }
        do {
            return .value(try read(data))
        } catch let error as TwilioError {
            metrics.update { $0.malformedBodies += 1 }
            return .retryable(error, retryAfter: nil)
        } catch {
            metrics.update { $0.malformedBodies += 1 }
            return .retryable(.malformedResponse(path: url.path, detail: "\(error)"), retryAfter: nil)
        }
    }

    /// "application/json" of "Application/JSON; charset=utf-8".
    static func mediaType(of contentType: String) -> String {
        let type = contentType.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
        return type.trimmingCharacters(in: .whitespaces).lowercased()
    }

    private enum Outcome<Value> {
        /// A 2xx body, not yet checked.
        case body(Data, contentType: String?)
        case value(Value)
        case notFound
        case retryable(TwilioError, retryAfter: TimeInterval?)
        case fatal(TwilioError)
    }

    private func classify<Value>(_ data: Data, _ response: URLResponse, url: URL,
                                 notFoundIsAnswer: Bool) -> Outcome<Value> {
        guard let http = response as? HTTPURLResponse else {
            return .fatal(.transport(path: url.path, code: URLError.badServerResponse.rawValue,
                                     detail: "not an HTTP response"))
        }
        let status = http.statusCode
        let body = try? JSONDecoder().decode(TwilioErrorBody.self, from: data)
        switch status {
        case 200..<300:
            return .body(data, contentType: http.value(forHTTPHeaderField: "Content-Type"))
        case 404 where notFoundIsAnswer:
            return .notFound
        case 401:
            // Reached when a 401 comes without WWW-Authenticate (with it, the challenge path below applies).
            return .fatal(.authenticationFailed(accountSid: credentials.accountSid))
        case 403:
            return .fatal(.forbidden(accountSid: credentials.accountSid, path: url.path, body: body))
        case 429:
            metrics.update { $0.rateLimited += 1 }
            return .retryable(.http(status: status, path: url.path, body: body),
                              retryAfter: RetryPolicy.retryAfterSeconds(http.value(forHTTPHeaderField: "Retry-After")))
        case 500..<600:
            metrics.update { $0.serverErrors += 1 }
            return .retryable(.http(status: status, path: url.path, body: body),
                              retryAfter: RetryPolicy.retryAfterSeconds(http.value(forHTTPHeaderField: "Retry-After")))
        default:
            return .fatal(.http(status: status, path: url.path, body: body))
        }
    }

    /// Errors without a response. Throws CancellationError when our own task was cancelled.
    private func classify<Value>(_ error: any Error, url: URL) throws -> Outcome<Value> {
        guard let urlError = error as? URLError else {
            if error is CancellationError { throw error }
            return .fatal(.transport(path: url.path, code: URLError.unknown.rawValue, detail: "\(error)"))
        }
        if urlError.code == .cancelled || urlError.code == .userCancelledAuthentication {
            if refuser.claimRefusal(for: url) { return .fatal(.authenticationFailed(accountSid: credentials.accountSid)) }
            if Task.isCancelled { throw CancellationError() }
        }
        metrics.update { $0.transportErrors += 1 }
        let failure = TwilioError.transport(path: url.path, code: urlError.code.rawValue,
                                            detail: urlError.localizedDescription)
        return Self.transientCodes.contains(urlError.code) ? .retryable(failure, retryAfter: nil) : .fatal(failure)
    }

    /// Failures that another attempt may not meet: timeouts, connections lost or refused, DNS hiccups. A connection
    /// closed without any response arrives as badServerResponse (libcurl "empty reply", measured on Swift 6.3.1).
    private static let transientCodes: Set<URLError.Code> = [
        .timedOut, .networkConnectionLost, .cannotConnectToHost, .cannotFindHost, .dnsLookupFailed,
        .notConnectedToInternet, .badServerResponse, .resourceUnavailable,
    ]
}
