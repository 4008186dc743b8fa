import Foundation
import Testing
@testable import TranscriptIndex

/// Every v2010 example body in ../shared/twilio-reference/examples decodes, with the values Twilio sent.
@Suite("Decoding the shared v2010 examples")
struct ExampleDecodingTests {
    /// A list page or a single resource, decoded with the public models.
    struct Page: Decodable {
        var transcriptions: [Transcription]?
        var recordings: [Recording]?
    }

    enum Kind { case transcriptionPage, recordingPage, transcription, recording }

    /// What each example file holds. A file in the folder that is not listed here fails `everyExampleIsListed`.
    static let catalogue: [String: (Kind, count: Int)] = [
        "v2010_account_recordings.fetch.fetch.from-openapi-spec.json": (.recording, 1),
        "v2010_account_recordings.fetch.fetchIncludeSoftDeleted.from-openapi-spec.json": (.recording, 1),
        "v2010_account_recordings.fetch.from-twilio-python-tests.json": (.recording, 1),
        "v2010_account_recordings.fetch_include_soft_deleted.from-twilio-python-tests.json": (.recording, 1),
        "v2010_account_recordings.list.readEmpty.from-openapi-spec.json": (.recordingPage, 0),
        "v2010_account_recordings.list.readFull.from-openapi-spec.json": (.recordingPage, 1),
        "v2010_account_recordings.list.readIncludeSoftDeleted.from-openapi-spec.json": (.recordingPage, 2),
        "v2010_account_recordings.read_empty.from-twilio-python-tests.json": (.recordingPage, 0),
        "v2010_account_recordings.read_full.from-twilio-python-tests.json": (.recordingPage, 1),
        "v2010_account_recordings.read_include_soft_deleted.from-twilio-python-tests.json": (.recordingPage, 2),
        "v2010_account_transcriptions.fetch.fetch.from-openapi-spec.json": (.transcription, 1),
        "v2010_account_transcriptions.fetch.from-twilio-python-tests.json": (.transcription, 1),
        "v2010_account_transcriptions.list.readEmpty.from-openapi-spec.json": (.transcriptionPage, 0),
        "v2010_account_transcriptions.list.readFull.from-openapi-spec.json": (.transcriptionPage, 1),
        "v2010_account_transcriptions.read_empty.from-twilio-python-tests.json": (.transcriptionPage, 0),
        "v2010_account_transcriptions.read_full.from-twilio-python-tests.json": (.transcriptionPage, 1),
        "v2010_recording_transcriptions.fetch.fetch.from-openapi-spec.json": (.transcription, 1),
        "v2010_recording_transcriptions.fetch.from-twilio-python-tests.json": (.transcription, 1),
        "v2010_recording_transcriptions.list.readEmpty.from-openapi-spec.json": (.transcriptionPage, 0),
        "v2010_recording_transcriptions.list.readFull.from-openapi-spec.json": (.transcriptionPage, 1),
        "v2010_recording_transcriptions.read_empty.from-twilio-python-tests.json": (.transcriptionPage, 0),
        "v2010_recording_transcriptions.read_full.from-twilio-python-tests.json": (.transcriptionPage, 1),
    ]

    static let accountSid = placeholderSID("AC")
    static let recordingSid = placeholderSID("RE")
    static let transcriptionSid = placeholderSID("TR")

