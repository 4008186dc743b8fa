import Foundation

/// Where the API lives. Like Twilio's helper libraries: `https://api.twilio.com`, or with `TWILIO_REGION` /
/// `TWILIO_EDGE` the regional host `api.{edge}.{region}.twilio.com` (an edge without a region means region
/// "us1"; a region without an edge gives `api.{region}.twilio.com`). An explicit base (`--api-base`, then
/// `TWILIO_API_BASE`) wins over both; that is how tests and the emulator are reached.
public enum APIBase {
    public static let defaultURL = URL(string: "https://api.twilio.com")!

    public static func resolve(
        explicit: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(TwilioError) -> URL {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        if let explicit = explicit ?? value("TWILIO_API_BASE") { return try validated(explicit) }
        let edge = value("TWILIO_EDGE"), region = value("TWILIO_REGION") ?? (edge == nil ? nil : "us1")
        guard region != nil else { return defaultURL }
        let host = ["api", edge, region, "twilio.com"].compactMap { $0 }.joined(separator: ".")
        return try validated("https://" + host)
    }

    /// An http(s) URL with a host and no path, query or user info; plain http only to this machine, because the
    /// Authorization header would otherwise cross the network in clear text.
    static func validated(_ text: String) throws(TwilioError) -> URL {
        let trimmed = text.hasSuffix("/") ? String(text.dropLast()) : text
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
              scheme == "https" || scheme == "http", let host = components.host, !host.isEmpty,
              components.path.isEmpty, components.query == nil, components.user == nil,
              let url = components.url else {
            throw .invalidAPIBase(text, reason: "expected https://host[:port] (no path, query or credentials)")
        }
        let loopback = ["localhost", "127.0.0.1", "::1", "[::1]"].contains(host.lowercased()) || host.hasPrefix("127.")
        guard scheme == "https" || loopback else {
            throw .invalidAPIBase(text, reason: "plain http is only allowed to this machine (credentials would travel in clear text)")
        }
        return url
    }
}
