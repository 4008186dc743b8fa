import Foundation
import TranscriptIndex

/// Where the API lives. Like Twilio's helper libraries: `https://api.twilio.com`, or with `TWILIO_REGION` /
/// `TWILIO_EDGE` the regional host `api.{edge}.{region}.twilio.com` (an edge without a region means region
/// "us1"; a region without an edge gives `api.{region}.twilio.com`). An explicit base (`--api-base`, then
/// `TWILIO_API_BASE`) wins over both; that is how tests and the emulator are reached.
public enum APIBase {
    public static let defaultURL = URL(string: "https://api.twilio.com")!
    /// Conversational Intelligence v2 is served from one host, in US1 only: regions and edges do not apply.
    public static let intelligenceURL = URL(string: "https://intelligence.twilio.com")!

    public static func resolve(
        explicit: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(TwilioError) -> URL {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        if let explicit = explicit ?? value("TWILIO_API_BASE") { return try validated(explicit) }
        let edge = value("TWILIO_EDGE"), region = value("TWILIO_REGION") ?? (edge == nil ? nil : "us1")
        guard region != nil else { return defaultURL }
        // Host labels only: "evil.example#" would otherwise make the host api.evil.example.
        for (name, label) in [("TWILIO_EDGE", edge), ("TWILIO_REGION", region)] {
            if let label, !label.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) {
                throw .invalidAPIBase(name, reason: "\(name) must be letters, digits and hyphens (e.g. ie1, dublin)")
            }
        }
        let host = ["api", edge, region, "twilio.com"].compactMap { $0 }.joined(separator: ".")
        return try validated("https://" + host)
    }

    /// Intelligence's host for an API base: intelligence.twilio.com for Twilio's own API hosts (api.twilio.com and
    /// its regional `api.….twilio.com` forms); any other base (`--api-base`, `TWILIO_API_BASE`: a test, the
    /// emulator, a proxy) replaces every product's host, so it is the base itself.
    public static func intelligence(forAPIBase base: URL) -> URL {
        guard let host = base.host?.lowercased(), host.hasPrefix("api."), host.hasSuffix(".twilio.com") || host == "api.twilio.com"
        else { return base }
        return intelligenceURL
    }

    /// An http(s) URL with a host and no path, query or user info; plain http only to this machine, because the
    /// Authorization header would otherwise cross the network in clear text.
    static func validated(_ text: String) throws(TwilioError) -> URL {
        let trimmed = text.hasSuffix("/") ? String(text.dropLast()) : text
        // A URL with user info may hold a token: the error names it without repeating it.
        let shown = text.contains("@") ? "(a URL with credentials in it, not shown)" : text
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
              scheme == "https" || scheme == "http", let host = components.host, !host.isEmpty,
              components.path.isEmpty, components.query == nil, components.fragment == nil,
              components.user == nil, components.password == nil,
              let url = components.url else {
            throw .invalidAPIBase(shown, reason: "expected https://host[:port] (no path, query, fragment or credentials)")
        }
        guard scheme == "https" || LoopbackAddress.contains(host: host) else {
            throw .invalidAPIBase(shown, reason: "plain http is only allowed to this machine (credentials would travel in clear text)")
        }
        return url
    }
}
