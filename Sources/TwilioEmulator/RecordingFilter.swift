import Foundation
import TwilioCorpus

/// The Recordings list filters. Dates are whole GMT days, as Twilio documents them: `DateCreated=D` is that day,
/// `DateCreated<=D` (query key `DateCreated<`) is on or before it, `DateCreated>=D` on or after it.
struct RecordingFilter: Equatable, Sendable {
    /// [start, end) of matching date_created values, UTC epoch seconds.
    var createdFrom: Int64?
    var createdBefore: Int64?
    var callSid: String?
    var includeSoftDeleted = false

    func matches(_ call: GeneratedCall) -> Bool {
        if !includeSoftDeleted, call.recordingStatus == "deleted" { return false }
        if let callSid, call.callSid != callSid { return false }
        let created = call.recordingDateCreated
        if let createdFrom, created < createdFrom { return false }
        if let createdBefore, created >= createdBefore { return false }
        return true
    }

    /// The filter a request asks for; throws Twilio's 400 for a malformed value.
    init(query: QueryParameters) throws(TwilioAPIError) {
        func day(_ key: String) throws(TwilioAPIError) -> Int64? {
            guard let value = query[key] else { return nil }
            guard let start = Self.dayStart(value) else {
                throw .badRequest(code: 20001, message: "Invalid \(key == "DateCreated" ? key : key + "=") value: \(value)")
            }
            return start
        }
        if let on = try day("DateCreated") {
            createdFrom = on
            createdBefore = on + 86_400
        }
        if let onOrBefore = try day("DateCreated<") { createdBefore = min(createdBefore ?? .max, onOrBefore + 86_400) }
        if let onOrAfter = try day("DateCreated>") { createdFrom = max(createdFrom ?? .min, onOrAfter) }
        callSid = query["CallSid"]
        includeSoftDeleted = query["IncludeSoftDeleted"]?.lowercased() == "true"
    }

    init() {}

    /// The query items that reproduce this filter, for next/previous page URIs (Twilio carries filters along).
    static let queryKeys = ["CallSid", "DateCreated", "DateCreated<", "DateCreated>", "IncludeSoftDeleted"]

    /// Midnight GMT of "YYYY-MM-DD" as epoch seconds.
    static func dayStart(_ text: String) -> Int64? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day)
        guard calendar.date(from: components).map({ calendar.component(.day, from: $0) }) == day,
              let date = calendar.date(from: components) else { return nil }
        return Int64(date.timeIntervalSince1970)
    }
}
