import Foundation

/// Twilio sends some numeric fields as strings in one API version and as numbers in another ("duration": "10"
/// or 10; "price": "-0.05000" or -0.05). These helpers decode either form; a value of the wrong kind entirely
/// (an object where a number belongs, "ten" as a duration) is a decoding error naming the field.
extension KeyedDecodingContainer {
    /// A string, or a number/bool rendered as text. Null and absent are nil.
    public func decodeLenientString(forKey key: Key) throws -> String? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let string = try? decode(String.self, forKey: key) { return string }
        if let integer = try? decode(Int64.self, forKey: key) { return String(integer) }
        if let double = try? decode(Double.self, forKey: key) { return String(double) }
        if let bool = try? decode(Bool.self, forKey: key) { return String(bool) }
        throw DecodingError.typeMismatch(String.self, .init(
            codingPath: codingPath + [key], debugDescription: "expected a string or a number"))
    }

    /// A number from 12.5 or "12.5" (Intelligence sends sentence times and confidences either way). Empty
    /// string is nil.
    public func decodeLenientDouble(forKey key: Key) throws -> Double? {
        guard let text = try decodeLenientString(forKey: key)?.trimmingCharacters(in: .whitespaces),
              !text.isEmpty else { return nil }
        guard let value = Double(text), value.isFinite else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "not a number: \"\(text)\"")
        }
        return value
    }

    /// Whole seconds from "10", "10.0", 10 or 10.4 (rounded). Empty string is nil.
    public func decodeLenientInteger(forKey key: Key) throws -> Int? {
        guard let raw = try decodeLenientString(forKey: key) else { return nil }
        // Most values are plain digits: skip Foundation's trimming for them (an import reads two per record).
        if let integer = Int(raw) { return integer }
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return nil }
        if let integer = Int(text) { return integer }
        if let double = Double(text), double.isFinite, abs(double) < 1e15 { return Int(double.rounded()) }
        throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "not a number: \"\(text)\"")
    }

    /// A Twilio timestamp (RFC 2822 with offset, or ISO 8601) as UTC epoch seconds.
    public func decodeTwilioDate(forKey key: Key) throws -> Int64? {
        guard let text = try decodeLenientString(forKey: key), !text.isEmpty else { return nil }
        guard let seconds = TwilioDate.parse(text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "not a date: \"\(text)\"")
        }
        return seconds
    }

    /// Any JSON value (object, array, scalar) re-serialised as compact JSON text, for fields we keep but do not
    /// interpret (a recording's encryption_details).
    public func decodeRawJSON(forKey key: Key) throws -> String? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        let value = try decode(JSONValue.self, forKey: key)
        return value.compactJSON
    }
}

/// A minimal JSON tree, enough to carry an opaque field through Codable.
public indirect enum JSONValue: Decodable, Sendable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([(String, JSONValue)])

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: Decoder) throws {
        if let object = try? decoder.container(keyedBy: AnyKey.self) {
            self = .object(try object.allKeys.sorted { $0.stringValue < $1.stringValue }.map {
                ($0.stringValue, try object.decode(JSONValue.self, forKey: $0))
            })
        } else if var array = try? decoder.unkeyedContainer() {
            var items: [JSONValue] = []
            while !array.isAtEnd { items.append(try array.decode(JSONValue.self)) }
            self = .array(items)
        } else {
            let single = try decoder.singleValueContainer()
            if single.decodeNil() { self = .null }
            else if let bool = try? single.decode(Bool.self) { self = .bool(bool) }
            else if let number = try? single.decode(Double.self) { self = .number(number) }
            else { self = .string(try single.decode(String.self)) }
        }
    }

    public var compactJSON: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .number(let value):
            return value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .string(let value): return JSONText.quote(value)
        case .array(let items): return "[" + items.map(\.compactJSON).joined(separator: ",") + "]"
        case .object(let pairs):
            return "{" + pairs.map { JSONText.quote($0.0) + ":" + $0.1.compactJSON }.joined(separator: ",") + "}"
        }
    }
}