    func load(_ name: String) throws -> Data {
        let url = sharedExamplesDirectory.appendingPathComponent(name)
        return try #require(FileManager.default.contents(atPath: url.path),
                            "missing shared example \(url.path)")
    }

    func transcriptions(_ name: String) throws -> [Transcription] {
        let data = try load(name)
        switch Self.catalogue[name]?.0 {
        case .transcription: return [try JSONDecoder().decode(Transcription.self, from: data)]
        case .transcriptionPage:
            return try #require(try JSONDecoder().decode(Page.self, from: data).transcriptions)
        default: Issue.record("\(name) is not a transcription example"); return []
        }
    }

    func recordings(_ name: String) throws -> [Recording] {
        let data = try load(name)
        switch Self.catalogue[name]?.0 {
        case .recording: return [try JSONDecoder().decode(Recording.self, from: data)]
        case .recordingPage: return try #require(try JSONDecoder().decode(Page.self, from: data).recordings)
        default: Issue.record("\(name) is not a recording example"); return []
        }
    }

    func iso(_ seconds: Int64?) -> String? { seconds.map(TwilioDate.iso8601) }

    @Test func everyExampleIsListed() throws {
        let names = try sharedV2010ExampleFiles().map(\.lastPathComponent)
        #expect(Set(names) == Set(Self.catalogue.keys),
                "examples folder and catalogue differ: \(Set(names).symmetricDifference(Self.catalogue.keys).sorted())")
    }

    @Test("every example decodes through the importer's shape detection, with the expected number of records",
          arguments: catalogue.keys.sorted())
    func importerShapeDetection(name: String) throws {
        let document = try TwilioDocument.decode(try load(name))
        let expected = try #require(Self.catalogue[name])
        #expect(document.items.count == expected.count)
        for item in document.items {
            switch (item.result, expected.0) {
            case (.success(.transcription), .transcription), (.success(.transcription), .transcriptionPage),
                 (.success(.recording), .recording), (.success(.recording), .recordingPage):
                break
            case (.failure(let error), _):
                Issue.record("\(name) element \(item.index) failed to decode: \(error)")
            default:
                Issue.record("\(name) element \(item.index) decoded as the wrong kind")
            }
        }
    }

    @Test(arguments: [
        "v2010_account_transcriptions.fetch.fetch.from-openapi-spec.json",
        "v2010_account_transcriptions.fetch.from-twilio-python-tests.json",
    ])
    func failedTranscriptionWithBlankText(name: String) throws {
        let t = try #require(try transcriptions(name).first)
        #expect(t.sid == Self.transcriptionSid)
        #expect(t.accountSid == Self.accountSid)
        #expect(t.recordingSid == Self.recordingSid)
        #expect(t.status == "failed")
        #expect(t.type == "fast")
        #expect(t.apiVersion == "2008-08-01")
        #expect(iso(t.dateCreated) == "2011-02-13T02:12:08Z")
        #expect(iso(t.dateUpdated) == "2011-02-13T02:30:01Z")
        #expect(t.duration == 1)
        // Negative money is kept exactly as Twilio wrote it.
        #expect(t.price == "-0.05000")
        #expect(t.priceUnit == "USD")
        #expect(t.text == "(blank)")
        #expect(t.text == Transcription.blankPlaceholder)
        #expect(t.uri == "/2010-04-01/Accounts/\(Self.accountSid)/Transcriptions/\(Self.transcriptionSid).json")
    }

    @Test(arguments: [
        "v2010_account_transcriptions.list.readFull.from-openapi-spec.json",
        "v2010_account_transcriptions.read_full.from-twilio-python-tests.json",
    ])
    func completedTranscriptionWithNullText(name: String) throws {
        let list = try transcriptions(name)
        try #require(list.count == 1)
        let t = list[0]
        #expect(t.sid == Self.transcriptionSid)
        #expect(t.status == "completed")
        #expect(t.text == nil)
        #expect(iso(t.dateCreated) == "2011-08-25T20:59:45Z")
        #expect(iso(t.dateUpdated) == "2011-08-25T20:59:45Z")
        #expect(t.duration == 10)
        #expect(t.price == "0.00000")
        #expect(t.recordingSid == Self.recordingSid)
    }

    @Test(arguments: [
        "v2010_recording_transcriptions.fetch.fetch.from-openapi-spec.json",
        "v2010_recording_transcriptions.fetch.from-twilio-python-tests.json",
        "v2010_recording_transcriptions.list.readFull.from-openapi-spec.json",
        "v2010_recording_transcriptions.read_full.from-twilio-python-tests.json",
    ])
    func inProgressTranscriptionWithText(name: String) throws {
        let list = try transcriptions(name)
        try #require(list.count == 1)
        let t = list[0]
        #expect(t.sid == Self.transcriptionSid)
        #expect(t.status == "in-progress")
        #expect(t.text == "THIS IS A TEST")
        #expect(iso(t.dateCreated) == "2011-08-22T20:58:44Z")
        #expect(iso(t.dateUpdated) == "2011-08-22T20:58:44Z")
        #expect(t.duration == 10)
        #expect(t.price == "0.00000")
        #expect(t.priceUnit == "USD")
        #expect(t.apiVersion == "2008-08-01")
        #expect(t.type == "fast")
    }

    @Test(arguments: [
        "v2010_account_transcriptions.list.readEmpty.from-openapi-spec.json",
        "v2010_account_transcriptions.read_empty.from-twilio-python-tests.json",
        "v2010_recording_transcriptions.list.readEmpty.from-openapi-spec.json",
        "v2010_recording_transcriptions.read_empty.from-twilio-python-tests.json",
    ])
    func emptyTranscriptionPages(name: String) throws {
        #expect(try transcriptions(name).isEmpty)
    }

    @Test(arguments: [
        "v2010_account_recordings.list.readEmpty.from-openapi-spec.json",
        "v2010_account_recordings.read_empty.from-twilio-python-tests.json",
    ])
    func emptyRecordingPages(name: String) throws {
        #expect(try recordings(name).isEmpty)
    }

    /// The encryption details, parsed back from the compact JSON the model keeps, equal the example's object.
    func expectEncryptionDetailsKept(_ recording: Recording, name: String, index: Int,
                                     sourceLocation: SourceLocation = #_sourceLocation) throws {
        let kept = try #require(recording.encryptionDetails, sourceLocation: sourceLocation)
        let parsedKept = try JSONSerialization.jsonObject(with: Data(kept.utf8)) as? NSDictionary
        let original = try JSONSerialization.jsonObject(with: try load(name)) as? [String: Any]
        let source: Any? = original?["recordings"].flatMap { ($0 as? [Any])?[index] } ?? original
        let expected = (source as? [String: Any])?["encryption_details"] as? NSDictionary
        #expect(parsedKept != nil && parsedKept == expected, "kept: \(kept)", sourceLocation: sourceLocation)
        #expect(kept.contains("\"encryption_iv\":\"8I2hhNIYNTrwxfHk\""), sourceLocation: sourceLocation)
    }

    @Test(arguments: [
        "v2010_account_recordings.fetch.fetch.from-openapi-spec.json",
        "v2010_account_recordings.fetch.from-twilio-python-tests.json",
    ])
    func completedRecording(name: String) throws {
        let r = try #require(try recordings(name).first)
        #expect(r.sid == Self.recordingSid)
        #expect(r.accountSid == Self.accountSid)
        #expect(r.callSid == placeholderSID("CA"))
        #expect(r.conferenceSid == placeholderSID("CF"))
        #expect(r.status == "completed")
        #expect(r.source == "StartConferenceRecordingAPI")
        #expect(r.channels == 1)
        #expect(r.duration == 4)
        #expect(iso(r.dateCreated) == "2016-10-14T21:56:34Z")
        #expect(iso(r.dateUpdated) == "2016-10-14T21:56:38Z")
        #expect(iso(r.startTime) == "2016-10-14T21:56:34Z")
        #expect(r.price == "-0.00250")
        #expect(r.priceUnit == "USD")
        #expect(r.errorCode == nil)
        #expect(r.uri == "/2010-04-01/Accounts/\(Self.accountSid)/Recordings/\(Self.recordingSid).json")
        #expect(r.mediaURL == "http://api.twilio.com/2010-04-01/Accounts/\(Self.accountSid)/Recordings/\(Self.recordingSid)")
        try expectEncryptionDetailsKept(r, name: name, index: 0)
    }

    @Test(arguments: [
        "v2010_account_recordings.fetch.fetchIncludeSoftDeleted.from-openapi-spec.json",
        "v2010_account_recordings.fetch_include_soft_deleted.from-twilio-python-tests.json",
    ])
    func softDeletedRecording(name: String) throws {
        let r = try #require(try recordings(name).first)
        #expect(r.sid == Self.recordingSid)
        #expect(r.status == "deleted")
        // "Mon, 14 Feb 2022 22:23:00 +0100" is 21:23 UTC.
        #expect(iso(r.dateCreated) == "2022-02-14T21:23:00Z")
        #expect(iso(r.dateUpdated) == "2022-02-14T21:23:00Z")
        #expect(iso(r.startTime) == "2022-02-14T21:23:00Z")
        #expect(r.channels == 1)
        #expect(r.duration == 4)
        #expect(r.price == "-0.00250")
        #expect(r.callSid == placeholderSID("CA"))
        try expectEncryptionDetailsKept(r, name: name, index: 0)
    }

    @Test(arguments: [
        "v2010_account_recordings.list.readFull.from-openapi-spec.json",
        "v2010_account_recordings.read_full.from-twilio-python-tests.json",
    ])
    func recordingPage(name: String) throws {
        let list = try recordings(name)
        try #require(list.count == 1)
        let r = list[0]
        #expect(r.sid == Self.recordingSid)
        #expect(r.status == "completed")
        #expect(r.price == "0.04")
        #expect(r.channels == 1)
        #expect(r.duration == 4)
        #expect(iso(r.dateUpdated) == "2016-10-14T21:56:38Z")
        try expectEncryptionDetailsKept(r, name: name, index: 0)
    }

    @Test(arguments: [
        "v2010_account_recordings.list.readIncludeSoftDeleted.from-openapi-spec.json",
        "v2010_account_recordings.read_include_soft_deleted.from-twilio-python-tests.json",
    ])
    func recordingPageWithSoftDeleted(name: String) throws {
        let list = try recordings(name)
        try #require(list.count == 2)
        let deleted = list[0], kept = list[1]
        #expect(deleted.sid == Self.recordingSid)
        #expect(deleted.status == "deleted")
        #expect(deleted.channels == 2)
        #expect(deleted.duration == 6)
        #expect(deleted.source == "OutboundAPI")
        #expect(iso(deleted.startTime) == "2022-02-14T21:23:00Z")
        #expect(kept.sid == placeholderSID("RE", last: "b"))
        #expect(kept.status == "completed")
        #expect(kept.callSid == placeholderSID("CA", last: "b"))
        #expect(kept.conferenceSid == placeholderSID("CF", last: "b"))
        #expect(iso(kept.dateCreated) == "2022-02-14T21:23:00Z")
        // This one's start_time is written at +0000, unlike its dates.
        #expect(iso(kept.startTime) == "2022-02-14T22:23:00Z")
        try expectEncryptionDetailsKept(deleted, name: name, index: 0)
        try expectEncryptionDetailsKept(kept, name: name, index: 1)
        #expect(kept.encryptionDetails?.contains(placeholderSID("CR", last: "b")) == true)
    }
}

