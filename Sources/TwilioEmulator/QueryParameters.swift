import Foundation

/// The percent-decoded query of a request. Hummingbird decodes values but not keys, and clients send Twilio's
/// inequality keys either raw (`DateCreated<=…`) or encoded (`DateCreated%3C=…`), so keys need decoding too.
/// Parsed by hand because `URLComponents` refuses (traps on) a raw `<` in a percent-encoded query.
struct QueryParameters: Sendable {
    private let items: [(name: String, value: String)]

    init(_ query: String?) {
        items = (query ?? "").split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (Self.decode(parts[0]), parts.count > 1 ? Self.decode(parts[1]) : "")
        }
    }

    /// The first value for `name`.
    subscript(name: String) -> String? {
        items.first { $0.name == name }?.value
    }

    private static func decode(_ part: Substring) -> String {
        let spaced = part.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
