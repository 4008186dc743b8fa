import Foundation
import Testing
import TwilioClient
import TwilioEmulator

/// Credentials the fixture's emulator accepts.
enum TestCredentials {
    static let accountSid = EmulatorConfiguration().accountSid
    static let authToken = "fixture-token-0f1e2d3c"
    static let apiKey = "SK" + String(repeating: "ab", count: 16)
    static let apiSecret = "fixture-api-secret-9a8b7c"

    static var token: Credentials { try! Credentials(accountSid: accountSid, authToken: authToken) }
    static var key: Credentials { try! Credentials(apiKey: apiKey, apiSecret: apiSecret, accountSid: accountSid) }
}

/// An emulator configuration with the fixture's credentials and no faults.
func emulatorConfiguration(count: Int, nullTextRate: Double = 0.3, faults: FaultConfiguration = .none,
                           absentRecordingRate: Double = 0.02, deletedRecordingRate: Double = 0.02) -> EmulatorConfiguration {
    EmulatorConfiguration(seed: 7, count: count, authToken: TestCredentials.authToken,
                          apiKeys: [TestCredentials.apiKey: TestCredentials.apiSecret], nullTextRate: nullTextRate,
                          absentRecordingRate: absentRecordingRate, deletedRecordingRate: deletedRecordingRate,
                          faults: faults)
}

/// Tiny delays so retry tests take milliseconds; the request timeout is long so "fails fast" means something.
let fastRetries = RetryPolicy(maxAttempts: 8, baseDelay: 0.002, maxDelay: 0.02)

func makeClient(for server: EmulatorServer, credentials: Credentials = TestCredentials.token,
                retry: RetryPolicy = fastRetries, requestTimeout: TimeInterval = 20) throws -> TwilioClient {
    let configuration = TwilioClientConfiguration(baseURL: try APIBase.resolve(explicit: server.baseURL, environment: [:]),
                                                  requestTimeout: requestTimeout, retry: retry)
    return TwilioClient(credentials: credentials, configuration: configuration)
}

/// Runs `body` against a fresh emulator on an ephemeral loopback port, and stops it afterwards.
func withEmulator(_ configuration: EmulatorConfiguration,
                  _ body: (EmulatorServer) async throws -> Void) async throws {
    try await EmulatorServer.withRunning(configuration, body)
}
