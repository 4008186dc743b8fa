import Foundation
import Hummingbird
import TwilioCorpus

/// `GET /v2/Transcripts/{Sid}/Media` (`Redacted` accepted): `{account_sid, service_sid, sid, media_url, url}` where
/// `media_url` is a signed, temporary URL on this emulator's own host, fresh on every call.
struct IntelligenceMediaRoutes {
    let store: IntelligenceStore
    let signer: MediaURLSigner

    func register(on router: RouterGroup<EmulatorRequestContext>) {
        router.get(RouterPath(EmulatorEndpoint.fetchTranscriptMedia.routePath)) { request, context in
            let transcript = try store.requireTranscript(request, context)
            _ = try QueryParameters(request.uri.query).boolean("Redacted")
            let base = request.absoluteBase
            let mediaURL = signer.url(base: base, transcriptSid: transcript.sid, now: Int64(Date().timeIntervalSince1970))
            return Response.json("{\"account_sid\":\(jsonString(transcript.accountSid)),"
                + "\"service_sid\":\(jsonString(transcript.serviceSid)),\"sid\":\(jsonString(transcript.sid)),"
                + "\"media_url\":\(jsonString(mediaURL)),\"url\":\(jsonString(base + request.uri.path))}")
        }
    }
}

/// `GET /_emulator/media/{Sid}?Expires=…&Signature=…`: what a signed media URL downloads, without Twilio
/// credentials (like a CDN, which must never be sent them): a short silent WAV. 403 for an expired or forged URL,
/// 404 once the transcript is deleted. Not counted and not fault-injected: it is not the Twilio API.
struct MediaDownloadRoutes {
    let store: IntelligenceStore
    let signer: MediaURLSigner

    func register(on router: Router<EmulatorRequestContext>) {
        router.get("_emulator/media/{Sid}") { request, context in
            let sid = try context.parameters.require("Sid")
            guard store.transcript(sid: sid) != nil else { throw TwilioAPIError.notFound(path: request.uri.path) }
            let query = QueryParameters(request.uri.query)
            switch signer.verify(transcriptSid: sid, expires: query["Expires"], signature: query["Signature"],
                                 now: Int64(Date().timeIntervalSince1970)) {
            case .valid:
                return Response(status: .ok, headers: [.contentType: "audio/x-wav"],
                                body: ResponseBody(byteBuffer: ByteBuffer(bytes: Self.silence)))
            case .expired:
                return Response(status: .forbidden, headers: [.contentType: "text/plain; charset=utf-8"],
                                body: ResponseBody(byteBuffer: ByteBuffer(string: "Request has expired")))
            case .invalid:
                return Response(status: .forbidden, headers: [.contentType: "text/plain; charset=utf-8"],
                                body: ResponseBody(byteBuffer: ByteBuffer(string: "Signature does not match")))
            }
        }
    }

    /// One second of 8 kHz 16-bit mono silence, with its RIFF/WAVE header.
    static let silence: [UInt8] = {
        let samples = 8000, dataBytes = samples * 2
        func le32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8((value >> ($0 * 8)) & 0xFF) } }
        func le16(_ value: Int) -> [UInt8] { (0..<2).map { UInt8((value >> ($0 * 8)) & 0xFF) } }
        let header = Array("RIFF".utf8) + le32(36 + dataBytes) + Array("WAVEfmt ".utf8) + le32(16) + le16(1) + le16(1)
            + le32(8000) + le32(16000) + le16(2) + le16(16) + Array("data".utf8) + le32(dataBytes)
        return header + [UInt8](repeating: 0, count: dataBytes)
    }()
}
