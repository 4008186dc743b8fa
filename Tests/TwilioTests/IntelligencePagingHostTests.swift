import Foundation
import Testing
import TranscriptIndex
import TwilioClient
import TwilioHarvest
import IntelligenceHarvest

/// Intelligence pages by an absolute `meta.next_page_url`. The client follows it only on the host it asked:
/// a page that names another host (a hostile proxy, a corrupted body) is refused before any request, so the
/// credentials never reach that host.
@Suite("Intelligence paging stays on the API host")
struct IntelligencePagingHostTests {
    static func page(next: String) -> String {
        let body = #"{"transcripts":[],"meta":{"key":"transcripts","page":0,"page_size":50,"#
            + #""first_page_url":null,"previous_page_url":null,"url":null,"next_page_url":"\#(next)"}}"#
        return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n"
            + "Connection: close\r\n\r\n" + body
    }

    @Test("a next_page_url on another host (or port, or scheme) is refused, and that host receives nothing")
    func foreignNextPageIsRefused() async throws {
        let thief = try RawHTTPListener { _ in Self.page(next: "") }
        defer { thief.stop() }
        for foreign in ["http://127.0.0.1:\(thief.port)/v2/Transcripts?Page=1", "https://127.0.0.1:\(thief.port)/v2/Transcripts",
                        "http://user:pass@127.0.0.1:\(thief.port)/v2/Transcripts"] {
            let api = try RawHTTPListener { _ in Self.page(next: foreign) }
            defer { api.stop() }
            let client = TwilioClient(
                credentials: TestCredentials.token,
                configuration: TwilioClientConfiguration(
                    baseURL: try APIBase.resolve(explicit: "http://127.0.0.1:\(api.port)", environment: [:]),
                    retry: fastRetries))
            #expect(client.configuration.intelligenceBaseURL.absoluteString == "http://127.0.0.1:\(api.port)",
                    "an explicit API base replaces every product's host")
            // Through the harvest: the Intelligence source's run fails on the refused page, nothing is sent.
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("paging-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let database = try IndexDatabase.openForWriting(path: directory.appendingPathComponent("index.sqlite").path)
            let summary = await Harvester(client: client, database: database, sources: [IntelligenceSource()]).run()
            #expect(summary.outcome == .failed)
            #expect(summary.error?.contains("page") == true, "\(summary.error ?? "")")
            #expect(api.requests.count == 1)
            #expect(api.requests.first?.contains("Authorization: Basic") == true)
        }
        try await Task.sleep(for: .milliseconds(100))
        #expect(thief.requests.isEmpty, "the foreign host got: \(thief.requests)")
    }

    @Test("Twilio's own hosts: Intelligence lives at intelligence.twilio.com, whatever the v2010 region")
    func productHosts() throws {
        let regional = try APIBase.resolve(environment: ["TWILIO_REGION": "ie1", "TWILIO_EDGE": "dublin"])
        #expect(TwilioClientConfiguration(baseURL: regional).intelligenceBaseURL.absoluteString == "https://intelligence.twilio.com")
        #expect(TwilioClientConfiguration().intelligenceBaseURL.absoluteString == "https://intelligence.twilio.com")
        let proxy = try APIBase.resolve(explicit: "https://twilio-proxy.example.com", environment: [:])
        #expect(TwilioClientConfiguration(baseURL: proxy).intelligenceBaseURL == proxy)
    }
}
