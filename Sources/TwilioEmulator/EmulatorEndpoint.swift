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
    // Conversational Intelligence v2 (intelligence.twilio.com): no account in the path, the credentials name it.
    case listIntelligenceServices = "GET /v2/Services"
    case fetchIntelligenceService = "GET /v2/Services/{Sid}"
    case listIntelligenceTranscripts = "GET /v2/Transcripts"
    case fetchIntelligenceTranscript = "GET /v2/Transcripts/{Sid}"
    case deleteIntelligenceTranscript = "DELETE /v2/Transcripts/{Sid}"
    case listTranscriptSentences = "GET /v2/Transcripts/{Sid}/Sentences"
    case fetchEncryptedSentences = "GET /v2/Transcripts/{Sid}/Sentences/Encrypted"
    case listOperatorResults = "GET /v2/Transcripts/{Sid}/OperatorResults"
    case fetchEncryptedOperatorResults = "GET /v2/Transcripts/{Sid}/OperatorResults/Encrypted"
    case fetchOperatorResult = "GET /v2/Transcripts/{Sid}/OperatorResults/{OperatorSid}"
    case fetchTranscriptMedia = "GET /v2/Transcripts/{Sid}/Media"

    /// The route template, e.g. "/2010-04-01/Accounts/{AccountSid}/Transcriptions.json".
    var routePath: String { String(rawValue.drop { $0 != " " }.dropFirst()) }
}
