/// Twilio's JSON error body: `{code, message, more_info, status}` (sometimes `detail`). Every field is optional
/// because proxies and outages answer with other bodies, or none.
public struct TwilioErrorBody: Sendable, Equatable, Decodable, CustomStringConvertible {
    public var code: Int?
    public var message: String?
    public var moreInfo: String?
    public var status: Int?
    public var detail: String?

    public init(code: Int? = nil, message: String? = nil, moreInfo: String? = nil, status: Int? = nil,
                detail: String? = nil) {
        self.code = code
        self.message = message
        self.moreInfo = moreInfo
        self.status = status
        self.detail = detail
    }

    enum CodingKeys: String, CodingKey {
        case code, message, status, detail
        case moreInfo = "more_info"
    }

    /// "error 20001: PageToken is required for paging. (https://www.twilio.com/docs/errors/20001)"
    public var description: String {
        var parts: [String] = []
        if let code { parts.append("error \(code):") }
        if let message, !message.isEmpty { parts.append(message) }
        if let detail, !detail.isEmpty, detail != message { parts.append("— \(detail)") }
        if let moreInfo, !moreInfo.isEmpty { parts.append("(\(moreInfo))") }
        return parts.joined(separator: " ")
    }
}
