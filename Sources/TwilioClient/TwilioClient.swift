import Foundation
import Logging
import TranscriptIndex

/// The Twilio REST client the harvester uses: v2010 Transcriptions and Recordings for one account.
/// Create one per run and share it (it is Sendable); it keeps one URLSession and its connections.
public final class TwilioClient: Sendable {
    public let credentials: Credentials
    public let configuration: TwilioClientConfiguration
    /// Requests, retries and failures so far, for the run record.
    public let metrics = TwilioRequestMetrics()
    private let transport: TwilioTransport

    public init(credentials: Credentials, configuration: TwilioClientConfiguration = TwilioClientConfiguration(),
                logger: Logger = Logger(label: "transcripts.twilio")) {
        self.credentials = credentials
        self.configuration = configuration
        transport = TwilioTransport(credentials: credentials, configuration: configuration, metrics: metrics,
                                    logger: logger)
    }

    deinit {
        transport.invalidate()
    }

    /// "/2010-04-01/Accounts/AC…"
    public var accountPath: String { "/2010-04-01/Accounts/\(credentials.accountSid)" }

    // MARK: Transcriptions

    /// The first page of all transcriptions (Twilio lists them newest date_updated first; there is no filter).
    public func transcriptionsPage(pageSize: Int = 1000) async throws -> TwilioPage<Transcription> {
        try await page(path: accountPath + "/Transcriptions.json", query: [("PageSize", String(pageSize))])
    }

    /// The page at a `next_page_uri`, followed exactly as Twilio gave it.
    public func transcriptionsPage(following nextPageURI: String) async throws -> TwilioPage<Transcription> {
        try await page(at: nextPageURI)
    }

    /// The full resource, whose `text` is present even when the list left it null.
    public func transcription(sid: String) async throws -> Lookup<Transcription> {
        try await resource(path: accountPath + "/Transcriptions/\(Self.percentEncoded(sid)).json", sid: sid)
    }

    /// The `.txt` representation: the transcription text alone. Its body must come as `text/plain` and be
    /// UTF-8; anything else (a cut-off JSON error body, a proxy's HTML page) is retried, never returned as text.
    public func transcriptionText(sid: String) async throws -> Lookup<String> {
        let url = try url(path: accountPath + "/Transcriptions/\(Self.percentEncoded(sid)).txt")
        let text = try await transport.get(url, mediaType: "text/plain", notFoundIsAnswer: true) { data in
            guard let text = String(validating: data, as: UTF8.self) else {
                throw TwilioError.malformedResponse(path: url.path, detail: "the text is not UTF-8")
            }
            return text
        }
        return text.map(Lookup.found) ?? .notFound
    }

    // MARK: Recordings

    /// The first page of recordings matching `query` (newest first).
    public func recordingsPage(_ query: RecordingQuery = RecordingQuery(),
                               pageSize: Int = 1000) async throws -> TwilioPage<Recording> {
        try await page(path: accountPath + "/Recordings.json", query: query.queryItems + [("PageSize", String(pageSize))])
    }

    public func recordingsPage(following nextPageURI: String) async throws -> TwilioPage<Recording> {
        try await page(at: nextPageURI)
    }

    /// One recording, soft-deleted ones included (status "deleted"); `.notFound` when it does not exist.
    public func recording(sid: String) async throws -> Lookup<Recording> {
        try await resource(path: accountPath + "/Recordings/\(Self.percentEncoded(sid)).json",
                           query: [("IncludeSoftDeleted", "true")], sid: sid)
    }

    // MARK: Plumbing

    private func page<Item: TwilioListItem>(path: String, query: [(name: String, value: String)]) async throws -> TwilioPage<Item> {
        try await page(at: try url(path: path, query: query))
    }

    private func page<Item: TwilioListItem>(at nextPageURI: String) async throws -> TwilioPage<Item> {
        // Only a path of this account on the configured host: the credentials go nowhere else.
        guard nextPageURI.hasPrefix(accountPath + "/"), let url = URL(string: baseURLText + nextPageURI) else {
            throw TwilioError.invalidPageURI(nextPageURI)
        }
        return try await page(at: url)
    }

    /// A list page. A list that 404s is an error (wrong account), not an empty answer: the transport throws for
    /// it, so nil never comes back here.
    private func page<Item: TwilioListItem>(at url: URL) async throws -> TwilioPage<Item> {
        let page = try await transport.get(url, mediaType: "application/json", notFoundIsAnswer: false) { data in
            try decode(ListPageEnvelope<Item>.self, from: data, url: url).page
        }
        guard let page else { throw TwilioError.http(status: 404, path: url.path, body: nil) }
        return page
    }

