import Foundation
import Testing
import TranscriptIndex
import TwilioClient
import TwilioHarvest
import TranscriptionHarvest
import IntelligenceHarvest

/// Which sources a harvest reads: without `--source`, every source the credentials can read (a 403 skips one);
/// refused credentials (401) stop the run at the first source.
@Suite("Harvest: every readable source")
struct SourceSelectionTests {
    static let emptyV2010 = #"{"end":0,"first_page_uri":"/x","next_page_uri":null,"page":0,"page_size":50,"previous_page_uri":null,"start":0,"transcriptions":[],"uri":"/x"}"#
    static let forbidden = #"{"code":20003,"message":"Permission Denied","more_info":"https://www.twilio.com/docs/errors/20003","status":403}"#

    static func answer(_ status: String, _ body: String) -> String {
        "HTTP/1.1 \(status)\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body
    }

    static func harvest(_ api: RawHTTPListener, skipsForbidden: Bool) async throws -> HarvestSummary {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sources-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let client = TwilioClient(credentials: TestCredentials.token, configuration: TwilioClientConfiguration(
            baseURL: try APIBase.resolve(explicit: "http://127.0.0.1:\(api.port)", environment: [:]), retry: fastRetries))
        var options = HarvestOptions()
        options.skipsForbiddenSources = skipsForbidden
        let database = try IndexDatabase.openForWriting(path: directory.appendingPathComponent("index.sqlite").path)
        defer { try? database.close() }
        return await Harvester(client: client, database: database,
                               sources: [TranscriptionSource(), IntelligenceSource()], options: options).run()
    }

    @Test("a source the credentials may not read is skipped when no source was named, and fails when it was")
    func forbiddenSourceIsSkipped() async throws {
        let api = try RawHTTPListener { head in
            head.contains("GET /v2/") ? Self.answer("403 Forbidden", Self.forbidden) : Self.answer("200 OK", Self.emptyV2010)
        }
        defer { api.stop() }
        let every = try await Self.harvest(api, skipsForbidden: true)
        #expect(every.outcome == .succeeded, "\(every)")
        #expect(every.report(.transcription)?.outcome == .succeeded)
        #expect(every.report(.intelligence)?.outcome == .skipped)
        #expect(every.report(.intelligence)?.error?.contains("403") == true)
        #expect(!every.authenticationFailed)
        let named = try await Self.harvest(api, skipsForbidden: false)
        #expect(named.outcome == .failed)
        #expect(named.report(.intelligence)?.outcome == .failed)
    }

    @Test("when every source is skipped nothing was read: the run fails")
    func everySourceSkippedFails() async throws {
        let api = try RawHTTPListener { _ in Self.answer("403 Forbidden", Self.forbidden) }
        defer { api.stop() }
        let summary = try await Self.harvest(api, skipsForbidden: true)
        #expect(summary.reports.map(\.outcome) == [.skipped, .skipped])
        #expect(summary.outcome == .failed)
    }

    @Test("refused credentials stop the run at the first source: the others would only be refused too")
    func refusedCredentialsStopTheRun() async throws {
        let api = try RawHTTPListener { _ in
            Self.answer("401 Unauthorized", #"{"code":20003,"message":"Authenticate","status":401}"#)
        }
        defer { api.stop() }
        let summary = try await Self.harvest(api, skipsForbidden: true)
        #expect(summary.outcome == .failed)
        #expect(summary.authenticationFailed)
        #expect(summary.reports.map(\.source) == ["transcription"])
        #expect(api.requests.count == 1)
    }
}
