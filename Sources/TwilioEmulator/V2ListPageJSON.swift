import Foundation
import Hummingbird

/// Renders a list page the way Twilio's v2 APIs (Intelligence) shape it:
/// `{"<key>": [...], "meta": {page, page_size, first_page_url, previous_page_url, url, next_page_url, key}}`.
/// Unlike v2010's relative `*_page_uri`, the URLs are absolute (scheme and the request's host), and carry the
/// request's other parameters, then `PageSize`, `Page` and (past the first page) an opaque `PageToken`.
struct V2ListPageJSON {
    /// "http://127.0.0.1:8080": where the request was sent, so the URLs lead back to this emulator.
    let base: String
    /// "/v2/Transcripts"
    let listPath: String
    let key: String
    /// Parameters to carry into every page URL, in order (filters, Redacted, WordTimestamps).
    let parameters: [(name: String, value: String)]
    let paging: PagingRequest
    /// Items already rendered as JSON objects.
    let items: [String]
    let next: PageToken?
    let previous: PageToken?

    func render() -> String {
        "{\(jsonString(key)):[\(items.joined(separator: ","))],\"meta\":{\"page\":\(paging.page),"
            + "\"page_size\":\(paging.pageSize),\"first_page_url\":\(jsonString(url(page: 0, token: nil))),"
            + "\"previous_page_url\":\(quote(previous.map { url(page: max(0, paging.page - 1), token: $0) })),"
            + "\"url\":\(jsonString(url(page: paging.page, token: paging.token))),"
            + "\"next_page_url\":\(quote(next.map { url(page: paging.page + 1, token: $0) })),"
            + "\"key\":\(jsonString(key))}}"
    }

    private func url(page: Int, token: PageToken?) -> String {
        var query = parameters.map { "\(Self.encode($0.name))=\(Self.encode($0.value))" }
        query.append("PageSize=\(paging.pageSize)")
        query.append("Page=\(page)")
        if let token { query.append("PageToken=\(Self.encode(token.encoded))") }
        return base + listPath + "?" + query.joined(separator: "&")
    }

    private static let unreserved = CharacterSet(charactersIn:
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    private static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    private func quote(_ text: String?) -> String { text.map(jsonString) ?? "null" }
}

extension Request {
    /// "http://" + the Host the client sent (HTTP/1's Host is the authority): v2 resources carry absolute URLs, and
    /// they must lead back here whatever name or port the client used. The emulator serves plain HTTP only.
    var absoluteBase: String {
        "http://" + (head.authority ?? "127.0.0.1")
    }
}

extension QueryParameters {
    /// A boolean parameter (`Redacted`, `WordTimestamps`): "true"/"false" in any case; nil when absent.
    func boolean(_ name: String) throws(TwilioAPIError) -> Bool? {
        guard let text = self[name] else { return nil }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default: throw .badRequest(code: 20001, message: "Invalid \(name): \(text)")
        }
    }

    /// The given parameters among `names`, in that order, to carry into page URLs.
    func carried(_ names: [String]) -> [(name: String, value: String)] {
        names.compactMap { name in self[name].map { (name: name, value: $0) } }
    }
}
