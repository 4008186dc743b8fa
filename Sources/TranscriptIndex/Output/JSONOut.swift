import Foundation

/// An ordered JSON value. The `--json` bodies (and the HTTP endpoint's, which are the same) list their keys in
/// a fixed, documented order, which JSONEncoder does not promise.
public indirect enum JSONOut: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONOut])
    case object([(String, JSONOut)])

    public static func == (lhs: JSONOut, rhs: JSONOut) -> Bool { lhs.text == rhs.text }

    public static func optional(_ value: String?) -> JSONOut { value.map(JSONOut.string) ?? .null }
    public static func optional(_ value: Int?) -> JSONOut { value.map { .int(Int64($0)) } ?? .null }
    public static func date(_ seconds: Int64?) -> JSONOut { seconds.map { .string(TwilioDate.iso8601($0)) } ?? .null }

    /// Compact JSON text.
    public var text: String {
        var out = ""
        write(to: &out)
        return out
    }

    private func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .double(let value):
            // JSON has no NaN/Infinity; a finite double prints in Swift's shortest round-trip form.
            out += value.isFinite ? "\(value)" : "null"
        case .string(let value): out += JSONText.quote(value)
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case .object(let pairs):
            out += "{"
            for (index, pair) in pairs.enumerated() {
                if index > 0 { out += "," }
                out += JSONText.quote(pair.0)
                out += ":"
                pair.1.write(to: &out)
            }
            out += "}"
        }
    }
}
