import Foundation

/// One page of a list in Twilio's newer APIs (Intelligence v2, Media v1, …): the items under `meta.key` and an
/// absolute `meta.next_page_url` (nil on the last page), to be followed exactly as given — but only on the host
/// it was asked of (`TwilioClient.metaPage(following:)`).
public struct TwilioMetaPage<Item: Sendable>: Sendable {
    public var items: [Item]
    public var nextPageURL: String?

    public init(items: [Item], nextPageURL: String?) {
        self.items = items
        self.nextPageURL = nextPageURL
    }
}

/// The JSON of such a page: `{"<key>": [...], "meta": {"key", "next_page_url", …}}`.
struct MetaPageEnvelope<Item: Decodable & Sendable>: Decodable {
    let page: TwilioMetaPage<Item>

    struct Meta: Decodable {
        var key: String?
        var nextPageURL: String?

        enum CodingKeys: String, CodingKey {
            case key
            case nextPageURL = "next_page_url"
        }
    }

    struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        let meta = try container.decode(Meta.self, forKey: Key("meta"))
        guard let key = meta.key ?? decoder.userInfo[MetaPageEnvelope.keyInfo] as? String else {
            throw DecodingError.dataCorruptedError(forKey: Key("meta"), in: container, debugDescription: "meta.key is missing")
        }
        if let expected = decoder.userInfo[MetaPageEnvelope.keyInfo] as? String, expected != key {
            throw DecodingError.dataCorruptedError(forKey: Key("meta"), in: container,
                                                   debugDescription: "meta.key is \"\(key)\", expected \"\(expected)\"")
        }
        page = TwilioMetaPage(items: try container.decode([Item].self, forKey: Key(key)), nextPageURL: meta.nextPageURL)
    }

    static var keyInfo: CodingUserInfoKey { CodingUserInfoKey(rawValue: "transcripts.metaPageKey")! }
}
