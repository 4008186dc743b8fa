import Foundation
import Testing
import TwilioCorpus
import TwilioEmulator

/// `GET /v2/Transcripts/{Sid}/Media`: a signed, temporary media_url on the emulator's own host, never the same
/// twice, which downloads without credentials (and must: CDNs are never sent them).
@Suite("Intelligence media")
struct IntelligenceMediaTests {
    @Test("media_url is absolute, fresh on every call, and downloads a WAV without credentials")
    func freshSignedURL() async throws {
        try await withEmulator(intelligenceConfiguration(count: 10, intelligenceCount: 10)) { server in
            let api = IntelligenceRequests(server: server)
            let transcript = try #require(server.store.intelligence.transcripts().first)
            let path = "/v2/Transcripts/\(transcript.sid)/Media"
            var urls: [String] = []
            for query in ["", "?Redacted=false", ""] {
                let media = try await api.object(path + query)
                #expect(media["sid"] as? String == transcript.sid)
                #expect(media["account_sid"] as? String == TestCredentials.accountSid)
                #expect(media["service_sid"] as? String == transcript.serviceSid)
                #expect(media["url"] as? String == server.baseURL + path)
                urls.append(try #require(media["media_url"] as? String))
            }
            #expect(Set(urls).count == urls.count, "a fresh signature on every call")
            #expect(urls.allSatisfy { $0.hasPrefix(server.baseURL + "/_emulator/media/\(transcript.sid)?Expires=") && $0.contains("&Signature=") })
            #expect(server.stats.count(.fetchTranscriptMedia, status: 200) == 3)

            let anonymous = IntelligenceRequests(server: server, credentials: nil)
            let download = try await anonymous.send("GET", urls[0])
            #expect(download.status == 200)
            #expect(download.response.value(forHTTPHeaderField: "Content-Type") == "audio/x-wav")
            #expect(download.body.prefix(4) == Data("RIFF".utf8))
            let forged = urls[1].dropLast() + (urls[1].hasSuffix("0") ? "1" : "0")
            #expect(try await anonymous.send("GET", String(forged)).status == 403)
            #expect(try await api.error("GET", path + "?Redacted=perhaps").status == 400)

            server.store.deleteIntelligenceTranscript(sid: transcript.sid)
            #expect(try await anonymous.send("GET", urls[2]).status == 404)
            #expect(try await api.error("GET", path).status == 404)
        }
    }
}
