import Synchronization
import TwilioCorpus

/// Signs the temporary media URLs `GET /v2/Transcripts/{Sid}/Media` hands out, the way a CDN's presigned URLs
/// work: `Expires` (epoch seconds) and a `Signature` that only this emulator process can make. Every URL carries a
/// fresh nonce inside its signature, so no two are ever the same: a client that caches one instead of fetching
/// `/Media` before each download is caught. Not cryptography: it only has to be checkable and never repeat.
final class MediaURLSigner: Sendable {
    /// How long a URL works. Twilio documents no lifetime; ten minutes is what such URLs commonly get.
    static let lifetimeSeconds: Int64 = 600

    private let secret = UInt64.random(in: .min ... .max)
    /// Nonces count up from a random start: unique within the process, and not the number of URLs issued.
    private let issued = Mutex<UInt64>(UInt64.random(in: .min ... .max))

    enum Verdict: Equatable { case valid, expired, invalid }

    /// "http://HOST/_emulator/media/GT…?Expires=…&Signature=…"
    func url(base: String, transcriptSid: String, now: Int64) -> String {
        let nonce = issued.withLock { count in
            count &+= 1
            return count
        }
        let expires = now + Self.lifetimeSeconds
        return base + "/_emulator/media/\(transcriptSid)?Expires=\(expires)"
            + "&Signature=\(hex(nonce))\(hex(mac(transcriptSid, expires, nonce)))"
    }

    func verify(transcriptSid: String, expires: String?, signature: String?, now: Int64) -> Verdict {
        guard let expires, let expiry = Int64(expires), let signature, signature.count == 32,
              let nonce = UInt64(signature.prefix(16), radix: 16), let given = UInt64(signature.suffix(16), radix: 16),
              given == mac(transcriptSid, expiry, nonce) else { return .invalid }
        return now < expiry ? .valid : .expired
    }

    private func mac(_ sid: String, _ expires: Int64, _ nonce: UInt64) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a over the signed fields, keyed through SplitMix64
        for byte in "\(sid)|\(expires)|\(nonce)".utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        var random = SplitMix64(seed: hash ^ secret)
        return random.next()
    }

    private func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
