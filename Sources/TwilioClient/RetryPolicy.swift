import Foundation

/// When to try a request again: on 429, 5xx, timeouts and dropped connections, with exponential backoff and
/// full jitter (a uniform delay in [0, min(maxDelay, baseDelay·2^(retry−1))], so that many clients backing off
/// together spread out), or exactly the server's `Retry-After` seconds when it sends one, capped by `maxDelay`.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in all, the first included; 1 disables retries.
    public var maxAttempts: Int
    /// Seconds: the ceiling of the first retry's delay, doubled for each further retry.
    public var baseDelay: TimeInterval
    /// Seconds: no single wait exceeds this, `Retry-After` included.
    public var maxDelay: TimeInterval

    public init(maxAttempts: Int = 6, baseDelay: TimeInterval = 0.5, maxDelay: TimeInterval = 30) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = max(0, baseDelay)
        self.maxDelay = max(0, maxDelay)
    }

    /// Seconds to wait before retry number `retry` (1 for the first retry).
    public func delay(beforeRetry retry: Int, retryAfter: TimeInterval?,
                      using random: inout some RandomNumberGenerator) -> TimeInterval {
        if let retryAfter, retryAfter >= 0 { return min(maxDelay, retryAfter) }
        let ceiling = min(maxDelay, baseDelay * pow(2, Double(max(0, retry - 1))))
        return ceiling > 0 ? Double.random(in: 0...ceiling, using: &random) : 0
    }

    /// Seconds from a `Retry-After` header in its delta-seconds form (the form Twilio uses); nil otherwise.
    static func retryAfterSeconds(_ header: String?) -> TimeInterval? {
        guard let header, let seconds = Double(header.trimmingCharacters(in: .whitespaces)),
              seconds.isFinite, seconds >= 0 else { return nil }
        return seconds
    }
}
