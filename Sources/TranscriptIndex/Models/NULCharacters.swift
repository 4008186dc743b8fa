import Foundation

/// GRDB binds a Swift String with `sqlite3_bind_text(…, -1, …)` — as a C string — and reads text back with
/// `String(cString:)`: a NUL character ends the string there, and what follows it was lost without a word
/// (`"before\u0000after"` was stored as `"before"`). JSON may carry one (`\u0000`), so every string a row stores
/// is cleaned on the way in: each NUL becomes a space (a NUL carries no word; a space keeps the words on either
/// side apart), and the replacements are counted so that an import can say so.
enum NULCharacters {
    /// `text` with each NUL replaced by a space, and how many there were. No copy when there is none.
    static func replaced(in text: String) -> (text: String, count: Int) {
        var text = text
        let hasNUL = text.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.baseAddress.map { memchr($0, 0, bytes.count) != nil } ?? false
        } ?? text.utf8.contains(0)
        guard hasNUL else { return (text, 0) }
        var count = 0
        // NUL is one byte in UTF-8 and never part of another character's encoding: replacing bytes is exact.
        let bytes = text.utf8.map { byte -> UInt8 in
            guard byte == 0 else { return byte }
            count += 1
            return UInt8(ascii: " ")
        }
        text = String(decoding: bytes, as: UTF8.self)
        return (text, count)
    }
}

/// The NUL characters one record had, replaced by spaces before it was stored.
public struct NULReplacements: Sendable, Equatable {
    public private(set) var count = 0
    /// The fields (JSON names) that held them, sorted.
    public private(set) var fields: [String] = []

    public init(count: Int = 0, fields: [String] = []) {
        self.count = count
        self.fields = fields
    }

    /// Replaces the NULs of one field's value, counting them under `field`.
    mutating func clean(_ value: inout String?, field: String) {
        guard let current = value else { return }
        let (text, replaced) = NULCharacters.replaced(in: current)
        guard replaced > 0 else { return }
        value = text
        count += replaced
        fields.append(field)
        fields.sort()
    }

    /// "2 NUL characters in transcription_text, uri replaced by spaces" (no text: it is personal data).
    public var description: String {
        "\(count) NUL character\(count == 1 ? "" : "s") in \(fields.joined(separator: ", ")) replaced by "
            + (count == 1 ? "a space" : "spaces")
    }
}

extension Transcription {
    /// This transcription with the NULs of every string field replaced by spaces, and what was replaced.
    func withoutNULs() -> (Transcription, NULReplacements) {
        var clean = self
        var replacements = NULReplacements()
        replacements.clean(&clean.sid, field: "sid")
        replacements.clean(&clean.accountSid, field: "account_sid")
        replacements.clean(&clean.recordingSid, field: "recording_sid")
        replacements.clean(&clean.status, field: "status")
        replacements.clean(&clean.type, field: "type")
        replacements.clean(&clean.price, field: "price")
        replacements.clean(&clean.priceUnit, field: "price_unit")
        replacements.clean(&clean.apiVersion, field: "api_version")
        replacements.clean(&clean.text, field: "transcription_text")
        replacements.clean(&clean.uri, field: "uri")
        return (clean, replacements)
    }
}

extension Recording {
    /// This recording with the NULs of every string field replaced by spaces, and what was replaced.
    func withoutNULs() -> (Recording, NULReplacements) {
        var clean = self
        var replacements = NULReplacements()
        replacements.clean(&clean.sid, field: "sid")
        replacements.clean(&clean.accountSid, field: "account_sid")
        replacements.clean(&clean.callSid, field: "call_sid")
        replacements.clean(&clean.conferenceSid, field: "conference_sid")
        replacements.clean(&clean.status, field: "status")
        replacements.clean(&clean.source, field: "source")
        replacements.clean(&clean.price, field: "price")
        replacements.clean(&clean.priceUnit, field: "price_unit")
        replacements.clean(&clean.errorCode, field: "error_code")
        replacements.clean(&clean.mediaURL, field: "media_url")
        replacements.clean(&clean.uri, field: "uri")
        // Re-serialised JSON (see decodeRawJSON): a NUL in it is the escape \u0000, never the byte.
        replacements.clean(&clean.encryptionDetails, field: "encryption_details")
        return (clean, replacements)
    }
}
