/// The metadata of a v2010 Recording resource (`/2010-04-01/Accounts/{AccountSid}/Recordings`), which gives a
/// transcription its call SID, source and start time. Every field may be null upstream.
/// A new String field must also be cleaned in `withoutNULs()` (NULCharacters.swift) before it is stored.
public struct Recording: Sendable, Equatable, Decodable {
    public var sid: String?
    public var accountSid: String?
    public var callSid: String?
    public var conferenceSid: String?
    /// in-progress | paused | stopped | processing | completed | absent | deleted
    public var status: String?
    public var source: String?
    public var channels: Int?
    public var duration: Int?
    public var startTime: Int64?
    public var dateCreated: Int64?
    public var dateUpdated: Int64?
    public var price: String?
    public var priceUnit: String?
    public var errorCode: String?
    public var mediaURL: String?
    public var uri: String?
    /// Kept verbatim as compact JSON; transcripts never decrypts media.
    public var encryptionDetails: String?

    public init(sid: String?, accountSid: String? = nil, callSid: String? = nil, conferenceSid: String? = nil,
                status: String? = nil, source: String? = nil, channels: Int? = nil, duration: Int? = nil,
                startTime: Int64? = nil, dateCreated: Int64? = nil, dateUpdated: Int64? = nil,
                price: String? = nil, priceUnit: String? = nil, errorCode: String? = nil,
                mediaURL: String? = nil, uri: String? = nil, encryptionDetails: String? = nil) {
        self.sid = sid
        self.accountSid = accountSid
        self.callSid = callSid
        self.conferenceSid = conferenceSid
        self.status = status
        self.source = source
        self.channels = channels
        self.duration = duration
        self.startTime = startTime
        self.dateCreated = dateCreated
        self.dateUpdated = dateUpdated
        self.price = price
        self.priceUnit = priceUnit
        self.errorCode = errorCode
        self.mediaURL = mediaURL
        self.uri = uri
        self.encryptionDetails = encryptionDetails
    }

    enum CodingKeys: String, CodingKey {
        case sid, status, source, channels, duration, price, uri
        case accountSid = "account_sid", callSid = "call_sid", conferenceSid = "conference_sid"
        case startTime = "start_time", dateCreated = "date_created", dateUpdated = "date_updated"
        case priceUnit = "price_unit", errorCode = "error_code", mediaURL = "media_url"
        case encryptionDetails = "encryption_details"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sid = try c.decodeLenientString(forKey: .sid)
        accountSid = try c.decodeLenientString(forKey: .accountSid)
        callSid = try c.decodeLenientString(forKey: .callSid)
        conferenceSid = try c.decodeLenientString(forKey: .conferenceSid)
        status = try c.decodeLenientString(forKey: .status)
        source = try c.decodeLenientString(forKey: .source)
        channels = try c.decodeLenientInteger(forKey: .channels)
        duration = try c.decodeLenientInteger(forKey: .duration)
        startTime = try c.decodeTwilioDate(forKey: .startTime)
        dateCreated = try c.decodeTwilioDate(forKey: .dateCreated)
        dateUpdated = try c.decodeTwilioDate(forKey: .dateUpdated)
        price = try c.decodeLenientString(forKey: .price)
        priceUnit = try c.decodeLenientString(forKey: .priceUnit)
        errorCode = try c.decodeLenientString(forKey: .errorCode)
        mediaURL = try c.decodeLenientString(forKey: .mediaURL)
        uri = try c.decodeLenientString(forKey: .uri)
        encryptionDetails = try c.decodeRawJSON(forKey: .encryptionDetails)
    }
}
