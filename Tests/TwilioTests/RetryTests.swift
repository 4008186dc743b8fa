import Foundation
import Testing
import TwilioClient
import TwilioEmulator

@Suite("Retries against injected faults")
struct RetryTests {
    @Test("with 20% of requests answered 429 or 5xx, a full walk still returns every transcription once")
    func walkSurvivesRateLimitsAndServerErrors() async throws {
        let faults = FaultConfiguration.failing(rate: 0.2, seed: 3)
        try await withEmulator(emulatorConfiguration(count: 1500, faults: faults)) { server in
            let client = try makeClient(for: server)
            let (items, pages) = try await walkTranscriptions(client, pageSize: 25)
            #expect(items.map(\.sid) == server.store.transcriptions().map(\.transcriptionSid))

            let metrics = client.metrics.snapshot()
            let rateLimited = server.stats.count(.listTranscriptions, status: 429)
            let serverErrors = server.stats.count(.listTranscriptions, status: 500)
                + server.stats.count(.listTranscriptions, status: 503)
            #expect(rateLimited > 0)
            #expect(serverErrors > 0)
            #expect(metrics.retries == rateLimited + serverErrors)
            #expect(metrics.requests == pages + metrics.retries)
            #expect(metrics.requests == server.stats.count(.listTranscriptions))
        }
    }

    @Test("dropped connections (no response at all) do not stop a walk")
    func walkSurvivesDroppedConnections() async throws {
        var faults = FaultConfiguration.none
        faults.dropRate = 0.15
        faults.seed = 11
        try await withEmulator(emulatorConfiguration(count: 600, faults: faults)) { server in
            let client = try makeClient(for: server)
            let (items, pages) = try await walkTranscriptions(client, pageSize: 20)
            #expect(items.map(\.sid) == server.store.transcriptions().map(\.transcriptionSid))
            let dropped = server.stats.snapshot().endpoints[EmulatorEndpoint.listTranscriptions.rawValue]?[RequestStats.dropped] ?? 0
            #expect(dropped > 0)
            #expect(server.stats.count(.listTranscriptions) == pages + dropped)
            // libcurl re-sends a request by itself when a *reused* connection dies without a response, so the
            // client sees (and counts) only the drops that hit fresh connections: its count can be lower.
            #expect(client.metrics.snapshot().requests <= server.stats.count(.listTranscriptions))
        }
    }

    @Test("when every connection drops, the client retries with backoff and gives up with a transport error")
    func droppedConnectionsAreRetriedByTheClient() async throws {
        var faults = FaultConfiguration.none
        faults.dropRate = 1
        try await withEmulator(emulatorConfiguration(count: 5, faults: faults)) { server in
            let client = try makeClient(for: server, retry: RetryPolicy(maxAttempts: 3, baseDelay: 0.001, maxDelay: 0.01))
            let error = await #expect(throws: TwilioError.self) { try await client.transcriptionsPage() }
            guard case .gaveUp(3, .transport(let path, let code, _))? = error else {
                Issue.record("expected gaveUp after transport errors, got \(String(describing: error))")
                return
            }
            #expect(path == client.accountPath + "/Transcriptions.json")
            // Measured on Swift 6.3.1: libcurl's "empty reply from server" surfaces as badServerResponse (-1011),
            // not networkConnectionLost, so the client must treat that code as transient too.
            #expect(code == URLError.badServerResponse.rawValue)
            #expect(client.metrics.snapshot().transportErrors == 3)
            #expect(client.metrics.snapshot().retries == 2)
            #expect(server.stats.count(.listTranscriptions) >= 3)
        }
    }

    @Test("the attempt cap ends a run of 429s with gaveUp, after exactly maxAttempts requests")
    func retriesStopAtTheCap() async throws {
        try await withEmulator(emulatorConfiguration(count: 5, faults: FaultConfiguration(rateLimitRate: 1))) { server in
            let client = try makeClient(for: server, retry: RetryPolicy(maxAttempts: 3, baseDelay: 0.001, maxDelay: 0.01))
            let error = await #expect(throws: TwilioError.self) { try await client.transcriptionsPage() }
            guard case .gaveUp(let attempts, .http(429, _, let body))? = error else {
                Issue.record("expected gaveUp after 429s, got \(String(describing: error))")
                return
            }
            #expect(attempts == 3)
            #expect(body?.code == 20429)
            #expect(server.stats.count(.listTranscriptions, status: 429) == 3)
        }
    }

    @Test("Retry-After is waited for, up to maxDelay, instead of the jittered backoff")
    func retryAfterIsHonoured() async throws {
        let faults = FaultConfiguration(rateLimitRate: 1, retryAfterRate: 1, retryAfterSeconds: 1)
        try await withEmulator(emulatorConfiguration(count: 5, faults: faults)) { server in
            let client = try makeClient(for: server, retry: RetryPolicy(maxAttempts: 2, baseDelay: 0.001, maxDelay: 0.25))
            let started = ContinuousClock.now
            _ = try? await client.transcriptionsPage()
            // Without the header the one backoff would be ≤ 1 ms; with it, the 1 s asked for, capped at 0.25 s.
            #expect(client.metrics.snapshot().backoffSeconds == 0.25)
            #expect(ContinuousClock.now - started >= .milliseconds(250))
        }
    }

    @Test("backoff is full jitter under an exponential ceiling capped at maxDelay")
    func backoffDelays() {
        let policy = RetryPolicy(maxAttempts: 10, baseDelay: 0.5, maxDelay: 4)
        var random = SystemRandomNumberGenerator()
        for retry in 1...8 {
            let ceiling = min(4, 0.5 * pow(2, Double(retry - 1)))
            let delays = (0..<200).map { _ in policy.delay(beforeRetry: retry, retryAfter: nil, using: &random) }
            #expect(delays.allSatisfy { (0...ceiling).contains($0) })
            #expect(delays.max()! > ceiling * 0.8, "the whole range is used")
            #expect(delays.min()! < ceiling * 0.2, "down to nearly zero: full jitter")
        }
        #expect(policy.delay(beforeRetry: 1, retryAfter: 3, using: &random) == 3)
        #expect(policy.delay(beforeRetry: 1, retryAfter: 60, using: &random) == 4)
    }
}
