import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TwilioClient
import TwilioEmulator

/// The `/_emulator` routes, over HTTP as a harvest test driving a separate emulator process would use them.
@Suite("Emulator control API")
struct ControlAPITests {
    func send(_ method: String, _ url: String, json: String? = nil) async throws -> (Int, Data) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        request.httpBody = json.map { Data($0.utf8) }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as! HTTPURLResponse).statusCode, data)
    }

    @Test("add, complete and delete transcriptions, and read request stats")
    func addCompleteDeleteAndStats() async throws {
        try await withEmulator(emulatorConfiguration(count: 50)) { server in
            let client = try makeClient(for: server)
            let control = server.baseURL + "/_emulator"

            let (addStatus, addBody) = try await send("POST", control + "/transcriptions", json: #"{"status":"in-progress"}"#)
            #expect(addStatus == 201)
            let added = try #require(try JSONSerialization.jsonObject(with: addBody) as? [String: Any])
            let sid = try #require(added["sid"] as? String)
            #expect(try await client.transcriptionsPage(pageSize: 1).items.first?.sid == sid)

            let (completeStatus, _) = try await send("POST", control + "/transcriptions/\(sid)/complete",
                                                     json: #"{"text":"the refund arrived"}"#)
            #expect(completeStatus == 200)
            let completed = try #require(try await client.transcription(sid: sid).value)
            #expect(completed.status == "completed")
            #expect(completed.text == "the refund arrived")

            #expect(try await send("DELETE", control + "/transcriptions/\(sid)").0 == 204)
            #expect(try await client.transcription(sid: sid) == .notFound)
            #expect(try await send("DELETE", control + "/transcriptions/\(sid)").0 == 404)

            let (_, statsBody) = try await send("GET", control + "/stats")
            let stats = try JSONDecoder().decode(RequestStatsSnapshot.self, from: statsBody)
            #expect(stats == server.stats.snapshot())
            #expect(stats.total == 3)
            #expect(stats.endpoints[EmulatorEndpoint.fetchTranscription.rawValue] == ["200": 1, "404": 1])
            #expect(try await send("DELETE", control + "/stats").0 == 204)
            #expect(server.stats.total == 0)
        }
    }

    @Test("GET /_emulator/recordings lists every recording that exists, soft-deleted ones included, in list order")
    func recordingsTruth() async throws {
        try await withEmulator(emulatorConfiguration(count: 200, absentRecordingRate: 0.05, deletedRecordingRate: 0.05)) { server in
            let (status, body) = try await send("GET", server.baseURL + "/_emulator/recordings")
            #expect(status == 200)
            let items = try #require(try JSONSerialization.jsonObject(with: body) as? [[String: Any]])
            #expect(items.compactMap { $0["sid"] as? String }
                == server.store.recordings(includeSoftDeleted: true).map(\.recordingSid))
            #expect(items.contains { $0["status"] as? String == "deleted" })
            #expect(items.count < 200, "absent recordings are not listed")
            #expect(server.stats.total == 0, "control routes are not counted")
        }
    }

    @Test("faults can be changed while serving")
    func faultsAreAdjustable() async throws {
        try await withEmulator(emulatorConfiguration(count: 5)) { server in
            let (status, body) = try await send("PUT", server.baseURL + "/_emulator/faults", json: #"{"rate_limit_rate":1}"#)
            #expect(status == 200)
            #expect(try JSONDecoder().decode(FaultConfiguration.self, from: body) == FaultConfiguration(rateLimitRate: 1))
            let client = try makeClient(for: server, retry: RetryPolicy(maxAttempts: 1))
            await #expect(throws: TwilioError.self) { try await client.transcriptionsPage() }
            #expect(server.stats.count(.listTranscriptions, status: 429) == 1)
        }
    }
}
