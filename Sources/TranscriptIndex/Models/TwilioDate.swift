import Foundation

/// Parses the timestamps Twilio's v2010 API sends: RFC 2822 ("Mon, 14 Feb 2022 22:23:00 +0100"), with any UTC
/// offset, normalised to UTC. ISO 8601 ("2022-02-14T21:23:00Z") is accepted too, because exports and the newer
/// APIs use it. Hand-written rather than DateFormatter: it is allocation-free, thread-safe without locks, and
/// an import of a million rows calls it twice per row.
public enum TwilioDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// Seconds since 1970-01-01T00:00:00Z, or nil when the string is not a date in either format.
    public static func parse(_ string: String) -> Int64? {
        // Nearly every timestamp is in Twilio's own layout: read it straight from the bytes. An import spends
        // a quarter of its decoding time on dates through the general path below (split, lowercase, trim).
        if let seconds = parseTwilioLayout(string) { return seconds }
        let trimmed = string.trimmingCharacters(in: .whitespaces)
        if let first = trimmed.first, first.isNumber, trimmed.contains("-") {
            return parseISO8601(trimmed)
        }
        return parseRFC2822(trimmed)
    }

    /// Exactly "Www, DD Mmm YYYY HH:MM:SS ±HHMM" (31 bytes, as every v2010 resource carries it), or nil for
    /// anything else, which the general parser then reads. Accepts only what parseRFC2822 reads to the same
    /// instant (TwilioDateTests compares the two).
    static func parseTwilioLayout(_ string: String) -> Int64? {
        var string = string
        return string.withUTF8 { b -> Int64? in
            guard b.count == 31, b[3] == UInt8(ascii: ","), b[4] == 0x20, b[7] == 0x20, b[11] == 0x20,
                  b[16] == 0x20, b[19] == UInt8(ascii: ":"), b[22] == UInt8(ascii: ":"), b[25] == 0x20,
                  isLetter(b[0]), isLetter(b[1]), isLetter(b[2]) else { return nil }
            func digits(_ start: Int, _ count: Int) -> Int? {
                var value = 0
                for index in start..<(start + count) {
                    let c = b[index]
                    guard c >= 48, c <= 57 else { return nil }
                    value = value * 10 + Int(c - 48)
                }
                return value
            }
            // Lower-case the month's three letters (ASCII) and find it.
            let m0 = b[8] | 0x20, m1 = b[9] | 0x20, m2 = b[10] | 0x20
            guard isLetter(b[8]), isLetter(b[9]), isLetter(b[10]),
                  let month = monthBytes.firstIndex(where: { $0 == (m0, m1, m2) }),
                  let day = digits(5, 2), let year = digits(12, 4), let hour = digits(17, 2),
                  let minute = digits(20, 2), let second = digits(23, 2),
                  b[26] == UInt8(ascii: "+") || b[26] == UInt8(ascii: "-"),
                  let zoneHours = digits(27, 2), let zoneMinutes = digits(29, 2),
                  (1...31).contains(day), (1...9999).contains(year), day <= daysInMonth(year: year, month: month + 1),
                  hour <= 23, minute <= 59, second <= 60, zoneHours <= 14, zoneMinutes < 60 else { return nil }
            let offset = (zoneHours * 3600 + zoneMinutes * 60) * (b[26] == UInt8(ascii: "-") ? -1 : 1)
            return epochSeconds(year: year, month: month + 1, day: day, hour: hour, minute: minute, second: second)
                - Int64(offset)
        }
    }

    private static let monthBytes: [(UInt8, UInt8, UInt8)] = months.map { name in
        let bytes = Array(name.utf8)
        return (bytes[0], bytes[1], bytes[2])
    }

    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 97 && (byte | 0x20) <= 122 }

    /// "Thu, 25 Aug 2011 20:59:45 +0000" — the weekday is optional, the zone may be +hhmm, -hhmm, GMT, UTC or Z.
    static func parseRFC2822(_ string: String) -> Int64? {
        var parts = string.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        if let first = parts.first, first.hasSuffix(",") { parts.removeFirst() }
        guard parts.count == 5 || parts.count == 4,
              let day = Int(parts[0]), (1...31).contains(day),
              let month = months.firstIndex(of: parts[1].lowercased().prefix(3).description),
              let year = Int(parts[2]), (1...9999).contains(year), day <= daysInMonth(year: year, month: month + 1) else { return nil }
        let time = parts[3].split(separator: ":").map { Int($0) }
        guard time.count == 3 || time.count == 2, time.allSatisfy({ $0 != nil }) else { return nil }
        let hour = time[0]!, minute = time[1]!, second = time.count == 3 ? time[2]! : 0
        guard (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else { return nil }
        let offset: Int
        if parts.count == 5 {
            guard let parsed = zoneOffsetSeconds(parts[4]) else { return nil }
            offset = parsed
        } else {
            offset = 0
        }
        return epochSeconds(year: year, month: month + 1, day: day, hour: hour, minute: minute, second: second)
            - Int64(offset)
    }

    /// "2024-03-05T14:02:11Z", "2024-03-05T15:02:11+01:00", "2024-03-05T14:02:11.123Z", "2024-03-05 14:02:11".
    static func parseISO8601(_ string: String) -> Int64? {
        let chars = Array(string.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= chars.count else { return nil }
            var value = 0
            for index in range {
                let c = chars[index]
                guard c >= 48, c <= 57 else { return nil }
                value = value * 10 + Int(c - 48)
            }
            return value
        }
        guard chars.count >= 19,
              let year = number(0..<4), chars[4] == UInt8(ascii: "-"),
              let month = number(5..<7), chars[7] == UInt8(ascii: "-"),
              let day = number(8..<10), chars[10] == UInt8(ascii: "T") || chars[10] == UInt8(ascii: " "),
              let hour = number(11..<13), chars[13] == UInt8(ascii: ":"),
              let minute = number(14..<16), chars[16] == UInt8(ascii: ":"),
              let second = number(17..<19),
              (1...12).contains(month), (1...31).contains(day), (0...23).contains(hour),
              (0...59).contains(minute), (0...60).contains(second) else { return nil }
        var index = 19
        if index < chars.count, chars[index] == UInt8(ascii: ".") {
            index += 1
            while index < chars.count, chars[index] >= 48, chars[index] <= 57 { index += 1 }
        }
        var offset = 0
        if index < chars.count {
            guard let zone = zoneOffsetSeconds(String(decoding: chars[index...], as: UTF8.self)) else { return nil }
            offset = zone
        }
        guard day <= daysInMonth(year: year, month: month) else { return nil }
        return epochSeconds(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
            - Int64(offset)
    }

    /// "+0100", "-05:30", "Z", "GMT", "UTC" → offset east of UTC in seconds.
    static func zoneOffsetSeconds(_ zone: String) -> Int? {
        switch zone.uppercased() {
        case "Z", "GMT", "UTC", "UT": return 0
        default: break
        }
        let digits = zone.dropFirst().filter { $0 != ":" }
        guard let sign = zone.first, sign == "+" || sign == "-", digits.count == 4,
              let hours = Int(digits.prefix(2)), let minutes = Int(digits.suffix(2)),
              hours <= 14, minutes < 60 else { return nil }
        let seconds = hours * 3600 + minutes * 60
        return sign == "-" ? -seconds : seconds
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days-from-civil (Howard Hinnant's algorithm): proleptic Gregorian calendar, no Foundation calendar needed.
    static func epochSeconds(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = Int64(era) * 146_097 + Int64(dayOfEra) - 719_468
        return days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// "2024-03-05T14:02:11Z" — the one date format transcripts prints.
    public static func iso8601(_ seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        let hour = secondOfDay / 3600, minute = (secondOfDay % 3600) / 60, second = secondOfDay % 60
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))Z"
    }

    /// Inverse of the days-from-civil step above.
    static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