/// The lenient decoding rules the examples do not exercise: numbers as numbers, nulls, wrong kinds.
@Suite("Lenient field decoding")
struct LenientDecodingTests {
    func decodeTranscription(_ json: String) throws -> Transcription {
        try JSONDecoder().decode(Transcription.self, from: Data(json.utf8))
    }

    @Test func numbersMayBeNumbersOrStrings() throws {
        let t = try decodeTranscription(#"{"sid":"TR1","duration":12,"price":-0.05}"#)
        #expect(t.duration == 12)
        #expect(t.price == "-0.05")
        #expect(try decodeTranscription(#"{"duration":"7.6"}"#).duration == 8)
        #expect(try decodeTranscription(#"{"duration":""}"#).duration == nil)
    }

    @Test func everyFieldMayBeNull() throws {
        let t = try decodeTranscription("""
            {"sid":null,"account_sid":null,"recording_sid":null,"status":null,"type":null,"duration":null,
             "price":null,"price_unit":null,"api_version":null,"date_created":null,"date_updated":null,
             "transcription_text":null,"uri":null}
            """)
        #expect(t == Transcription(sid: nil))
        let r = try JSONDecoder().decode(Recording.self, from: Data("""
            {"sid":"RE1","channels":null,"start_time":null,"encryption_details":null,"conference_sid":null}
            """.utf8))
        #expect(r == Recording(sid: "RE1"))
    }

    @Test func aValueOfTheWrongKindNamesTheField() throws {
        do {
            _ = try decodeTranscription(#"{"sid":"TR1","duration":"ten"}"#)
            Issue.record("\"ten\" decoded as a duration")
        } catch {
            #expect(ImportProblem.explain(error).hasPrefix("duration: "), "\(ImportProblem.explain(error))")
        }
        do {
            _ = try decodeTranscription(#"{"sid":"TR1","date_created":"last Tuesday"}"#)
            Issue.record("\"last Tuesday\" decoded as a date")
        } catch {
            #expect(ImportProblem.explain(error).hasPrefix("date_created: "), "\(ImportProblem.explain(error))")
        }
    }
}
