import Foundation
import Hummingbird

/// `/_emulator/…`: what tests and demos use to change the account between harvests and to read what the
/// emulator saw. Not authenticated, not fault-injected, not counted: it is not part of the emulated API.
///
/// - `GET /_emulator/transcriptions`: every transcription (full JSON, with text), in list order.
/// - `POST /_emulator/transcriptions` `{"status"?, "text"?}`: add one (201, its JSON).
/// - `POST /_emulator/transcriptions/{Sid}/complete` `{"text", "date_updated"?}` (epoch seconds): complete it.
/// - `DELETE /_emulator/transcriptions/{Sid}`: delete it (204).
/// - `GET /_emulator/recordings`: every recording that exists (soft-deleted ones too), in list order, so a check
///   can count what a filtered list should return without trusting that list.
/// - `POST /_emulator/recordings/{Sid}/soft-delete`; `DELETE /_emulator/recordings/{Sid}` (makes it absent).
/// - `GET /_emulator/intelligence/transcripts`: every Intelligence transcript with its whole unredacted truth, in
///   list order (newest date_created first): the transcript JSON plus `sentences` and `operator_results` as the
///   API serves them with `Redacted=false` (whatever the status or encryption; empty unless completed).
/// - `POST /_emulator/intelligence/transcripts` `{"status"?, "sentences"?: [{"media_channel", "transcript",
///   "redacted_transcript"?}], "participants"?: [...] | null, "source_sid"?, "redaction"?, "encrypted"?}`: add one,
///   newer than every other (201, its JSON). Status defaults to completed, whose sentences are generated when none
///   are given; without `source_sid` it is of a new call's recording, which the v2010 Recordings list then has;
///   `participants` absent: generated, null: no participants key; `redaction` absent: as generated; never
///   encrypted unless `"encrypted": true`.
/// - `POST /_emulator/intelligence/transcripts/{Sid}/complete` `{"sentences"?, "date_updated"?}` (epoch seconds or
///   ISO 8601): status completed, sentences and operator results generated when not given, date_updated by
///   default a second after the newest.
/// - `DELETE /_emulator/intelligence/transcripts/{Sid}`: delete it (204).
/// - `GET /_emulator/media/{Sid}?Expires&Signature`: what a signed Intelligence `media_url` downloads (a silent WAV;
///   403 once expired or when forged).
/// - `GET /_emulator/stats` (request counts), `DELETE /_emulator/stats` (reset).
/// - `GET /_emulator/faults`, `PUT /_emulator/faults` `{"rate_limit_rate", "server_error_rate", "drop_rate",
///   "latency_ms", "retry_after_rate", "retry_after_seconds", "seed"}` (missing keys take their defaults).
struct ControlRoutes {
    let store: EmulatorStore
    let stats: RequestStats
    let faults: FaultInjector

    struct NewTranscription: Decodable {
        var status: String?
        var text: String?
    }

    struct Completion: Decodable {
        var text: String
        var dateUpdated: Int64?

        enum CodingKeys: String, CodingKey {
            case text
            case dateUpdated = "date_updated"
        }
    }

    func register(on router: Router<EmulatorRequestContext>) {
        let control = router.group("_emulator")
        control.get("transcriptions") { _, _ in
            Response.json("[" + store.transcriptions().map { $0.transcriptionJSON() }.joined(separator: ",") + "]")
        }
        control.post("transcriptions") { request, _ in
            let body = try await decode(NewTranscription.self, from: request, ifEmpty: NewTranscription())
            let call = store.addTranscription(status: body.status ?? "completed", text: body.text)
            return Response.json(call.transcriptionJSON(), status: .created)
        }
        control.post("transcriptions/{Sid}/complete") { request, context in
            let body = try await decode(Completion.self, from: request, ifEmpty: nil)
            guard let call = store.completeTranscription(sid: try context.parameters.require("Sid"),
                                                         text: body.text, dateUpdated: body.dateUpdated) else {
                throw TwilioAPIError.notFound(path: request.uri.path)
            }
            return Response.json(call.transcriptionJSON())
        }
        control.delete("transcriptions/{Sid}") { request, context in
            guard store.deleteTranscription(sid: try context.parameters.require("Sid")) else {
                throw TwilioAPIError.notFound(path: request.uri.path)
            }
            return Response(status: .noContent)
        }
        control.get("recordings") { _, _ in
            Response.json("[" + store.recordings(includeSoftDeleted: true).map { $0.recordingJSON() }.joined(separator: ",") + "]")
        }
        control.post("recordings/{Sid}/soft-delete") { request, context in
            let sid = try context.parameters.require("Sid")
            guard store.softDeleteRecording(sid: sid), let call = store.recording(sid: sid) else {
                throw TwilioAPIError.notFound(path: request.uri.path)
            }
            return Response.json(call.recordingJSON())
        }
        control.delete("recordings/{Sid}") { request, context in
            guard store.removeRecording(sid: try context.parameters.require("Sid")) else {
                throw TwilioAPIError.notFound(path: request.uri.path)
            }
            return Response(status: .noContent)
        }
        IntelligenceControlRoutes(store: store).register(on: control)
        control.get("stats") { _, _ in Response.json(try encode(stats.snapshot())) }
        control.delete("stats") { _, _ in
            stats.reset()
            return Response(status: .noContent)
        }
        control.get("faults") { _, _ in Response.json(try encode(faults.configuration)) }
        control.put("faults") { request, _ in
            faults.configuration = try await decode(FaultConfiguration.self, from: request, ifEmpty: nil)
            return Response.json(try encode(faults.configuration))
        }
    }

    /// The JSON body as `T`; `ifEmpty` when there is no body (nil: a body is required).
    private func decode<T: Decodable>(_ type: T.Type, from request: Request, ifEmpty: T?) async throws -> T {
        var request = request
        let body = String(buffer: try await request.collectBody(upTo: 1 << 20))
        if body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, let ifEmpty { return ifEmpty }
        do {
            return try JSONDecoder().decode(T.self, from: Data(body.utf8))
        } catch {
            throw TwilioAPIError.badRequest(code: 20001, message: "Invalid \(T.self) JSON body: \(error)")
        }
    }

    private func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
