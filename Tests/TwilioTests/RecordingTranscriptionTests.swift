import Foundation
import Testing
import TwilioClient
import TwilioEmulator

/// `…/Recordings/{RecordingSid}/Transcriptions.json` and `…/Transcriptions/{Sid}.json` under it: the paths
/// twilio-python's `client.recordings(sid).transcriptions` uses.
@Suite("Recording-scoped transcriptions")
struct RecordingTranscriptionTests {
    @Test("a recording's transcriptions list newest first, paged by next_page_uri like the account-level list")
    func listIsPaged() async throws {
        try await withEmulator(emulatorConfiguration(count: 60)) { server in
            let raw = RawTwilioRequests(server: server)
            let recording = try #require(server.store.transcriptions().last?.recordingSid)
            for status in ["completed", "failed", "in-progress", "completed"] {
                try #require(server.store.addTranscription(status: status, recordingSid: recording) != nil)
            }
            let truth = server.store.transcriptions().filter { $0.recordingSid == recording }.map(\.transcriptionSid)
            #expect(truth.count == 5)

            let path = raw.accountPath + "/Recordings/\(recording)/Transcriptions.json"
            let (sids, pages) = try await raw.walk(path + "?PageSize=2", key: "transcriptions")
            #expect(sids == truth)
            #expect(pages == 3)
            let first = try await raw.object(path + "?PageSize=2")
            #expect(first["first_page_uri"] as? String == path + "?PageSize=2&Page=0")
            #expect(first["page_size"] as? Int == 2)
            let items = try #require(first["transcriptions"] as? [[String: Any]])
            // Twilio's items keep their account-level uri.
            #expect(items.first?["uri"] as? String == raw.accountPath + "/Transcriptions/\(truth[0]).json")
            #expect(items.allSatisfy { $0["recording_sid"] as? String == recording })

            let unknown = "RE" + String(repeating: "0", count: 32)
            #expect(try await raw.walk(raw.accountPath + "/Recordings/\(unknown)/Transcriptions.json",
                                       key: "transcriptions").sids == [])
            #expect(try await raw.error("GET", path + "?PageSize=0").body.code == 20001)
            #expect(try await raw.error("GET", path + "?PageToken=nonsense").body.code == 21481)
        }
    }

    @Test("a transcription fetched through its recording is the account-level resource; through another, 404")
    func fetchThroughRecording() async throws {
        try await withEmulator(emulatorConfiguration(count: 20)) { server in
            let raw = RawTwilioRequests(server: server)
            let calls = server.store.transcriptions()
            let call = try #require(calls.first), other = try #require(calls.last)
            let scoped = try await raw.object(raw.accountPath + "/Recordings/\(call.recordingSid)/Transcriptions/\(call.transcriptionSid).json")
            let direct = try await raw.object(raw.accountPath + "/Transcriptions/\(call.transcriptionSid).json")
            #expect(NSDictionary(dictionary: scoped) == NSDictionary(dictionary: direct))
            #expect(scoped["transcription_text"] as? String == call.text)

            let wrong = raw.accountPath + "/Recordings/\(other.recordingSid)/Transcriptions/\(call.transcriptionSid).json"
            let (status, body) = try await raw.error("GET", wrong)
            #expect(status == 404)
            #expect(body == TwilioErrorBody(code: 20404, message: "The requested resource \(wrong) was not found",
                                            moreInfo: "https://www.twilio.com/docs/errors/20404", status: 404))
            #expect(server.stats.count(.fetchRecordingTranscription, status: 404) == 1)
        }
    }
}
