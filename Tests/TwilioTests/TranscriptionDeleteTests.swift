import Foundation
import Testing
import TwilioClient
import TwilioEmulator

/// `DELETE …/Transcriptions/{Sid}.json` and its recording-scoped twin: 204 with an empty body, then the
/// transcription is gone everywhere (its recording stays), as on Twilio.
@Suite("Transcription delete")
struct TranscriptionDeleteTests {
    @Test("DELETE answers 204 with no body; afterwards lists omit the transcription and fetches are 404")
    func deleteRemovesEverywhere() async throws {
        try await withEmulator(emulatorConfiguration(count: 30, absentRecordingRate: 0)) { server in
            let raw = RawTwilioRequests(server: server)
            let call = try #require(server.store.transcriptions().dropFirst(3).first)
            let path = raw.accountPath + "/Transcriptions/\(call.transcriptionSid).json"

            let (status, body) = try await raw.send("DELETE", path)
            #expect(status == 204)
            #expect(body.isEmpty)
            #expect(server.store.transcription(sid: call.transcriptionSid) == nil)

            let fetch = try await raw.error("GET", path)
            #expect(fetch.status == 404)
            #expect(fetch.body.code == 20404)
            #expect(fetch.body.message == "The requested resource \(path) was not found")
            #expect(try await raw.error("GET", raw.accountPath + "/Transcriptions/\(call.transcriptionSid).txt").status == 404)
            let listed = try await raw.walk(raw.accountPath + "/Transcriptions.json?PageSize=7", key: "transcriptions").sids
            #expect(listed.count == 29)
            #expect(!listed.contains(call.transcriptionSid))
            #expect(try await raw.walk(raw.accountPath + "/Recordings/\(call.recordingSid)/Transcriptions.json",
                                       key: "transcriptions").sids == [])
            #expect(try await raw.send("GET", raw.accountPath + "/Recordings/\(call.recordingSid).json").status == 200)

            let again = try await raw.error("DELETE", path)
            #expect(again.status == 404)
            #expect(again.body.code == 20404)
            #expect(server.stats.count(.deleteTranscription, status: 204) == 1)
            #expect(server.stats.count(.deleteTranscription, status: 404) == 1)
        }
    }

    @Test("the recording-scoped DELETE removes it; through another recording it is 404 and the transcription stays")
    func deleteThroughRecording() async throws {
        try await withEmulator(emulatorConfiguration(count: 10)) { server in
            let raw = RawTwilioRequests(server: server)
            let calls = server.store.transcriptions()
            let call = try #require(calls.first), other = try #require(calls.last)
            let wrong = raw.accountPath + "/Recordings/\(other.recordingSid)/Transcriptions/\(call.transcriptionSid).json"
            #expect(try await raw.error("DELETE", wrong).status == 404)
            #expect(server.store.transcription(sid: call.transcriptionSid) != nil)

            let scoped = raw.accountPath + "/Recordings/\(call.recordingSid)/Transcriptions/\(call.transcriptionSid).json"
            let (status, body) = try await raw.send("DELETE", scoped)
            #expect(status == 204)
            #expect(body.isEmpty)
            #expect(try await raw.error("GET", scoped).status == 404)
            #expect(try await raw.error("GET", raw.accountPath + "/Transcriptions/\(call.transcriptionSid).json").status == 404)
            #expect(server.stats.count(.deleteRecordingTranscription, status: 204) == 1)
        }
    }
}
