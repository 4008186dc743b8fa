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

    public init(host: String = "127.0.0.1", port: Int = 8080, token: String? = nil, corsOrigin: String? = nil,
                logQueries: Bool = false) {
        self.host = host
        self.port = port
        self.token = token
        self.corsOrigin = corsOrigin
        self.logQueries = logQueries
    }

    /// True for addresses only this machine can reach.
    public var bindsLoopback: Bool { LoopbackAddress.contains(host: host) }

    /// Why this configuration must not start, if it must not: off loopback the index is reachable by others,
    /// and transcripts are personal data.
    public var refusal: String? {
        guard let token else {
            if bindsLoopback { return nil }
            return "binding \(host) exposes the index beyond this machine: give a bearer token with --token-file, "
                + "TRANSCRIPTS_API_TOKEN or --token (or bind 127.0.0.1)"
        }
        // On loopback too: a configured token that is no secret would make every request look authorised.
        return BearerTokenRule.problem(with: token)
    }
}
