import Foundation

/// Markers a speech recogniser writes into sentence text for sounds that are not words: Conversational
/// Intelligence writes `[hes]`, `[noise]`, `[inaudible]`, `[music]`, `[ring]`, `[dtmf]`, `[laugh]`, `[applause]`
/// and `[foreign]`. They are kept in the stored sentences (a reader learns from "[inaudible]") but never reach the
/// full-text index: the tokenizer would index them as the words "hes", "noise", …, and a search for "noise"
/// would find every noisy call.
public enum NonSpeechTags {
    public static let known: Set<String> = [
        "hes", "noise", "inaudible", "music", "ring", "dtmf", "laugh", "applause", "foreign",
    ]

    /// `text` without the known tags (case-insensitive), spaces collapsed where a tag stood.
    public static func removed(from text: String) -> String {
        // By bytes: with Foundation imported, `contains("[")` is NSString's search (a third of a page's sentence
        // matching went to it).
        guard text.utf8.contains(UInt8(ascii: "[")) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "[") {
            out += rest[..<open]
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "]"),
               known.contains(rest[afterOpen..<close].lowercased()) {
                rest = rest[rest.index(after: close)...]
                if out.last == " ", rest.first == " " { rest = rest.dropFirst() }
            } else {
                out.append("[")
                rest = rest[afterOpen...]
            }
        }
        out += rest
        return out.trimmingCharacters(in: .whitespaces)
    }
}
