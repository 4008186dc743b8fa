import Foundation
import Logging
import TranscriptIndex
import TwilioClient

/// The Twilio client of a command: credentials from the environment or a 0600 file, the API base from
/// --api-base / TWILIO_API_BASE / the region (replacing every product's host when explicit).
enum TwilioAccess {
    static func client(credentialsFile: String?, apiBase: String?, connections: Int = 4,
                       logger: Logger = Logger(label: "transcripts.twilio")) throws -> TwilioClient {
        let credentials: Credentials
        do {
            credentials = try Credentials.resolve(file: credentialsFile)
        } catch {
            throw IndexError(.invalidParameter, "\(error)" + (error == .missing
                ? " (to try transcripts without a Twilio account, run Scripts/demo: it harvests from the bundled emulator)"
                : ""))
        }
        let baseURL: URL
        do {
            baseURL = try APIBase.resolve(explicit: apiBase)
        } catch {
            throw IndexError(.invalidParameter, error.description)
        }
        return TwilioClient(credentials: credentials,
                            configuration: TwilioClientConfiguration(baseURL: baseURL, maximumConnectionsPerHost: connections),
                            logger: logger)
    }
}
