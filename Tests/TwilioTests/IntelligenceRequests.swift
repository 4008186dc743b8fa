import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TwilioCorpus
import TwilioEmulator

/// An emulator configuration with the fixture's credentials and `intelligenceCount` Intelligence transcripts.
func intelligenceConfiguration(count: Int = 120, intelligenceCount: Int = 100,
                               faults: FaultConfiguration = .none) -> EmulatorConfiguration {
    var configuration = emulatorConfiguration(count: count, faults: faults)
    configuration.intelligenceCount = intelligenceCount
    return configuration
}

/// Plain HTTP against the emulator's Intelligence v2 routes, as a v2 client uses them: paths or the absolute URLs
/// the API hands out (`meta.next_page_url`, `links`), with the fixture's Basic credentials unless told otherwise.
struct IntelligenceRequests {
    let server: EmulatorServer
    /// (user, password); nil sends no Authorization header.
    var credentials: (String, String)? = (TestCredentials.accountSid, TestCredentials.authToken)

    func send(_ method: String, _ pathOrURL: String,
              json: String? = nil) async throws -> (status: Int, body: Data, response: HTTPURLResponse) {
        let url = pathOrURL.hasPrefix("http") ? pathOrURL : server.baseURL + pathOrURL
        var request = URLRequest(url: try #require(URL(string: url)))
        request.httpMethod = method
        request.httpBody = json.map { Data($0.utf8) }
        if let (user, password) = credentials {
            request.setValue("Basic " + Data("\(user):\(password)".utf8).base64EncodedString(),
                             forHTTPHeaderField: "Authorization")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        return (http.statusCode, data, http)
    }

    /// A 200 answer's JSON object; records an issue (and throws) for any other status.
    func object(_ pathOrURL: String) async throws -> [String: Any] {
        let (status, body, _) = try await send("GET", pathOrURL)
        #expect(status == 200, "GET \(pathOrURL): \(String(decoding: body, as: UTF8.self))")
        return try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
    }

    /// Twilio's error body of a failed request, with its HTTP status.
    func error(_ method: String, _ pathOrURL: String) async throws -> (status: Int, body: TwilioErrorJSON) {
        let (status, body, _) = try await send(method, pathOrURL)
        return (status, try JSONDecoder().decode(TwilioErrorJSON.self, from: body))
    }

    /// Every item of a v2 list, following `meta.next_page_url` until it is null; the pages' metas too.
    func walk(_ path: String, key: String) async throws -> (items: [[String: Any]], metas: [[String: Any]]) {
        var items: [[String: Any]] = [], metas: [[String: Any]] = []
        var next: String? = path
        while let url = next {
            let page = try await object(url)
            items += try #require(page[key] as? [[String: Any]], "no \(key) in \(url)")
            let meta = try #require(page["meta"] as? [String: Any])
            metas.append(meta)
            next = meta["next_page_url"] as? String
            #expect(metas.count <= 10_000, "the walk does not end")
        }
        return (items, metas)
    }
}

/// `{code, message, more_info, status}`: what Twilio answers a failed request with.
struct TwilioErrorJSON: Decodable, Equatable {
    let code: Int
    let message: String
    let status: Int
}

/// Control API calls (no credentials).
func control(_ server: EmulatorServer, _ method: String, _ path: String,
             json: String? = nil) async throws -> (status: Int, body: Data) {
    let answer = try await IntelligenceRequests(server: server, credentials: nil)
        .send(method, "/_emulator/" + path, json: json)
    return (answer.status, answer.body)
}

extension GeneratedTranscript {
    /// Its first sentence that redaction changes, if any.
    func firstRedactedSentence(in content: TranscriptContent) -> GeneratedSentence? {
        content.sentences.first { $0.text != $0.redactedText }
    }
}
