/// A v2010 Transcription resource exactly as Twilio sends it (`/2010-04-01/Accounts/{AccountSid}/Transcriptions`).
/// Every field may be null upstream, so every field is optional here; the ingester decides what a row needs.
/// Dates are UTC epoch seconds (Twilio sends RFC 2822 with an offset).
/// A new String field must also be cleaned in `withoutNULs()` (NULCharacters.swift) before it is stored.
public struct Transcription: Sendable, Equatable, Decodable {
    public var sid: String?
    public var accountSid: String?
    public var recordingSid: String?
    /// in-progress | completed | failed
    public var status: String?
    public var type: String?
    /// Whole seconds.
    public var duration: Int?
    /// As Twilio wrote it ("-0.05000"): money is not a floating-point number.
    public var price: String?
    public var priceUnit: String?
    public var apiVersion: String?
    public var dateCreated: Int64?
    public var dateUpdated: Int64?
    /// The transcription text; nil means "not included in this representation", not "empty".
    /// "(blank)" is Twilio's placeholder for a transcription without words.
    public var text: String?
    public var uri: String?

    /// Twilio's placeholder text for a transcription that produced no words.
    public static let blankPlaceholder = "(blank)"

    public init(sid: String?, accountSid: String? = nil, recordingSid: String? = nil, status: String? = nil,
                type: String? = nil, duration: Int? = nil, price: String? = nil, priceUnit: String? = nil,
                apiVersion: String? = nil, dateCreated: Int64? = nil, dateUpdated: Int64? = nil,
                text: String? = nil, uri: String? = nil) {
        self.sid = sid
        self.accountSid = accountSid
        self.recordingSid = recordingSid
        self.status = status
        self.type = type
        self.duration = duration
        self.price = price
        self.priceUnit = priceUnit
        self.apiVersion = apiVersion
        self.dateCreated = dateCreated
        self.dateUpdated = dateUpdated
        self.text = text
        self.uri = uri
    }

    enum CodingKeys: String, CodingKey {
        case sid, status, type, duration, price, uri
        case accountSid = "account_sid", recordingSid = "recording_sid", priceUnit = "price_unit"
        case apiVersion = "api_version", dateCreated = "date_created", dateUpdated = "date_updated"
        case text = "transcription_text"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sid = try c.decodeLenientString(forKey: .sid)
        accountSid = try c.decodeLenientString(forKey: .accountSid)
        recordingSid = try c.decodeLenientString(forKey: .recordingSid)
        status = try c.decodeLenientString(forKey: .status)
        type = try c.decodeLenientString(forKey: .type)
        duration = try c.decodeLenientInteger(forKey: .duration)
        price = try c.decodeLenientString(forKey: .price)
        priceUnit = try c.decodeLenientString(forKey: .priceUnit)
        apiVersion = try c.decodeLenientString(forKey: .apiVersion)
        dateCreated = try c.decodeTwilioDate(forKey: .dateCreated)
        dateUpdated = try c.decodeTwilioDate(forKey: .dateUpdated)
        text = try c.decodeIfPresent(String.self, forKey: .text)
        uri = try c.decodeLenientString(forKey: .uri)
    }
}
