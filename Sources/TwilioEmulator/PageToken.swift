import Foundation

/// Twilio's opaque `PageToken`: "PA…" pages forward after a position, "PB…" backward before it. The payload is
/// the position itself (base64url of "time_sid"); clients must treat it as opaque, as they must with Twilio's.
enum PageToken: Equatable {
    case after(ListPosition)
    case before(ListPosition)

    var encoded: String {
        switch self {
        case .after(let position): return "PA" + Self.encode(position)
        case .before(let position): return "PB" + Self.encode(position)
        }
    }

    init?(_ token: String) {
        let payload = String(token.dropFirst(2))
        guard let position = Self.decode(payload) else { return nil }
        switch token.prefix(2) {
        case "PA": self = .after(position)
        case "PB": self = .before(position)
        default: return nil
        }
    }

    private static func encode(_ position: ListPosition) -> String {
        Data("\(position.time)_\(position.sid)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    private static func decode(_ payload: String) -> ListPosition? {
        var base64 = payload.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8),
              let separator = text.firstIndex(of: "_"), let time = Int64(text[..<separator]) else { return nil }
        let sid = String(text[text.index(after: separator)...])
        return sid.isEmpty ? nil : ListPosition(time: time, sid: sid)
    }
}
