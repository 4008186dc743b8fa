import Foundation

/// How the client talks to Twilio. The defaults suit a scheduled harvest against api.twilio.com.
public struct TwilioClientConfiguration: Sendable {
    /// Scheme, host and port only; paths come from the API. The v2010 API's host (api.twilio.com).
    public var baseURL: URL
    /// Conversational Intelligence's host (intelligence.twilio.com); the same as `baseURL` when an explicit API
    /// base replaces every product's host (tests, the emulator, which serves every product on one port).
    public var intelligenceBaseURL: URL
    /// Seconds without any data on a request before it times out (and is retried).
    public var requestTimeout: TimeInterval
    /// Seconds one attempt of a request may take in all: the client's own deadline, enforced by a timer whether
    /// or not URLSession honours its timeouts (an attempt past it is cancelled and retried like a timeout).
    public var resourceTimeout: TimeInterval
    /// Parallel connections to the API host; match it to the harvest's concurrency.
    public var maximumConnectionsPerHost: Int
    public var retry: RetryPolicy
    public var userAgent: String

    public init(baseURL: URL = APIBase.defaultURL, intelligenceBaseURL: URL? = nil, requestTimeout: TimeInterval = 30, resourceTimeout: TimeInterval = 120,
                maximumConnectionsPerHost: Int = 8, retry: RetryPolicy = RetryPolicy(),
                userAgent: String = "transcripts-twilio-client/1") {
        self.baseURL = baseURL
        self.intelligenceBaseURL = intelligenceBaseURL ?? APIBase.intelligence(forAPIBase: baseURL)
        self.requestTimeout = requestTimeout
        self.resourceTimeout = resourceTimeout
        self.maximumConnectionsPerHost = maximumConnectionsPerHost
        self.retry = retry
        self.userAgent = userAgent
    }
}
