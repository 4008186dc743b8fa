import Testing
import TranscriptIndex
import TwilioClient
import TwilioEmulator

@Suite("Transcription instance and .txt fetches")
struct TranscriptionFetchTests {
    @Test(".txt text equals the JSON instance's text, including items whose list text was null")
    func textRepresentationMatchesJSON() async throws {
        try await withEmulator(emulatorConfiguration(count: 200, nullTextRate: 0.5)) { server in
            let client = try makeClient(for: server)
            let sample = Array(server.store.transcriptions().prefix(60))
            #expect(sample.contains { server.store.listOmitsText(transcriptionSid: $0.transcriptionSid) })
            #expect(sample.contains { $0.status == "failed" })
            for call in sample {
                let json = try #require(try await client.transcription(sid: call.transcriptionSid).value)
                let text = try #require(try await client.transcriptionText(sid: call.transcriptionSid).value)
                #expect(json.text == call.text)
                #expect(text == (json.text ?? ""))
                #expect(json.sid == call.transcriptionSid)
            }
        }
    }

    @Test("an unknown transcription is .notFound, for both representations, and not retried")
    func unknownTranscriptionIsNotFound() async throws {
        try await withEmulator(emulatorConfiguration(count: 5)) { server in
            let client = try makeClient(for: server)
            let missing = "TR" + String(repeating: "0", count: 32)
            #expect(try await client.transcription(sid: missing) == .notFound)
            #expect(try await client.transcriptionText(sid: missing) == .notFound)
            #expect(server.stats.count(.fetchTranscription, status: 404) == 1)
            #expect(server.stats.count(.fetchTranscriptionText, status: 404) == 1)
        }
    }

    @Test("a malformed JSON body is retried, then a clear error naming the path, without the token")
    func malformedJSONNamesThePath() async throws {
        var faults = FaultConfiguration.none
        faults.malformedRate = 1
        try await withEmulator(emulatorConfiguration(count: 5, faults: faults)) { server in
            let client = try makeClient(for: server)
            let error = await #expect(throws: TwilioError.self) { try await client.transcriptionsPage() }
            guard case .gaveUp(let attempts, .malformedResponse(let path, _))? = error else {
                Issue.record("expected gaveUp(malformedResponse), got \(String(describing: error))")
                return
            }
            #expect(attempts == fastRetries.maxAttempts)
            #expect(path == client.accountPath + "/Transcriptions.json")
            let description = String(describing: error!)
            #expect(description.contains("malformed response from Twilio for \(path)"))
            #expect(!description.contains(TestCredentials.authToken))
            #expect(server.stats.count(.listTranscriptions) == fastRetries.maxAttempts)
            #expect(client.metrics.snapshot().malformedBodies == fastRetries.maxAttempts)
        }
    }

    @Test("a .txt answer that is not text/plain (the emulator's cut-off JSON) is never returned as text")
    func textMustBePlainText() async throws {
        try await withEmulator(emulatorConfiguration(count: 5)) { server in
            let client = try makeClient(for: server)
            let call = try #require(server.store.transcriptions().first { $0.text != nil })
            server.faults.configuration = FaultConfiguration(malformedRate: 1)
            let error = await #expect(throws: TwilioError.self) {
                try await client.transcriptionText(sid: call.transcriptionSid)
            }
            #expect(error?.isMalformedBody == true, "\(String(describing: error))")
            #expect(String(describing: error!).contains("Content-Type is application/json, expected text/plain"))

            // Half the answers broken: every text that comes back is the true one.
            server.faults.configuration = FaultConfiguration(malformedRate: 0.5, seed: 11)
            for call in server.store.transcriptions() where call.text != nil {
                #expect(try await client.transcriptionText(sid: call.transcriptionSid) == .found(call.text!))
                #expect(try await client.transcription(sid: call.transcriptionSid).value?.text == call.text)
            }
            #expect(client.metrics.snapshot().malformedBodies > 0)
        }
    }
}
