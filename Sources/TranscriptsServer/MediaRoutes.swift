import Hummingbird
import Logging
import TranscriptIndex

/// A fresh signed media URL of a transcript, asked of Twilio for each request and never stored: what
/// `transcripts media GT… --json` prints. The server has no Twilio credentials unless `serve --media` was
/// given them, so without that the route answers 404 `media_unavailable` saying how to enable it.
public typealias MediaURLProvider = @Sendable (_ transcriptSid: String) async throws -> String?

struct MediaRoutes<Context: RequestContext> {
    let provider: MediaURLProvider?
    let logger: Logger

    func register(on router: Router<Context>) {
        router.get("/v1/transcriptions/:sid/media") { _, context in
            let sid = try context.parameters.require("sid")
            guard DocumentSource.intelligence.sidKind.matches(sid) else {
                throw APIError.badRequest("\"\(sid)\" is not an Intelligence transcript SID (GT + 32 hex digits): "
                    + "only Intelligence transcripts have media here")
            }
            guard let provider else {
                throw APIError(status: .notFound, code: "media_unavailable",
                               message: "this server has no Twilio credentials: start it with `transcripts serve "
                                   + "--media` and TWILIO_* credentials to play transcripts' audio")
            }
            let url: String?
            do {
                url = try await provider(sid)
            } catch let error as IndexError {
                throw APIError(error)
            } catch {
                // Twilio's answer goes to the server's log (its description names a path and a status, never the
                // credentials or a media URL); the client learns only that it failed.
                logger.error("media of \(sid): \(error)")
                throw APIError(status: .badGateway, code: "twilio_error", message: "Twilio did not give the media of \(sid)")
            }
            guard let url else {
                throw APIError(status: .notFound, code: IndexError.Code.notFound.rawValue,
                               message: "Twilio has no media for transcript \(sid)")
            }
            return Response.json(.object([("sid", .string(sid)), ("media_url", .string(url))]))
        }
    }
}
