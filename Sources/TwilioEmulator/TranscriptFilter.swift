import TwilioCorpus

/// The Transcripts list filters. The OpenAPI types them all as plain strings and documents no semantics beyond
/// their names; the emulator reads `After…`/`Before…` as strictly after/before, at second granularity (Twilio's
/// dates have whole seconds): `AfterDateCreated=2024-03-05T10:11:12Z` keeps 10:11:13 and later, and a
/// `YYYY-MM-DD` value names its whole GMT day (after it: the next day on). Strict bounds are the stricter test
/// of a harvester's overlap. The others are exact matches.
struct TranscriptFilter: Sendable {
    var serviceSid: String?
    /// date_created must be >= this (epoch seconds).
    var createdFrom: Int64?
    /// date_created must be < this.
    var createdUntil: Int64?
    var startFrom: Int64?
    var startUntil: Int64?
    var status: String?
    var languageCode: String?
    var sourceSid: String?

    /// The query keys, in the order they are carried into page URLs.
    static let queryKeys = ["ServiceSid", "BeforeStartTime", "AfterStartTime", "BeforeDateCreated", "AfterDateCreated",
                            "Status", "LanguageCode", "SourceSid"]

    func matches(_ transcript: GeneratedTranscript) -> Bool {
        if let serviceSid, transcript.serviceSid != serviceSid { return false }
        if let status, transcript.status != status { return false }
        if let languageCode, transcript.languageCode != languageCode { return false }
        if let sourceSid, transcript.sourceSid != sourceSid { return false }
        if let createdFrom, transcript.dateCreated < createdFrom { return false }
        if let createdUntil, transcript.dateCreated >= createdUntil { return false }
        if startFrom != nil || startUntil != nil {
            guard let start = transcript.mediaStartTime else { return false }
            if let startFrom, start < startFrom { return false }
            if let startUntil, start >= startUntil { return false }
        }
        return true
    }

    /// The filter a request asks for; throws Twilio's 400 for a date that is not ISO 8601.
    init(query: QueryParameters) throws(TwilioAPIError) {
        func date(_ key: String) throws(TwilioAPIError) -> DateFilterValue? {
            guard let text = query[key] else { return nil }
            guard let value = DateFilterValue(text) else {
                throw .badRequest(code: 20001, message: "Invalid \(key): \(text)")
            }
            return value
        }
        // After V: from the first second after V's span; before V: until V's first second.
        createdFrom = try date("AfterDateCreated")?.until
        createdUntil = try date("BeforeDateCreated")?.from
        startFrom = try date("AfterStartTime")?.until
        startUntil = try date("BeforeStartTime")?.from
        serviceSid = query["ServiceSid"]
        status = query["Status"]
        languageCode = query["LanguageCode"]
        sourceSid = query["SourceSid"]
    }
}
