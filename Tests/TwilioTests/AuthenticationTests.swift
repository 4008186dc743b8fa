import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TwilioClient
import TwilioEmulator

// The time limit turns a regression of the URLSession 401 hang into a failure instead of a stuck run.
@Suite("Authentication against the emulator", .timeLimit(.minutes(1)))
struct AuthenticationTests {
    static let otherAccount = "AC" + String(repeating: "9", count: 32)

    @Test("a wrong auth token fails at once with authenticationFailed (no URLSession hang), never retried, never printed")
    func wrongTokenFailsFast() async throws {
        try await withEmulator(emulatorConfiguration(count: 5)) { server in
            let wrongToken = "wrong-token-5f5f5f5f"
            let credentials = try Credentials(accountSid: TestCredentials.accountSid, authToken: wrongToken)
            // The request timeout is far above the bound asserted, so passing means the challenge was refused.
            let client = try makeClient(for: server, credentials: credentials, requestTimeout: 60)
            let started = ContinuousClock.now
            let error = await #expect(throws: TwilioError.self) { try await client.transcriptionsPage() }
            // Without the refusal the request would wait for its 120 s deadline; 20 s leaves room for a loaded machine.
            #expect(ContinuousClock.now - started < .seconds(20))
            #expect(error == .authenticationFailed(accountSid: TestCredentials.accountSid))
            #expect(error?.isAuthenticationFailure == true)
            // A failed expectation above (e.g. the suite's time limit cancelled the request) must not crash the run.
            let thrown = try #require(error)
            for text in [String(describing: thrown), String(reflecting: thrown), "\(credentials)", String(reflecting: credentials)] {
                #expect(!text.contains(wrongToken))
            }
            #expect(String(describing: thrown).contains(TestCredentials.accountSid))
            #expect(server.stats.count(.listTranscriptions, status: 401) == 1)
            #expect(client.metrics.snapshot().retries == 0)
        }
    }

    @Test("the emulator's 401 carries WWW-Authenticate: Basic, which is what makes URLSession challenge")
    func challengeIsActuallyRaised() async throws {
        try await withEmulator(emulatorConfiguration(count: 5)) { server in
            let credentials = try Credentials(accountSid: TestCredentials.accountSid, authToken: "nope")
            let client = try makeClient(for: server, credentials: credentials)
            _ = try? await client.transcription(sid: "TR" + String(repeating: "1", count: 32))
            #expect(client.metrics.snapshot().refusedChallenges == 1)
        }
    }

    @Test("an API key and secret authenticate with the account SID in the path")
    func apiKeyAuthenticates() async throws {
        try await withEmulator(emulatorConfiguration(count: 30)) { server in
            let client = try makeClient(for: server, credentials: TestCredentials.key)
            let page = try await client.transcriptionsPage(pageSize: 1000)
            #expect(page.items.count == 30)
            #expect(page.nextPageURI == nil)
        }
    }

    @Test("a wrong API secret, or a key used for another account, is authenticationFailed")
    func apiKeyFailures() async throws {
        try await withEmulator(emulatorConfiguration(count: 5)) { server in
            let wrongSecret = try Credentials(apiKey: TestCredentials.apiKey, apiSecret: "not-the-secret",
                                              accountSid: TestCredentials.accountSid)
            await #expect(throws: TwilioError.authenticationFailed(accountSid: TestCredentials.accountSid)) {
                try await makeClient(for: server, credentials: wrongSecret).transcriptionsPage()
            }
            let otherAccount = try Credentials(apiKey: TestCredentials.apiKey, apiSecret: TestCredentials.apiSecret,
                                               accountSid: Self.otherAccount)
            await #expect(throws: TwilioError.authenticationFailed(accountSid: Self.otherAccount)) {
                try await makeClient(for: server, credentials: otherAccount).recordingsPage()
            }
        }
    }

    @Test("the right auth token on another account's path is 404 with error 20404, as Twilio answers")
    func tokenForAnotherAccountPathIsNotFound() async throws {
        try await withEmulator(emulatorConfiguration(count: 5)) { server in
            let path = "/2010-04-01/Accounts/\(Self.otherAccount)/Transcriptions.json"
            var request = URLRequest(url: URL(string: server.baseURL + path)!)
            let basic = Data("\(TestCredentials.accountSid):\(TestCredentials.authToken)".utf8).base64EncodedString()
            request.setValue("Basic " + basic, forHTTPHeaderField: "Authorization")
            let (data, response) = try await URLSession.shared.data(for: request)
            #expect((response as? HTTPURLResponse)?.statusCode == 404)
            let body = try JSONDecoder().decode(TwilioErrorBody.self, from: data)
            #expect(body.code == 20404)
            #expect(body.message == "The requested resource \(path) was not found")
        }
    }
}
