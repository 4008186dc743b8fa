import TranscriptIndex

/// One page of a Twilio list: its items and the URI of the next page (nil on the last), which must be followed
/// exactly as given (Twilio pages by an opaque PageToken inside it).
public struct TwilioPage<Item: Sendable>: Sendable {
    public var items: [Item]
    public var nextPageURI: String?
    /// The page number and size Twilio echoed (client state, for display only).
    public var page: Int?
    public var pageSize: Int?
    /// The URI of this page.
    public var uri: String?

    public init(items: [Item], nextPageURI: String?, page: Int? = nil, pageSize: Int? = nil, uri: String? = nil) {
        self.items = items
        self.nextPageURI = nextPageURI
        self.page = page
        self.pageSize = pageSize
        self.uri = uri
    }
}

extension TwilioPage: Equatable where Item: Equatable {}

/// A resource that Twilio lists under a fixed key of the page object.
protocol TwilioListItem: Decodable, Sendable {
    static var listKey: String { get }
}

extension Transcription: TwilioListItem {
    static var listKey: String { "transcriptions" }
}

extension Recording: TwilioListItem {
    static var listKey: String { "recordings" }
}

/// The JSON of a list page; the items' key depends on the resource.
struct ListPageEnvelope<Item: TwilioListItem>: Decodable {
    let page: TwilioPage<Item>

    private struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        page = TwilioPage(
            items: try container.decode([Item].self, forKey: Key(Item.listKey)),
            nextPageURI: try container.decodeIfPresent(String.self, forKey: Key("next_page_uri")),
            page: try container.decodeIfPresent(Int.self, forKey: Key("page")),
            pageSize: try container.decodeIfPresent(Int.self, forKey: Key("page_size")),
            uri: try container.decodeIfPresent(String.self, forKey: Key("uri")))
    }
}

/// A resource fetched by SID, whose body must carry that SID.
protocol TwilioResource: Decodable, Sendable {
    var sid: String? { get }
}

/// The same, for resource types declared outside the client (each source's own JSON types).
public protocol TwilioIdentified {
    var sid: String? { get }
}

extension Transcription: TwilioResource {}
extension Recording: TwilioResource {}
