/// Decodes a URL query string as browsers send it (application/x-www-form-urlencoded): `+` is a space and
/// `%XX` a byte. Hummingbird's own query parameters keep `+` as is, so `q=late+fee` would search "late+fee".
struct FormQuery {
    /// (name, value) in order; names may repeat (`status=failed&status=completed`).
    let pairs: [(name: String, value: String)]

    init(_ raw: String?) throws(APIError) {
        var pairs: [(String, String)] = []
        for part in (raw ?? "").split(separator: "&", omittingEmptySubsequences: true) {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try Self.decode(pieces[0])
            let value = pieces.count > 1 ? try Self.decode(pieces[1]) : ""
            pairs.append((name, value))
        }
        self.pairs = pairs
    }

    func values(_ name: String) -> [String] { pairs.filter { $0.name == name }.map(\.value) }

    /// The single value of `name`; present twice is an error (which one was meant?). An empty value is passed
    /// on as given, so `limit=` or `call_sid=` is refused like any other malformed value.
    func single(_ name: String) throws(APIError) -> String? {
        let all = values(name)
        guard all.count <= 1 else { throw APIError.badRequest("parameter \(name) is given more than once") }
        return all.first
    }

    static func decode(_ text: Substring) throws(APIError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    throw APIError.badRequest("malformed percent-encoding in the query string")
                }
                bytes.append(high << 4 | low)
            default: bytes.append(byte)
            }
        }
        guard let string = String(validating: bytes, as: UTF8.self) else {
            throw APIError.badRequest("the query string is not UTF-8")
        }
        return string
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
