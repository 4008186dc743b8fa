import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TwilioClient
import TwilioEmulator

/// Plain HTTP requests to the emulator's Twilio routes with the fixture's Basic credentials, for the endpoints and
/// parameters that TwilioClient does not use (deletes, recording-scoped transcriptions, date-time filters) but
/// Twilio's own helper libraries do.
struct RawTwilioRequests {
    let server: EmulatorServer

    /// "/2010-04-01/Accounts/AC…"
    var accountPath: String { "/2010-04-01/Accounts/\(TestCredentials.accountSid)" }

    func send(_ method: String, _ path: String) async throws -> (status: Int, body: Data) {
        var request = URLRequest(url: try #require(URL(string: server.baseURL + path)))
        request.httpMethod = method
        let basic = Data("\(TestCredentials.accountSid):\(TestCredentials.authToken)".utf8).base64EncodedString()
        request.setValue("Basic " + basic, forHTTPHeaderField: "Authorization")
        let (data, response) = try await URLSession.shared.data(for: request)
        return (try #require(response as? HTTPURLResponse).statusCode, data)
    }

    /// A 200 answer's JSON object; records an issue (and throws) for any other status.
    func object(_ path: String) async throws -> [String: Any] {
        let (status, body) = try await send("GET", path)
        #expect(status == 200, "GET \(path): \(String(decoding: body, as: UTF8.self))")
        return try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
    }

    /// Twilio's error body of a failed request, with its HTTP status.
    func error(_ method: String, _ path: String) async throws -> (status: Int, body: TwilioErrorBody) {
        let (status, body) = try await send(method, path)
        return (status, try JSONDecoder().decode(TwilioErrorBody.self, from: body))
    }

    /// The SIDs of every item of a v2010 list, following next_page_uri until it is null; and the pages read.
    func walk(_ path: String, key: String) async throws -> (sids: [String], pages: Int) {
        var sids: [String] = [], pages = 0
        var next: String? = path
        while let uri = next {
            let page = try await object(uri)
            let items = try #require(page[key] as? [[String: Any]], "no \(key) in \(uri)")
            sids += items.compactMap { $0["sid"] as? String }
            pages += 1
            next = page["next_page_uri"] as? String
        }
        return (sids, pages)
    }
}
