import Foundation
import Testing
import TwilioCorpus
import TwilioEmulator

/// An encrypted transcript (encryption_credential_sid CR…) serves its content only from the `/Encrypted` routes:
/// Sentences and OperatorResults answer Twilio's 400 error body.
@Suite("Intelligence encrypted transcripts")
struct IntelligenceEncryptionTests {
    @Test("Sentences is a 400 error; Sentences/Encrypted gives a location, OperatorResults/Encrypted locations")
    func encryptedRoutes() async throws {
        try await withEmulator(intelligenceConfiguration(count: 300, intelligenceCount: 300)) { server in
            let api = IntelligenceRequests(server: server)
            let transcripts = server.store.intelligence.transcripts()
            let encrypted = try #require(transcripts.first { $0.isEncrypted && $0.isCompleted })
            let fetched = try await api.object("/v2/Transcripts/\(encrypted.sid)")
            #expect((fetched["encryption_credential_sid"] as? String)?.hasPrefix("CR") == true)

            let path = "/v2/Transcripts/\(encrypted.sid)"
            for route in ["/Sentences", "/OperatorResults"] {
                let error = try await api.error("GET", path + route)
                #expect(error.status == 400 && error.body.code == 20001 && error.body.status == 400, "\(route)")
                #expect(error.body.message.contains("Encrypted"))
            }
            let sentences = try await api.object(path + "/Sentences/Encrypted")
            #expect((sentences["location"] as? String)?.hasPrefix("https://") == true)
            #expect(sentences["transcript_sid"] as? String == encrypted.sid)
            #expect(sentences["url"] as? String == server.baseURL + path + "/Sentences/Encrypted")
            let results = try await api.object(path + "/OperatorResults/Encrypted")
            #expect((results["locations"] as? [String])?.count == 2)

            let plain = try #require(transcripts.first { !$0.isEncrypted && $0.isCompleted })
            #expect(try await api.error("GET", "/v2/Transcripts/\(plain.sid)/Sentences/Encrypted").status == 404)
            #expect(server.stats.count(.listTranscriptSentences, status: 400) == 1)
            #expect(server.stats.count(.fetchEncryptedSentences, status: 200) == 1)
        }
    }
}
