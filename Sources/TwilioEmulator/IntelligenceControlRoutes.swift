import Foundation
import Hummingbird
import TwilioCorpus

/// `/_emulator/intelligence/…`: the Intelligence part of the control API (see `ControlRoutes`). Unauthenticated,
/// not counted, not fault-injected.
struct IntelligenceControlRoutes {
    let store: EmulatorStore

    static let statuses: Set<String> = ["queued", "in-progress", "completed", "new", "failed", "canceled", "error"]

    struct NewTranscript: Decodable {
        var status: String?
        var sentences: [ScriptedSentence]?
        var participants: IntelligenceParticipants = .generated
        var sourceSid: String?
        var redaction: Bool?
        var encrypted: Bool?

        enum CodingKeys: String, CodingKey {
            case status, sentences, participants, sourceSid = "source_sid", redaction, encrypted
        }

        init() {}

        /// `participants` absent: generated; `null`: no participants key; an array: those.
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            status = try container.decodeIfPresent(String.self, forKey: .status)
            sentences = try container.decodeIfPresent([ScriptedSentence].self, forKey: .sentences)
            sourceSid = try container.decodeIfPresent(String.self, forKey: .sourceSid)
            redaction = try container.decodeIfPresent(Bool.self, forKey: .redaction)
            encrypted = try container.decodeIfPresent(Bool.self, forKey: .encrypted)
            if container.contains(.participants) {
                participants = try container.decodeNil(forKey: .participants)
                    ? .absent : .list(try container.decode([TranscriptParticipant].self, forKey: .participants))
            }
        }
    }

    struct Completion: Decodable {
        var sentences: [ScriptedSentence]?
        /// Epoch seconds, or an ISO 8601 date-time.
        var dateUpdated: Int64?

        enum CodingKeys: String, CodingKey {
            case sentences, dateUpdated = "date_updated"
        }

        init() {}

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            sentences = try container.decodeIfPresent([ScriptedSentence].self, forKey: .sentences)
            if let seconds = try? container.decodeIfPresent(Int64.self, forKey: .dateUpdated) {
                dateUpdated = seconds
            } else if let text = try container.decodeIfPresent(String.self, forKey: .dateUpdated) {
                guard let value = DateFilterValue(text), text.count > 10 else {
                    throw DecodingError.dataCorruptedError(forKey: .dateUpdated, in: container,
                                                           debugDescription: "not an ISO 8601 date-time: \(text)")
                }
                dateUpdated = value.from
            }
        }
    }

    func register(on control: RouterGroup<EmulatorRequestContext>) {
        control.get("intelligence/transcripts") { request, _ in
            let base = request.absoluteBase
            return Response.json("[" + store.intelligence.transcripts().map { truth($0, base: base) }
                .joined(separator: ",") + "]")
        }
        control.post("intelligence/transcripts") { request, _ in
            let body = try await decodeControlBody(NewTranscript.self, from: request, ifEmpty: NewTranscript())
            let status = body.status ?? "completed"
            guard Self.statuses.contains(status) else {
                throw TwilioAPIError.badRequest(code: 20001, message: "Unknown transcript status: \(status)")
            }
            guard body.sentences == nil || status == "completed" else {
                throw TwilioAPIError.badRequest(code: 20001, message: "Only a completed transcript has sentences")
            }
            let transcript = store.addIntelligenceTranscript(status: status, sentences: body.sentences,
                                                             participants: body.participants, sourceSid: body.sourceSid,
                                                             redaction: body.redaction, encrypted: body.encrypted ?? false)
            return Response.json(transcript.json(base: request.absoluteBase), status: .created)
        }
        control.post("intelligence/transcripts/{Sid}/complete") { request, context in
            let body = try await decodeControlBody(Completion.self, from: request, ifEmpty: Completion())
            guard let transcript = store.completeIntelligenceTranscript(
                sid: try context.parameters.require("Sid"), sentences: body.sentences, dateUpdated: body.dateUpdated) else {
                throw TwilioAPIError.notFound(path: request.uri.path)
            }
            return Response.json(transcript.json(base: request.absoluteBase))
        }
        control.delete("intelligence/transcripts/{Sid}") { request, context in
            guard store.deleteIntelligenceTranscript(sid: try context.parameters.require("Sid")) else {
                throw TwilioAPIError.notFound(path: request.uri.path)
            }
            return Response(status: .noContent)
        }
    }

    /// The transcript's JSON plus `sentences` and `operator_results` as the API serves them with `Redacted=false`
    /// (times typed as that transcript's sentences render them), whatever its status or encryption.
    private func truth(_ transcript: GeneratedTranscript, base: String) -> String {
        transcript.bundleJSON(content: store.intelligence.content(of: transcript), base: base,
                              timesAsStrings: store.intelligence.rendersTimesAsStrings(transcriptSid: transcript.sid))
    }
}

/// A control request's JSON body as `T`; `ifEmpty` when there is none (nil: a body is required).
func decodeControlBody<T: Decodable>(_ type: T.Type, from request: Request, ifEmpty: T?) async throws -> T {
    var request = request
    let body = String(buffer: try await request.collectBody(upTo: 1 << 22))
    if body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, let ifEmpty { return ifEmpty }
    do {
        return try JSONDecoder().decode(T.self, from: Data(body.utf8))
    } catch {
        throw TwilioAPIError.badRequest(code: 20001, message: "Invalid \(T.self) JSON body: \(error)")
    }
}
