/// How often, and how, the emulator misbehaves on Twilio API routes (never on `/_emulator` control routes).
/// Rates are independent fractions of requests in [0, 1]; a request suffers at most one fault.
public struct FaultConfiguration: Sendable, Codable, Equatable {
    /// Fraction of requests answered 429 with Twilio error 20429.
    public var rateLimitRate: Double
    /// Fraction of 429 answers that carry a `Retry-After` header (Twilio sends it on some, not all).
    public var retryAfterRate: Double
    /// The `Retry-After` value, in whole seconds.
    public var retryAfterSeconds: Int
    /// Fraction of requests answered 500 or 503 (chosen evenly).
    public var serverErrorRate: Double
    /// Fraction of requests whose connection is closed without any response.
    public var dropRate: Double
    /// Fraction of requests answered 200 with a truncated JSON body (a broken proxy or a cut-off response).
    public var malformedRate: Double
    /// Added before every Twilio API response, in milliseconds.
    public var latencyMilliseconds: Int
    /// Seed of the fault sequence: the same seed gives the same faults for the same order of requests.
    public var seed: UInt64

    public init(rateLimitRate: Double = 0, retryAfterRate: Double = 0.5, retryAfterSeconds: Int = 1,
                serverErrorRate: Double = 0, dropRate: Double = 0, malformedRate: Double = 0, latencyMilliseconds: Int = 0,
                seed: UInt64 = 1) {
        self.rateLimitRate = rateLimitRate
        self.retryAfterRate = retryAfterRate
        self.retryAfterSeconds = retryAfterSeconds
        self.serverErrorRate = serverErrorRate
        self.dropRate = dropRate
        self.malformedRate = malformedRate
        self.latencyMilliseconds = latencyMilliseconds
        self.seed = seed
    }

    public static let none = FaultConfiguration()

    /// `rate` of requests fail, split evenly between 429 and 5xx: the `--fault-rate` of the command line.
    public static func failing(rate: Double, seed: UInt64 = 1) -> FaultConfiguration {
        FaultConfiguration(rateLimitRate: rate / 2, serverErrorRate: rate / 2, seed: seed)
    }

    enum CodingKeys: String, CodingKey {
        case rateLimitRate = "rate_limit_rate", retryAfterRate = "retry_after_rate"
        case retryAfterSeconds = "retry_after_seconds", serverErrorRate = "server_error_rate"
        case dropRate = "drop_rate", malformedRate = "malformed_rate", latencyMilliseconds = "latency_ms", seed
    }

    /// Missing keys keep their defaults, so a control request can set just one rate.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = FaultConfiguration()
        rateLimitRate = try c.decodeIfPresent(Double.self, forKey: .rateLimitRate) ?? defaults.rateLimitRate
        retryAfterRate = try c.decodeIfPresent(Double.self, forKey: .retryAfterRate) ?? defaults.retryAfterRate
        retryAfterSeconds = try c.decodeIfPresent(Int.self, forKey: .retryAfterSeconds) ?? defaults.retryAfterSeconds
        serverErrorRate = try c.decodeIfPresent(Double.self, forKey: .serverErrorRate) ?? defaults.serverErrorRate
        dropRate = try c.decodeIfPresent(Double.self, forKey: .dropRate) ?? defaults.dropRate
        malformedRate = try c.decodeIfPresent(Double.self, forKey: .malformedRate) ?? defaults.malformedRate
        latencyMilliseconds = try c.decodeIfPresent(Int.self, forKey: .latencyMilliseconds)
            ?? defaults.latencyMilliseconds
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? defaults.seed
    }
}
