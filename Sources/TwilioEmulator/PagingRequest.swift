/// The paging parameters of a list request, validated as Twilio validates them.
struct PagingRequest {
    static let defaultPageSize = 50
    static let maximumPageSize = 1000

    let pageSize: Int
    /// Client state only: Twilio echoes it and increments it in next_page_uri, but pages by `token`.
    let page: Int
    let token: PageToken?

    /// - Parameter maximumPageSize: 1000 for every list but Intelligence's Sentences (5000).
    init(query: QueryParameters, maximumPageSize: Int = PagingRequest.maximumPageSize) throws(TwilioAPIError) {
        if let text = query["PageSize"] {
            guard let size = Int(text), (1...maximumPageSize).contains(size) else {
                throw .badRequest(code: 20001, message: "PageSize must be between 1 and \(maximumPageSize).")
            }
            pageSize = size
        } else {
            pageSize = Self.defaultPageSize
        }
        if let text = query["Page"] {
            guard let number = Int(text), number >= 0 else { throw .badRequest(code: 20001, message: "Invalid Page.") }
            page = number
        } else {
            page = 0
        }
        if let text = query["PageToken"] {
            guard let parsed = PageToken(text) else { throw .badRequest(code: 21481, message: "Invalid PageToken") }
            token = parsed
        } else {
            token = nil
        }
        // Twilio pages only by token; a page number alone is the classic mistake it rejects.
        if page > 0, token == nil { throw .badRequest(code: 20001, message: "PageToken is required for paging.") }
    }
}
