/// The word statistics of a generated corpus. The benchmark runs every query class on both, so that no plan is
/// tuned to one distribution.
public enum CorpusProfile: String, Sendable, CaseIterable {
    /// Call-centre English: about 250 words with a steep Zipf law (s = 1.07), a few rare order numbers and
    /// names, calls of 1–120 s. The first few words are in most transcriptions; the tail is rare.
    case callCentre = "call-centre"
    /// A wider vocabulary with a flatter law: the same words and 20,000 made-up ones (s = 0.8, so thousands of
    /// words are each in a few percent of the calls), longer calls (1–300 s), and one token in 30 a code or
    /// number that is nearly unique (ticket, postcode, order and phone numbers).
    case wide

    /// The words a call draws from, most frequent first.
    var vocabulary: [String] {
        switch self {
        case .callCentre: return Vocabulary.words
        case .wide: return Vocabulary.words + Self.madeUpWords
        }
    }

    var zipfExponent: Double { self == .callCentre ? 1.07 : 0.8 }

    var maximumDuration: Int { self == .callCentre ? 120 : 300 }

    /// 20,000 distinct pronounceable words ("kalomi", "zuteva", …): two to four syllables of a fixed set,
    /// numbered in base 16 so that each is different.
    static let madeUpWords: [String] = {
        let syllables = ["ka", "lo", "mi", "nu", "re", "sa", "to", "vi", "zu", "be", "do", "fa", "gi", "ho", "ju", "pe"]
        return (0..<20_000).map { index in
            var value = index + 16 * 17  // at least three syllables' worth of digits: no short words
            var word = ""
            while value > 0 {
                word += syllables[value % 16]
                value /= 16
            }
            return word
        }
    }()
}
