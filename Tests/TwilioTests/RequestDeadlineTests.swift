import Foundation
import Testing
import TwilioClient
import TwilioEmulator

@Suite("Request deadlines and cancellation")
struct RequestDeadlineTests {
    @Test("an answer slower than the deadline is a timeout, retried, then an error; URLSession's own timeout is not relied on")
    func deadlineIsEnforced() async throws {
        try await withEmulator(emulatorConfiguration(count: 5, faults: FaultConfiguration(latencyMilliseconds: 2_500))) { server in
            // URLSession's idle timeout is far off (60 s): only the client's deadline can end these attempts.
            var configuration = TwilioClientConfiguration(
                baseURL: try APIBase.resolve(explicit: server.baseURL, environment: [:]), requestTimeout: 60,
                resourceTimeout: 0.3, retry: RetryPolicy(maxAttempts: 2, baseDelay: 0.01, maxDelay: 0.01))
            configuration.maximumConnectionsPerHost = 4
            let client = TwilioClient(credentials: TestCredentials.token, configuration: configuration)
            let started = ContinuousClock.now
            let error = await #expect(throws: TwilioError.self) { try await client.transcriptionsPage() }
            #expect(ContinuousClock.now - started < .seconds(3))
            guard case .gaveUp(2, .transport(_, let code, _))? = error else {
                Issue.record("expected two timed-out attempts, got \(String(describing: error))")
                return
            }
            #expect(code == URLError.timedOut.rawValue)
        }
    }

    @Test("cancelling many in-flight requests, again and again, returns at once every time")
    func cancellationNeverBlocks() async throws {
        try await withEmulator(emulatorConfiguration(count: 20, faults: FaultConfiguration(latencyMilliseconds: 3))) { server in
            let client = try makeClient(for: server)
            let sids = server.store.transcriptions().map(\.transcriptionSid)
            for round in 0..<40 {
                let started = ContinuousClock.now
                let group = Task {
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for sid in sids { group.addTask { _ = try await client.transcriptionText(sid: sid) } }
                        try await group.waitForAll()
                    }
                }
                // Cancel while some requests are in flight and others are completing: the moment that deadlocked.
                try await Task.sleep(for: .microseconds(500 * (round % 10)))
                group.cancel()
                _ = await group.result
                #expect(ContinuousClock.now - started < .seconds(5), "round \(round)")
            }
        }
    }
}
