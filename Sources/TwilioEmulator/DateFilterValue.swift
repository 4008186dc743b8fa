import Foundation

/// A value of the Recordings `DateCreated` filters, as the span of seconds it names. The OpenAPI spec types them
/// `date-time` and Twilio's helper libraries send one (twilio-python: `2024-01-01T00:00:00Z`), while the text
/// documents `YYYY-MM-DD` GMT days; Twilio accepts both. A day names all its seconds; a date-time names its instant.
struct DateFilterValue: Equatable, Sendable {
    /// The first second named, UTC epoch seconds.
    let from: Int64
    /// The first second after the span (exclusive). Equal to `from` for an instant between two whole seconds, which
    /// no date_created (whole seconds) equals.
    let until: Int64

    /// "YYYY-MM-DD", or an RFC 3339 date-time "YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)"; nil when malformed.
    init?(_ text: String) {
        let characters = Array(text.utf8)
        guard characters.count >= 10, let day = Self.dayStart(String(decoding: characters[0..<10], as: UTF8.self)) else {
            return nil
        }
        if characters.count == 10 {
            from = day
            until = day + 86_400
            return
        }
        guard let (seconds, fraction) = Self.timeOfDay(Array(characters[10...])) else { return nil }
        let instant = day + seconds
        // date_created has whole seconds: `>= 12:00:00.5` starts at 12:00:01, `<= 12:00:00.5` ends after 12:00:00.
        from = fraction ? instant + 1 : instant
        until = instant + 1
    }

    /// Midnight GMT of "YYYY-MM-DD" as epoch seconds; nil for anything else, impossible dates (02-30) included.
    static func dayStart(_ text: String) -> Int64? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = calendar.date(from: components), calendar.component(.day, from: date) == day else { return nil }
        return Int64(date.timeIntervalSince1970)
    }

    /// "THH:MM:SS[.fraction](Z|±HH:MM)" → seconds after midnight GMT (the offset applied), and whether a nonzero
    /// fraction followed the seconds.
    private static func timeOfDay(_ text: [UInt8]) -> (seconds: Int64, fraction: Bool)? {
        var rest = text[...]
        func number(_ digits: Int, in range: ClosedRange<Int64>) -> Int64? {
            guard rest.count >= digits, rest.prefix(digits).allSatisfy({ (0x30...0x39).contains($0) }),
                  let value = Int64(String(decoding: rest.prefix(digits), as: UTF8.self)), range.contains(value) else {
                return nil
            }
            rest = rest.dropFirst(digits)
            return value
        }
        func take(_ character: Character) -> Bool {
            guard rest.first == character.asciiValue else { return false }
            rest = rest.dropFirst()
            return true
        }
        guard take("T") || take("t"), let hour = number(2, in: 0...23), take(":"), let minute = number(2, in: 0...59),
              take(":"), let second = number(2, in: 0...59) else { return nil }
        var fraction = false
        if take(".") {
            let digits = rest.prefix { (0x30...0x39).contains($0) }
            guard !digits.isEmpty else { return nil }
            fraction = digits.contains { $0 != 0x30 }
            rest = rest.dropFirst(digits.count)
        }
        var offset: Int64 = 0
        if take("Z") || take("z") {
            offset = 0
        } else if let sign: Int64 = take("+") ? 1 : take("-") ? -1 : nil {
            guard let hours = number(2, in: 0...23), take(":"), let minutes = number(2, in: 0...59) else { return nil }
            offset = sign * (hours * 3600 + minutes * 60)
        } else {
            return nil  // RFC 3339 requires the offset: a local time names no instant.
        }
        guard rest.isEmpty else { return nil }
        return (hour * 3600 + minute * 60 + second - offset, fraction)
    }
}
