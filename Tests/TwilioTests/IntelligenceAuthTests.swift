import Foundation
import Testing
import TwilioCorpus
import TwilioEmulator

/// The v2 routes sit behind the same middlewares as v2010: counted, fault-injected, and authenticated with the
/// account's token or API key (no account in the path).
@Suite("Intelligence authentication, counting and faults", .timeLimit(.minutes(1)))
struct IntelligenceAuthTests {
    static func basic(_ user: String, _ password: String) -> [String: String] {
        ["Authorization": "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()]
    }

    @Test("no credentials or a wrong token is Twilio's 401 with a Basic challenge; the token and API keys work")
    func authentication() async throws {
        try await withEmulator(intelligenceConfiguration(count: 5, intelligenceCount: 5)) { server in
            let sid = try #require(server.store.intelligence.transcripts().first?.sid)
            for path in ["/v2/Transcripts", "/v2/Transcripts/\(sid)", "/v2/Transcripts/\(sid)/Sentences", "/v2/Services"] {
                let anonymous = try await PlainHTTP.exchange("GET", port: server.port, path: path)
                #expect(anonymous.status == 401, "\(path)")
                #expect(anonymous.headers["www-authenticate"]?.hasPrefix("Basic") == true)
                let body = try JSONDecoder().decode(TwilioErrorJSON.self, from: anonymous.body)
                #expect(body.code == 20003 && body.status == 401)
            }
            let wrong = try await PlainHTTP.exchange("GET", port: server.port, path: "/v2/Transcripts",
                                           headers: Self.basic(TestCredentials.accountSid, "wrong-token"))
            #expect(wrong.status == 401)
            #expect(try JSONDecoder().decode(TwilioErrorJSON.self, from: wrong.body).code == 20003)
            let otherAccount = "AC" + String(repeating: "9", count: 32)
            let other = try await PlainHTTP.exchange("GET", port: server.port, path: "/v2/Transcripts",
                                           headers: Self.basic(otherAccount, TestCredentials.authToken))
            #expect(other.status == 401)
            let key = IntelligenceRequests(server: server, credentials: (TestCredentials.apiKey, TestCredentials.apiSecret))
            #expect(try await key.send("GET", "/v2/Transcripts").status == 200)
            #expect(try await IntelligenceRequests(server: server).send("DELETE", "/v2/Transcripts/\(sid)").status == 204)
            #expect(server.stats.count(.listIntelligenceTranscripts, status: 401) == 3)
            #expect(server.stats.count(.listIntelligenceTranscripts, status: 200) == 1)
            #expect(server.stats.count(.deleteIntelligenceTranscript, status: 204) == 1)
        }
    }

    @Test("faults apply to v2 requests as to v2010 ones, before authentication")
    func faults() async throws {
        try await withEmulator(intelligenceConfiguration(count: 5, intelligenceCount: 5,
                                                         faults: FaultConfiguration(rateLimitRate: 1))) { server in
            let answer = try await PlainHTTP.exchange("GET", port: server.port, path: "/v2/Transcripts")
            #expect(answer.status == 429)
            #expect(try JSONDecoder().decode(TwilioErrorJSON.self, from: answer.body).code == 20429)
            server.faults.configuration = .none
            #expect(try await IntelligenceRequests(server: server).send("GET", "/v2/Transcripts").status == 200)
            #expect(server.stats.count(.listIntelligenceTranscripts, status: 429) == 1)
        }
    }

    @Test("v2010 routes are unchanged beside the v2 ones")
    func v2010Unchanged() async throws {
        try await withEmulator(intelligenceConfiguration(count: 12, intelligenceCount: 12)) { server in
            let raw = RawTwilioRequests(server: server)
            let (sids, _) = try await raw.walk(raw.accountPath + "/Transcriptions.json?PageSize=5", key: "transcriptions")
            #expect(sids == server.store.transcriptions().map(\.transcriptionSid))
        }
    }
}
