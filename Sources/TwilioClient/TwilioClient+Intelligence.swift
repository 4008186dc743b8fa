import Foundation

/// Conversational Intelligence v2 (`intelligence.twilio.com/v2`), read with the same transport as v2010: the same
/// credentials, retries, deadlines and body checks. The resources' JSON types belong to the source that reads
/// them (IntelligenceHarvest); the client only knows the paths and the paging.
extension TwilioClient {
    /// The first page of transcripts; `query` holds Twilio's filters (`AfterDateCreated`, …) as sent.
    public func intelligenceTranscriptsPage<Item: Decodable & Sendable>(
        _ type: Item.Type, query: [(name: String, value: String)], pageSize: Int = 1000
    ) async throws -> TwilioMetaPage<Item> {
        try await metaPage(at: try url(base: configuration.intelligenceBaseURL, path: "/v2/Transcripts",
                                       query: query + [("PageSize", String(pageSize))]), key: "transcripts")
    }

    /// Any later page of an Intelligence list, by its absolute `next_page_url` (checked: see `metaPage`).
    public func intelligencePage<Item: Decodable & Sendable>(
        _ type: Item.Type, following nextPageURL: String, key: String
    ) async throws -> TwilioMetaPage<Item> {
        try await metaPage(following: nextPageURL, base: configuration.intelligenceBaseURL, key: key)
    }

    /// One transcript; `.notFound` when it does not exist (deleted).
    public func intelligenceTranscript<Value: Decodable & Sendable & TwilioIdentified>(
        _ type: Value.Type, sid: String
    ) async throws -> Lookup<Value> {
        try await identified(at: try url(base: configuration.intelligenceBaseURL,
                                         path: "/v2/Transcripts/\(Self.percentEncoded(sid))"), sid: sid)
    }

    /// The first page of a transcript's sentences (PageSize up to 5000) or operator results (up to 1000).
    /// `redacted`: Twilio's default is the redacted variant whenever the transcript's Service redacts.
    public func intelligenceSubresourcePage<Item: Decodable & Sendable>(
        _ type: Item.Type, transcriptSid: String, subresource: IntelligenceSubresource, redacted: Bool,
        pageSize: Int
    ) async throws -> TwilioMetaPage<Item> {
        let path = "/v2/Transcripts/\(Self.percentEncoded(transcriptSid))/\(subresource.rawValue)"
        return try await metaPage(at: try url(base: configuration.intelligenceBaseURL, path: path,
                                              query: [("Redacted", redacted ? "true" : "false"),
                                                      ("PageSize", String(pageSize))]),
                                  key: subresource.key)
    }

    /// `GET /v2/Transcripts/{GT}/Media`: a fresh, signed `media_url` each call (its lifetime is undocumented, so
    /// it is never stored). `.notFound` when the transcript does not exist.
    public func intelligenceMedia<Value: Decodable & Sendable & TwilioIdentified>(
        _ type: Value.Type, transcriptSid: String, redacted: Bool
    ) async throws -> Lookup<Value> {
        try await identified(at: try url(base: configuration.intelligenceBaseURL,
                                         path: "/v2/Transcripts/\(Self.percentEncoded(transcriptSid))/Media",
                                         query: [("Redacted", redacted ? "true" : "false")]),
                             sid: transcriptSid)
    }
}

/// The paged subresources of an Intelligence transcript.
public enum IntelligenceSubresource: String, Sendable {
    case sentences = "Sentences"
    case operatorResults = "OperatorResults"

    public var key: String {
        switch self {
        case .sentences: "sentences"
        case .operatorResults: "operator_results"
        }
    }
}
