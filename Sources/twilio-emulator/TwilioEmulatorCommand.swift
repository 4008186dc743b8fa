import ArgumentParser
import Foundation
import Logging
import TwilioEmulator

/// `twilio-emulator`: serves a generated Twilio account until SIGINT/SIGTERM. The first line on stdout is
/// `listening http://HOST:PORT`, so scripts can start it with `--port 0` and read the chosen port.
@main
struct TwilioEmulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "twilio-emulator",
        abstract: """
            A local Twilio REST API (2010-04-01 Transcriptions and Recordings, Conversational Intelligence v2 \
            Services and Transcripts under /v2) with faults on demand.
            """,
        discussion: """
            Control API (no auth): GET|POST /_emulator/transcriptions, POST /_emulator/transcriptions/{Sid}/complete, \
            DELETE /_emulator/transcriptions/{Sid}, GET /_emulator/recordings, POST /_emulator/recordings/{Sid}/soft-delete, \
            DELETE /_emulator/recordings/{Sid}, GET|POST /_emulator/intelligence/transcripts, \
            POST /_emulator/intelligence/transcripts/{Sid}/complete, DELETE /_emulator/intelligence/transcripts/{Sid}, \
            GET|DELETE /_emulator/stats, GET|PUT /_emulator/faults.
            """)

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on; 0 picks a free one (printed on the first line).") var port = 0
    @Option(help: "Number of generated calls (one transcription and one recording each).") var count = 1000
    @Option(help: "Number of Intelligence v2 transcripts (transcript i is of call i's recording; at most --count).")
    var intelligenceCount = 0
    @Option(help: "Corpus seed: the same seed and count serve the same account.") var seed: UInt64 = 1
    @Option(help: "The account served.") var accountSid = EmulatorConfiguration().accountSid
    @Option(help: "The account's Auth Token.") var authToken = EmulatorConfiguration.defaultAuthToken
    @Option(help: "An API key SID (SK…) accepted for the account; needs --api-secret.") var apiKey: String?
    @Option(help: "The API key's secret.") var apiSecret: String?
    @Option(help: "Fraction of list items rendered with null transcription_text.") var nullTextRate = 0.3
    @Option(help: "Fraction of recordings that do not exist (404).") var absentRecordingRate = 0.01
    @Option(help: "Fraction of requests answered 429 or 500/503 (half each).") var faultRate = 0.0
    @Option(help: "Milliseconds added before every API response.") var latencyMs = 0
    @Option(help: "Fraction of requests whose connection is closed without a response.") var dropRate = 0.0
    @Option(help: "Fraction of requests answered 200 with truncated JSON.") var malformedRate = 0.0
    @Option(help: "Seed of the fault sequence (default: --seed).") var faultSeed: UInt64?
    @Flag(help: "Log every request's problems at debug level to stderr.") var verbose = false

    func validate() throws {
        guard (apiKey == nil) == (apiSecret == nil) else {
            throw ValidationError("--api-key and --api-secret go together.")
        }
        for (name, rate) in [("null-text-rate", nullTextRate), ("absent-recording-rate", absentRecordingRate),
                             ("fault-rate", faultRate), ("drop-rate", dropRate), ("malformed-rate", malformedRate)] where !(0...1).contains(rate) {
            throw ValidationError("--\(name) must be between 0 and 1.")
        }
        guard faultRate + dropRate + malformedRate <= 1 else {
            throw ValidationError("--fault-rate, --drop-rate and --malformed-rate add up to more than 1.")
        }
        guard count >= 0, (0...65_535).contains(port), latencyMs >= 0 else {
            throw ValidationError("--count, --port and --latency-ms must not be negative (port at most 65535).")
        }
        guard (0...count).contains(intelligenceCount) else {
            throw ValidationError("--intelligence-count must be between 0 and --count (each transcript is of a call's recording).")
        }
    }

    func run() async throws {
        LoggingSystem.bootstrap(StreamLogHandler.standardError)  // stdout carries only the listening line
        var logger = Logger(label: "twilio-emulator")
        logger.logLevel = verbose ? .debug : .warning
        var faults = FaultConfiguration.failing(rate: faultRate, seed: faultSeed ?? seed)
        faults.dropRate = dropRate
        faults.malformedRate = malformedRate
        faults.latencyMilliseconds = latencyMs
        let configuration = EmulatorConfiguration(
            seed: seed, count: count, accountSid: accountSid, authToken: authToken,
            apiKeys: apiKey.map { [$0: apiSecret ?? ""] } ?? [:], nullTextRate: nullTextRate,
            absentRecordingRate: absentRecordingRate, faults: faults, intelligenceCount: intelligenceCount)
        let server = try await EmulatorServer.start(configuration, host: host, port: port, stopOnSignals: true,
                                                    logger: logger)
        FileHandle.standardOutput.write(Data("listening \(server.baseURL)\n".utf8))
        try await server.waitUntilStopped()
    }
}
