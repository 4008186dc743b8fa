import Foundation

/// Renders a v2010 list page exactly as Twilio shapes it:
/// `{end, first_page_uri, next_page_uri, page, page_size, previous_page_uri, start, <key>: [...], uri}`.
/// Page URIs carry the filters, `PageSize`, `Page` and (after the first page) an opaque `PageToken`.
struct ListPageJSON {
    /// "/2010-04-01/Accounts/AC…/Transcriptions.json"
    let listPath: String
    /// "transcriptions" or "recordings".
    let key: String
    /// Filters to carry into every page URI, in order.
    let filters: [(name: String, value: String)]
    let paging: PagingRequest
    /// Items already rendered as JSON objects.
    let items: [String]
    let next: PageToken?
    let previous: PageToken?

    func render() -> String {
        let start = paging.page * paging.pageSize
        let end = items.isEmpty ? start : start + items.count - 1
        let requested = uri(page: paging.page, token: paging.token)
        return "{\"end\":\(end),\"first_page_uri\":\(quote(uri(page: 0, token: nil))),"
            + "\"next_page_uri\":\(quote(next.map { uri(page: paging.page + 1, token: $0) })),"
            + "\"page\":\(paging.page),\"page_size\":\(paging.pageSize),"
            + "\"previous_page_uri\":\(quote(previous.map { uri(page: max(0, paging.page - 1), token: $0) })),"
            + "\"start\":\(start),\"\(key)\":[\(items.joined(separator: ","))],\"uri\":\(quote(requested))}"
    }

    private func uri(page: Int, token: PageToken?) -> String {
        var query = filters.map { "\(Self.encode($0.name))=\(Self.encode($0.value))" }
        query.append("PageSize=\(paging.pageSize)")
        query.append("Page=\(page)")
        if let token { query.append("PageToken=\(Self.encode(token.encoded))") }
        return listPath + "?" + query.joined(separator: "&")
    }

    private static let unreserved = CharacterSet(charactersIn:
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    private static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    private func quote(_ text: String?) -> String {
        guard let text else { return "null" }
        return jsonString(text)
    }
}

/// A JSON string literal for `text` (JSONEncoder does the escaping).
func jsonString(_ text: String) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .withoutEscapingSlashes
    return (try? encoder.encode(text)).flatMap { String(data: $0, encoding: .utf8) } ?? "\"\""
}
