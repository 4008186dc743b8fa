import Foundation
import Logging
import Testing
import TranscriptIndex
import TranscriptsServer
import TwilioClient
import TwilioEmulator
import IntelligenceHarvest

/// `GET /v1/transcriptions/{GT…}/media`: opt-in (`serve --media`), a fresh URL per request from Twilio.
@Suite("HTTP: transcript media")
struct MediaRouteTests {
    @Test("without credentials the route says why there is no media; with them each request gets a fresh URL")
    func optInAndFresh() async throws {
        let index = try IndexFixture.make(calls: 10)
        defer { index.remove() }
        let sid = "GT" + String(repeating: "a", count: 32)
        try await withServer(index) { server in
            let none = try await request(server, "/v1/transcriptions/\(sid)/media")
            #expect(none.status == 404)
            #expect(none.json?["error"].flatMap { ($0 as? [String: Any])?["code"] as? String } == "media_unavailable")
            #expect(none.body.contains("--media"))
            #expect(try await request(server, "/v1/transcriptions/TR\(String(repeating: "a", count: 32))/media").status == 400)
        }

        var configuration = EmulatorConfiguration(seed: 3, count: 5, authToken: "media-token-abcdefgh")
        configuration.intelligenceCount = 5
        try await EmulatorServer.withRunning(configuration) { emulator in
            let client = TwilioClient(
                credentials: try Credentials(accountSid: emulator.store.accountSid, authToken: "media-token-abcdefgh"),
                configuration: TwilioClientConfiguration(baseURL: try APIBase.resolve(explicit: emulator.baseURL, environment: [:])))
            let transcript = try #require(emulator.store.intelligence.transcripts().first)
            var quiet = Logger(label: "test")
            quiet.logLevel = .warning
            let server = try await TranscriptsServer.start(
                database: try IndexDatabase.openForReading(path: index.path), configuration: ServerConfiguration(port: 0),
                media: { sid in try await TranscriptMedia.url(client: client, transcriptSid: sid) }, logger: quiet)
            defer { Task { await server.stop() } }
            let first = try await request(server, "/v1/transcriptions/\(transcript.sid)/media")
            let second = try await request(server, "/v1/transcriptions/\(transcript.sid)/media")
            #expect(first.status == 200, "\(first.body)")
            #expect(first.json?["sid"] as? String == transcript.sid)
            let urls = [first, second].compactMap { $0.json?["media_url"] as? String }
            #expect(urls.count == 2 && urls[0] != urls[1], "\(urls)")
            let missing = try await request(server, "/v1/transcriptions/GT\(String(repeating: "f", count: 32))/media")
            #expect(missing.status == 404)
            #expect(missing.json?["error"].flatMap { ($0 as? [String: Any])?["code"] as? String } == "not_found")
        }
    }
}
