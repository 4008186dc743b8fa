import TwilioCorpus

/// The Recordings list filters. `DateCreated=V` is the span V names (a whole GMT day for `YYYY-MM-DD`, one instant
/// for a date-time, see `DateFilterValue`), `DateCreated<=V` (query key `DateCreated<`) is on or before its end,
/// `DateCreated>=V` (key `DateCreated>`) on or after its start.
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
        func value(_ key: String) throws(TwilioAPIError) -> DateFilterValue? {
            guard let text = query[key] else { return nil }
            guard let value = DateFilterValue(text) else {
                throw .badRequest(code: 20001, message: "Invalid \(key == "DateCreated" ? key : key + "=") value: \(text)")
            }
            return value
        }
        if let on = try value("DateCreated") {
            createdFrom = on.from
            createdBefore = on.until
        }
        if let onOrBefore = try value("DateCreated<") { createdBefore = min(createdBefore ?? .max, onOrBefore.until) }
        if let onOrAfter = try value("DateCreated>") { createdFrom = max(createdFrom ?? .min, onOrAfter.from) }
        callSid = query["CallSid"]
        includeSoftDeleted = query["IncludeSoftDeleted"]?.lowercased() == "true"
    }

    init() {}

    /// The query items that reproduce this filter, for next/previous page URIs (Twilio carries filters along).
    static let queryKeys = ["CallSid", "DateCreated", "DateCreated<", "DateCreated>", "IncludeSoftDeleted"]
}
