import TwilioCorpus

/// Everything an emulator instance is seeded with: the corpus, the credentials it accepts, its quirks and faults.
public struct EmulatorConfiguration: Sendable {
    /// Seed of the generated corpus; the same seed and count always serve the same account.
    public var seed: UInt64
    /// Number of calls (each one transcription and one recording) generated at start.
    public var count: Int
    public var accountSid: String
    public var authToken: String
    /// API keys (SID "SK…" → secret) that may authenticate for `accountSid`.
    public var apiKeys: [String: String]
    /// Fraction of transcriptions that list pages render with `"transcription_text": null` (a real Twilio quirk:
    /// the text is only guaranteed on the instance and `.txt` representations). Decided per SID, so stable.
    public var nullTextRate: Double
    /// Fraction of calls whose recording is absent (fetch answers 404, lists omit it). Decided per SID.
    public var absentRecordingRate: Double
    /// Fraction of recordings that are soft-deleted (status "deleted"); passed to the corpus generator.
    public var deletedRecordingRate: Double
    public var faults: FaultConfiguration
    /// Number of Conversational Intelligence v2 transcripts: transcript i is of call i's recording, so it must not
    /// exceed `count`. 0 (the default) serves an Intelligence account with its services and no transcripts.
    public var intelligenceCount: Int
    /// Fraction of transcripts whose sentences render start_time, end_time and confidence as JSON strings ("12.48")
    /// instead of numbers (Twilio's type drift). Decided per transcript SID, so stable.
    public var stringTimesRate: Double

    public static let defaultAuthToken = "emulator-auth-token"

    public init(seed: UInt64 = 1, count: Int = 1000, accountSid: String = CorpusGenerator.defaultAccountSid,
                authToken: String = EmulatorConfiguration.defaultAuthToken, apiKeys: [String: String] = [:],
                nullTextRate: Double = 0.3, absentRecordingRate: Double = 0.01, deletedRecordingRate: Double = 0.01,
                faults: FaultConfiguration = .none, intelligenceCount: Int = 0, stringTimesRate: Double = 0.3) {
        self.seed = seed
        self.count = count
        self.accountSid = accountSid
        self.authToken = authToken
        self.apiKeys = apiKeys
        self.nullTextRate = nullTextRate
        self.absentRecordingRate = absentRecordingRate
        self.deletedRecordingRate = deletedRecordingRate
        self.faults = faults
        self.intelligenceCount = intelligenceCount
        self.stringTimesRate = stringTimesRate
    }
}
