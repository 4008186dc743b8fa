import Synchronization

/// Counts of the Twilio API requests the emulator received, by endpoint and outcome, so tests can assert how
/// frugal a harvest was. Control routes are not counted.
public final class RequestStats: Sendable {
    private let counts = Mutex<[String: [String: Int]]>([:])

    /// The outcome label of a connection dropped without a response.
    public static let dropped = "dropped"

    public init() {}

    func record(endpoint: String, outcome: String) {
        counts.withLock { $0[endpoint, default: [:]][outcome, default: 0] += 1 }
    }

    /// Requests to `endpoint` with HTTP `status` (any outcome, dropped connections included, when nil).
    public func count(_ endpoint: EmulatorEndpoint, status: Int? = nil) -> Int {
        let outcomes = counts.withLock { $0[endpoint.rawValue] ?? [:] }
        return status.map { outcomes[String($0)] ?? 0 } ?? outcomes.values.reduce(0, +)
    }

    /// Every request received, whatever the endpoint (unknown paths included) and outcome.
    public var total: Int {
        counts.withLock { $0.values.reduce(0) { $0 + $1.values.reduce(0, +) } }
    }

    public func snapshot() -> RequestStatsSnapshot {
        counts.withLock { counts in
            RequestStatsSnapshot(total: counts.values.reduce(0) { $0 + $1.values.reduce(0, +) }, endpoints: counts)
        }
    }

    public func reset() {
        counts.withLock { $0.removeAll() }
    }
}

/// What `GET /_emulator/stats` answers: `{"total": N, "endpoints": {"GET /…/Transcriptions.json": {"200": n}}}`.
public struct RequestStatsSnapshot: Sendable, Codable, Equatable {
    public var total: Int
    /// Endpoint ("METHOD route-template") → outcome (HTTP status, or "dropped") → count.
    public var endpoints: [String: [String: Int]]
}