    /// One resource, which must be the one asked for: a body naming another SID is not this resource's answer.
    private func resource<Value: TwilioResource>(path: String, query: [(name: String, value: String)] = [],
                                                 sid: String) async throws -> Lookup<Value> {
        let url = try url(path: path, query: query)
        let value = try await transport.get(url, mediaType: "application/json", notFoundIsAnswer: true) { data in
            let value = try decode(Value.self, from: data, url: url)
            guard value.sid == sid else {
                throw TwilioError.malformedResponse(path: url.path, detail: "the body is not resource \(sid)")
            }
            return value
        }
        return value.map(Lookup.found) ?? .notFound
    }

    // MARK: Newer APIs (absolute `meta.next_page_url` paging)

    /// A page at an absolute `next_page_url` as Twilio gave it — only when it is on `base`'s scheme, host and
    /// port, so the credentials never go to another host, whatever a body says.
    func metaPage<Item: Decodable & Sendable>(following nextPageURL: String, base: URL,
                                              key: String) async throws -> TwilioMetaPage<Item> {
        guard let url = URL(string: nextPageURL), Self.sameOrigin(url, base), url.user == nil, url.password == nil else {
            throw TwilioError.invalidPageURI(nextPageURL)
        }
        return try await metaPage(at: url, key: key)
    }

    func metaPage<Item: Decodable & Sendable>(at url: URL, key: String) async throws -> TwilioMetaPage<Item> {
        let page = try await transport.get(url, mediaType: "application/json", notFoundIsAnswer: false) { data in
            let decoder = JSONDecoder()
            decoder.userInfo[MetaPageEnvelope<Item>.keyInfo] = key
            do {
                return try decoder.decode(MetaPageEnvelope<Item>.self, from: data).page
            } catch let error as DecodingError {
                throw TwilioError.malformedResponse(path: url.path, detail: Self.describe(error))
            }
        }
        guard let page else { throw TwilioError.http(status: 404, path: url.path, body: nil) }
        return page
    }

    /// One resource whose body must name `sid`.
    func identified<Value: Decodable & Sendable & TwilioIdentified>(at url: URL, sid: String) async throws -> Lookup<Value> {
        let value = try await transport.get(url, mediaType: "application/json", notFoundIsAnswer: true) { data in
            let value = try decode(Value.self, from: data, url: url)
            guard value.sid == sid else {
                throw TwilioError.malformedResponse(path: url.path, detail: "the body is not resource \(sid)")
            }
            return value
        }
        return value.map(Lookup.found) ?? .notFound
    }

    static func sameOrigin(_ url: URL, _ base: URL) -> Bool {
        func port(_ url: URL) -> Int? { url.port ?? (url.scheme?.lowercased() == "https" ? 443 : url.scheme?.lowercased() == "http" ? 80 : nil) }
        return url.scheme?.lowercased() == base.scheme?.lowercased() && url.host?.lowercased() == base.host?.lowercased()
            && port(url) == port(base)
    }

    func url(base: URL, path: String, query: [(name: String, value: String)] = []) throws -> URL {
        var text = base.absoluteString
        if text.hasSuffix("/") { text.removeLast() }
        let queryText = query.map { "\(Self.percentEncoded($0.name))=\(Self.percentEncoded($0.value))" }
            .joined(separator: "&")
        guard let url = URL(string: text + path + (queryText.isEmpty ? "" : "?" + queryText)) else {
            throw TwilioError.invalidAPIBase(text, reason: "cannot form a URL with \(path)")
        }
        return url
    }

    private func decode<Value: Decodable>(_ type: Value.Type, from data: Data, url: URL) throws -> Value {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw TwilioError.malformedResponse(path: url.path, detail: Self.describe(error))
        }
    }

    private var baseURLText: String {
        let text = configuration.baseURL.absoluteString
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    private func url(path: String, query: [(name: String, value: String)] = []) throws -> URL {
        let queryText = query.map { "\(Self.percentEncoded($0.name))=\(Self.percentEncoded($0.value))" }
            .joined(separator: "&")
        guard let url = URL(string: baseURLText + path + (queryText.isEmpty ? "" : "?" + queryText)) else {
            throw TwilioError.invalidAPIBase(baseURLText, reason: "cannot form a URL with \(path)")
        }
        return url
    }

    private static let unreserved = CharacterSet(charactersIn:
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// Percent-encodes everything but RFC 3986's unreserved characters: SIDs pass unchanged, and Twilio's
    /// inequality keys become `DateCreated%3C`, which a raw `<` in a URL could not be.
    static func percentEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    /// "keyNotFound 'sid' at transcriptions.3" style text, enough to find the bad field in the body.
    static func describe(_ error: DecodingError) -> String {
        func at(_ context: DecodingError.Context) -> String {
            let path = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(context.debugDescription) (at \(path))"
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing key \"\(key.stringValue)\": " + at(context)
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return at(context)
        @unknown default: return "\(error)"
        }
    }
}
