import Synchronization

/// Counts of what the client did, for the harvest's run record and progress display. Shared by every request
/// of one client; read it at any time.
public final class TwilioRequestMetrics: Sendable {
    public struct Snapshot: Sendable, Equatable {
        /// HTTP requests sent, retries included.
        public var requests = 0
        /// Requests that were repeats of a failed attempt.
        public var retries = 0
        /// Responses with status 429.
        public var rateLimited = 0
        /// Responses with status 5xx.
        public var serverErrors = 0
        /// Attempts with no HTTP response (timeouts, dropped connections…).
        public var transportErrors = 0
        /// 2xx answers whose body failed its checks (wrong Content-Type, not the JSON or text expected).
        public var malformedBodies = 0
        /// 401 challenges the client refused instead of letting URLSession wait on them.
        public var refusedChallenges = 0
        /// Seconds spent waiting between attempts.
        public var backoffSeconds = 0.0

        public init() {}
    }

    private let counts = Mutex(Snapshot())

    public init() {}

    public func snapshot() -> Snapshot { counts.withLock { $0 } }

    func update(_ change: (inout Snapshot) -> Void) {
        counts.withLock { change(&$0) }
    }
}
