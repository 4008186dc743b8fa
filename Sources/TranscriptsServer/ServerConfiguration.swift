import TranscriptIndex

/// How `transcripts serve` listens and whom it answers.
public struct ServerConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port (tests); the bound one is reported by `TranscriptsServer.port`.
    public var port: Int
    /// Required bearer token; nil means none (allowed on loopback only). See `BearerTokenRule` for its shape.
    public var token: String?
    /// The one origin allowed to call from a browser (CORS); nil sends no CORS headers.
    public var corsOrigin: String?
    /// Log each request's query string too (off by default: queries are personal data).
    public var logQueries: Bool
    /// A request's head (and its body, if it sends one) must arrive within this time of its first byte — of the
    /// connection's opening, for its first request — or the connection is closed. Real clients send a head in
    /// one packet, in milliseconds; 10 s leaves room for slow links and bounds how long a silent or slowloris
    /// connection holds a slot (the bearer token is checked only once the head is read).
    public var headerTimeout: Duration
    /// A kept-alive connection with no request for this long is closed. 60 s lets a dashboard or script reuse
    /// its connection between polls (nginx keeps 75 s) without idle clients accumulating.
    public var idleTimeout: Duration
    /// Connections served at once. Beyond it new ones are not accepted but wait in the kernel's listen queue
    /// (256 deep; beyond that the kernel drops their SYNs and clients retry), so they take no descriptor: the
    /// process never runs out (it needs about this many plus 64; `ulimit -n` is commonly 1024). 512 is far
    /// above what two cores serve (the benchmark saturates them with 16).
    public var maxConnections: Int

    public static let defaultHeaderTimeout = Duration.seconds(10)
    public static let defaultIdleTimeout = Duration.seconds(60)
    public static let defaultMaxConnections = 512

    public init(host: String = "127.0.0.1", port: Int = 8080, token: String? = nil, corsOrigin: String? = nil,
                logQueries: Bool = false, headerTimeout: Duration = defaultHeaderTimeout,
                idleTimeout: Duration = defaultIdleTimeout, maxConnections: Int = defaultMaxConnections) {
        self.host = host
        self.port = port
        self.token = token
        self.corsOrigin = corsOrigin
        self.logQueries = logQueries
        self.headerTimeout = headerTimeout
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
    }

    /// True for addresses only this machine can reach.
    public var bindsLoopback: Bool { LoopbackAddress.contains(host: host) }

    /// Why this configuration must not start, if it must not: off loopback the index is reachable by others,
    /// and transcripts are personal data.
    public var refusal: String? {
        if headerTimeout <= .zero || idleTimeout <= .zero {
            return "the header and idle timeouts must be longer than zero"
        }
        if maxConnections < 1 {
            return "the connection cap must be at least 1"
        }
        guard let token else {
            if bindsLoopback { return nil }
            return "binding \(host) exposes the index beyond this machine: give a bearer token with --token-file, "
                + "TRANSCRIPTS_API_TOKEN or --token (or bind 127.0.0.1)"
        }
        // On loopback too: a configured token that is no secret would make every request look authorised.
        return BearerTokenRule.problem(with: token)
    }
}
