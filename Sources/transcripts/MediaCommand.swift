import ArgumentParser
import IntelligenceHarvest
import TranscriptIndex
import TwilioClient

struct MediaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "media",
        abstract: "Print a fresh, signed URL of an Intelligence transcript's audio (asked of Twilio each time, never stored).",
        discussion: """
            Twilio does not document how long the URL stays valid: use it right away. Needs the same credentials as
            harvest. Exit codes: 0 printed, 1 Twilio has no such transcript or media, 2 usage, 3 credentials refused.
            """)

    @OptionGroup var common: CommonOptions

    @Argument(help: "An Intelligence transcript SID (GT…).")
    var sid: String

    @Flag(help: "The unredacted media (personal data audible) instead of Twilio's redacted default.")
    var unredacted = false

    @Option(name: .customLong("api-base"), help: ArgumentHelp("Twilio API base URL (tests, the emulator).", valueName: "url"))
    var apiBase: String?

    @Option(name: .customLong("credentials-file"), help: ArgumentHelp("A 0600 file of TWILIO_* lines.", valueName: "path"))
    var credentialsFile: String?

    func validate() throws {
        guard DocumentSource.intelligence.sidKind.matches(sid) else {
            throw ValidationError("\"\(sid)\" is not an Intelligence transcript SID (GT + 32 hex digits)")
        }
    }

    func run() async throws {
        let client = try TwilioAccess.client(credentialsFile: credentialsFile, apiBase: apiBase)
        let url: String?
        do {
            url = try await TranscriptMedia.url(client: client, transcriptSid: sid, redacted: !unredacted)
        } catch let error as TwilioError {
            if error.isAuthenticationFailure {
                Output.standardError("error: \(error)")
                throw ExitCode(3)
            }
            throw IndexError(.database, "Twilio did not give the media of \(sid): \(error)")
        }
        guard let url else { throw IndexError(.notFound, "Twilio has no media for transcript \(sid)") }
        if common.json {
            Output.json(.object([("sid", .string(sid)), ("media_url", .string(url))]))
        } else {
            Output.line(url)
        }
    }
}
