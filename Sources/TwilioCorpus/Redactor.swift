/// The emulator's stand-in for Twilio's PII redaction of sentences: a word that is one of the corpus's names becomes
/// "[PERSON]", a phone number (a word of digits and separators with at least 7 digits) "[PHONE_NUMBER]". Generated
/// sentences put their personal data in exactly those forms, so the redacted variant is predictable; order numbers
/// (4–5 digits) are not personal data and stay.
public enum Redactor {
    public static let personMarker = "[PERSON]"
    public static let phoneMarker = "[PHONE_NUMBER]"

    private static let names = Set(Vocabulary.names)

    public static func redact(_ text: String) -> String {
        text.split(separator: " ", omittingEmptySubsequences: false).map { word -> String in
            let bare = word.trimmingTrailingPunctuation
            if names.contains(String(bare)) { return personMarker + word.dropFirst(bare.count) }
            if isPhoneNumber(bare) { return phoneMarker + word.dropFirst(bare.count) }
            return String(word)
        }.joined(separator: " ")
    }

    static func isPhoneNumber(_ word: Substring) -> Bool {
        var digits = 0
        for character in word {
            if character.isASCII, character.isNumber { digits += 1 } else if !"+-().".contains(character) { return false }
        }
        return digits >= 7
    }
}

private extension Substring {
    /// The word without a trailing "," "." "?" or "!" (a sentence may end on a name).
    var trimmingTrailingPunctuation: Substring {
        var end = endIndex
        while end > startIndex, ",.?!".contains(self[index(before: end)]) { end = index(before: end) }
        return self[startIndex..<end]
    }
}
