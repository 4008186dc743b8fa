import Foundation
import Synchronization
import Logging
import Testing
import TranscriptIndex
import TranscriptsServer
import TwilioClient
import TwilioEmulator
import TwilioHarvest
import TranscriptionHarvest

@Suite("Serving while a harvest writes")
struct ConcurrentHarvestTests {
    @Test("requests in a loop during a harvest: zero failures, and the results grow as pages commit")
    func servesDuringHarvest() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("transcripts-concurrent-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("index.sqlite").path
        let writer = try IndexDatabase.openForWriting(path: path)

        let token = "concurrent-test-token"
        var faults = FaultConfiguration.none
        faults.latencyMilliseconds = 30  // so the harvest spans many requests of the loop below
        let emulator = try await EmulatorServer.start(EmulatorConfiguration(
            seed: 5, count: 2400, authToken: token, nullTextRate: 0.2, faults: faults))
        defer { Task { await emulator.stop() } }
        let client = TwilioClient(
            credentials: try Credentials(accountSid: emulator.store.accountSid, authToken: token),
            configuration: TwilioClientConfiguration(baseURL: try APIBase.resolve(explicit: emulator.baseURL, environment: [:])))
        let harvester = Harvester(client: client, database: writer, sources: [TranscriptionSource()],
                                  options: HarvestOptions(pageSize: 100, concurrency: 4))

        var quiet = Logger(label: "test")
        quiet.logLevel = .warning
        let server = try await TranscriptsServer.start(database: try IndexDatabase.openForReading(path: path),
                                                       configuration: ServerConfiguration(port: 0), logger: quiet)
        let done = DoneFlag()
        let harvest = Task {
            let report = await harvester.run()
            done.set()
            return report
        }
        var totals: [Int] = []
        var failures: [String] = []
        var requests = 0
        while true {
            let finished = done.isSet
            for path in ["/v1/stats", "/v1/search?q=refund&limit=5", "/v1/search?status=completed&limit=5"] {
                requests += 1
                do {
                    let result = try await request(server, path)
                    if result.status != 200 { failures.append("\(path): \(result.status) \(result.body)") }
                    if path == "/v1/stats", let total = result.json?["transcriptions"] as? Int { totals.append(total) }
                } catch {
                    failures.append("\(path): \(error)")
                }
            }
            if finished { break }
        }
        let report = await harvest.value
        await server.stop()

        #expect(report.outcome == .succeeded, "\(report.error ?? "")")
        #expect(failures.isEmpty, "\(failures.prefix(5))")
        #expect(totals == totals.sorted(), "the count never went backwards")
        #expect(Set(totals).count >= 3, "saw the index grow page by page: \(Set(totals).sorted())")
        #expect(totals.last == 2400)
        #expect(requests > 30)
    }
}

/// Set by the harvest task when it ends; read by the request loop without waiting.
private final class DoneFlag: Sendable {
    private let flag = Mutex(false)
    var isSet: Bool { flag.withLock { $0 } }
    func set() { flag.withLock { $0 = true } }
}
