/// The Twilio API routes the emulator serves. The raw value is the method and Hummingbird's route template, which
/// is also the key the request counter files requests under.
public enum EmulatorEndpoint: String, CaseIterable, Sendable {
    case listTranscriptions = "GET /2010-04-01/Accounts/{AccountSid}/Transcriptions.json"
    case fetchTranscription = "GET /2010-04-01/Accounts/{AccountSid}/Transcriptions/{Sid}.json"
    case deleteTranscription = "DELETE /2010-04-01/Accounts/{AccountSid}/Transcriptions/{Sid}.json"
    case fetchTranscriptionText = "GET /2010-04-01/Accounts/{AccountSid}/Transcriptions/{Sid}.txt"
    case listRecordings = "GET /2010-04-01/Accounts/{AccountSid}/Recordings.json"
    case fetchRecording = "GET /2010-04-01/Accounts/{AccountSid}/Recordings/{Sid}.json"
    case listRecordingTranscriptions = "GET /2010-04-01/Accounts/{AccountSid}/Recordings/{RecordingSid}/Transcriptions.json"
    case fetchRecordingTranscription = "GET /2010-04-01/Accounts/{AccountSid}/Recordings/{RecordingSid}/Transcriptions/{Sid}.json"
    case deleteRecordingTranscription = "DELETE /2010-04-01/Accounts/{AccountSid}/Recordings/{RecordingSid}/Transcriptions/{Sid}.json"

    /// The route template, e.g. "/2010-04-01/Accounts/{AccountSid}/Transcriptions.json".
    var routePath: String { String(rawValue.drop { $0 != " " }.dropFirst()) }
}
