/// Renders generated calls the way Twilio's v2010 API does: snake_case keys, RFC 2822 dates, strings for
/// numbers. Keys are written in a fixed order so the same seed gives the same bytes.
extension GeneratedCall {
    /// Twilio's RFC 2822 rendering of a UTC instant shown in this call's offset.
    public func rfc2822(_ utc: Int64) -> String { RFC2822.format(utc, offset: offset) }

    public var transcriptionPath: String { "/2010-04-01/Accounts/\(accountSid)/Transcriptions/\(transcriptionSid)" }
    public var recordingPath: String { "/2010-04-01/Accounts/\(accountSid)/Recordings/\(recordingSid)" }

    /// The transcription resource. `includeText: false` renders `"transcription_text": null` as list pages
    /// sometimes do.
    public func transcriptionJSON(includeText: Bool = true) -> String {
        let textValue = includeText ? (text.map(jsonQuote) ?? "null") : "null"
        return "{\"account_sid\":\(jsonQuote(accountSid)),\"api_version\":\"2010-04-01\","
            + "\"date_created\":\(jsonQuote(rfc2822(dateCreated))),\"date_updated\":\(jsonQuote(rfc2822(dateUpdated))),"
            + "\"duration\":\(jsonQuote(String(durationSeconds))),\"price\":\(jsonQuote(price)),\"price_unit\":\"USD\","
            + "\"recording_sid\":\(jsonQuote(recordingSid)),\"sid\":\(jsonQuote(transcriptionSid)),"
            + "\"status\":\(jsonQuote(status)),\"transcription_text\":\(textValue),\"type\":\"fast\","
            + "\"uri\":\(jsonQuote(transcriptionPath + ".json"))}"
    }

    /// The recording resource.
    public func recordingJSON() -> String {
        "{\"account_sid\":\(jsonQuote(accountSid)),\"api_version\":\"2010-04-01\",\"call_sid\":\(jsonQuote(callSid)),"
            + "\"conference_sid\":null,\"channels\":\(recordingChannels),"
            + "\"date_created\":\(jsonQuote(rfc2822(dateCreated - Int64(durationSeconds)))),"
            + "\"date_updated\":\(jsonQuote(rfc2822(dateCreated))),"
            + "\"start_time\":\(jsonQuote(rfc2822(dateCreated - Int64(durationSeconds)))),"
            + "\"price\":\"-0.00250\",\"price_unit\":\"USD\",\"duration\":\(jsonQuote(String(durationSeconds))),"
            + "\"sid\":\(jsonQuote(recordingSid)),\"source\":\(jsonQuote(recordingSource)),"
            + "\"status\":\(jsonQuote(recordingStatus)),\"error_code\":null,"
            + "\"uri\":\(jsonQuote(recordingPath + ".json")),\"encryption_details\":null,"
            + "\"media_url\":\(jsonQuote("https://api.twilio.com" + recordingPath))}"
    }
}

enum RFC2822 {
    private static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]  // 1970-01-01 was a Thursday
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// "Mon, 14 Feb 2022 22:23:00 +0100" for the UTC instant `utc` shown at `offset`.
    static func format(_ utc: Int64, offset: String) -> String {
        let sign: Int64 = offset.hasPrefix("-") ? -1 : 1
        let digits = Array(offset.dropFirst())
        let hours = Int64(String(digits[0...1])) ?? 0, minutes = Int64(String(digits[2...3])) ?? 0
        let local = utc + sign * (hours * 3600 + minutes * 60)
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let secondOfDay = local - days * 86_400
        let weekday = weekdays[Int(((days % 7) + 7) % 7)]
        let (year, month, day) = civil(days)
        return "\(weekday), \(pad(day)) \(months[Int(month) - 1]) \(year) "
            + "\(pad(secondOfDay / 3600)):\(pad((secondOfDay % 3600) / 60)):\(pad(secondOfDay % 60)) \(offset)"
    }

    private static func pad(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// (year, month, day) of a day number since 1970-01-01 (Howard Hinnant's civil_from_days); ISO 8601 uses it too.
    static func civil(_ days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

func jsonQuote(_ string: String) -> String {
    var out = "\""
    for scalar in string.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case _ where scalar.value < 0x20: out += "\\u00" + (scalar.value < 16 ? "0" : "") + String(scalar.value, radix: 16)
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}
