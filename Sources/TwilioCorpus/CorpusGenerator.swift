import Foundation

/// Deterministic generator of Twilio-shaped calls: the same seed and index always give the same call, so the
/// emulator, the import benchmark and the tests agree on a corpus without storing one.
/// Shape (issue 5): call-centre English with Zipf-like word frequencies, ~2.5 words per second of a 1–120 s
/// duration, rare tokens (order numbers, accented names), statuses 90/5/5 completed/failed/in-progress,
/// dates over 3 years, RFC 2822 strings with offsets.
public struct CorpusGenerator: Sendable {
    public let seed: UInt64
    public let accountSid: String
    /// UTC epoch seconds of the oldest call; calls spread over `spanSeconds` in index order.
    public let start: Int64
    public let spanSeconds: Int64
    public let count: Int
    /// Fraction of completed transcriptions whose recording is soft-deleted (status "deleted").
    public let deletedRecordingRate: Double
    public let profile: CorpusProfile

    /// The profile's words, and their cumulative Zipf weights, computed once.
    private let vocabulary: [String]
    private let cumulative: [Double]

    public init(seed: UInt64 = 1, count: Int, accountSid: String = CorpusGenerator.defaultAccountSid,
                start: Int64 = 1_640_995_200 /* 2022-01-01T00:00:00Z */, spanSeconds: Int64 = 3 * 365 * 86_400,
                deletedRecordingRate: Double = 0.01, profile: CorpusProfile = .callCentre) {
        self.seed = seed
        self.count = count
        self.accountSid = accountSid
        self.start = start
        self.spanSeconds = spanSeconds
        self.deletedRecordingRate = deletedRecordingRate
        self.profile = profile
        vocabulary = profile.vocabulary
        var total = 0.0
        cumulative = vocabulary.indices.map { [exponent = profile.zipfExponent] rank in
            total += 1.0 / pow(Double(rank + 1), exponent)
            return total
        }
    }

    public static let defaultAccountSid = "AC" + String(repeating: "0", count: 31) + "1"

    /// The `index`-th call (0-based), oldest first.
    public func call(_ index: Int) -> GeneratedCall {
        var rng = SplitMix64(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(index))
        let step = max(1, spanSeconds / Int64(max(count, 1)))
        let created = start + Int64(index) * step + Int64(rng.int(in: 0...Int(max(0, step - 1))))
        let duration = rng.int(in: 1...profile.maximumDuration)
        let roll = rng.unit()
        let status = roll < 0.90 ? "completed" : (roll < 0.95 ? "failed" : "in-progress")
        let text: String?
        switch status {
        case "failed": text = "(blank)"
        case "in-progress": text = nil
        default: text = words(count: max(1, Int(Double(duration) * 2.5)), rng: &rng)
        }
        let updated = created + Int64(duration) + Int64(rng.int(in: 5...600))
        let recordingStatus = rng.unit() < deletedRecordingRate ? "deleted" : "completed"
        return GeneratedCall(
            transcriptionSid: sid("TR", index), recordingSid: sid("RE", index), callSid: sid("CA", index),
            accountSid: accountSid, status: status, durationSeconds: duration, text: text,
            dateCreated: created, dateUpdated: updated,
            offset: Vocabulary.offsets[rng.int(in: 0...(Vocabulary.offsets.count - 1))],
            recordingStatus: recordingStatus,
            recordingSource: Vocabulary.sources[rng.int(in: 0...(Vocabulary.sources.count - 1))],
            recordingChannels: rng.int(in: 1...2),
            price: "-0.0" + String(rng.int(in: 1000...9999)))
    }

    /// `PREFIX` + 32 lowercase hex digits, unique per (seed, prefix, index).
    public func sid(_ prefix: String, _ index: Int) -> String {
        var rng = SplitMix64(seed: seed ^ (UInt64(index) &* 0xD6E8_FEB8_6659_FD93) ^ UInt64(prefix.hashValueStable))
        let high = rng.next(), low = UInt64(index) ^ (rng.next() & 0xFFFF_FFFF_0000_0000)
        return prefix + hex16(high) + hex16(low)
    }

    /// `count` words drawn with the corpus's Zipf law (rare order numbers and names included); Intelligence
    /// sentences draw from it too, so both sources speak the same call-centre English.
    func words(count: Int, rng: inout SplitMix64) -> String {
        var out: [String] = []
        out.reserveCapacity(count + 4)
        let total = cumulative[cumulative.count - 1]
        for _ in 0..<count {
            let special = rng.unit()
            if profile == .wide, special < 1.0 / 30 {
                out.append(Self.code(&rng))
            } else if special < 0.004 {
                out.append("order")
                out.append(String(rng.int(in: 1000...99999)))
            } else if special < 0.008 {
                out.append(Vocabulary.names[rng.int(in: 0...(Vocabulary.names.count - 1))])
            } else {
                let target = rng.unit() * total
                var low = 0, high = cumulative.count - 1
                while low < high {
                    let mid = (low + high) / 2
                    if cumulative[mid] < target { low = mid + 1 } else { high = mid }
                }
                out.append(vocabulary[low])
            }
        }
        return out.joined(separator: " ")
    }

    /// A nearly unique token of the wide profile: a ticket, a postcode, an order or a phone number.
    private static func code(_ rng: inout SplitMix64) -> String {
        switch rng.int(in: 0...3) {
        case 0: return "tk" + String(rng.int(in: 100_000...9_999_999))
        case 1: return String(rng.int(in: 10_000...99_999))
        case 2: return String(rng.int(in: 1_000_000...99_999_999))
        default: return "555" + String(rng.int(in: 1_000_000...9_999_999))
        }
    }
}

private func hex16(_ value: UInt64) -> String {
    let digits = Array("0123456789abcdef")
    var out = ""
    for shift in stride(from: 60, through: 0, by: -4) { out.append(digits[Int((value >> UInt64(shift)) & 0xF)]) }
    return out
}

extension String {
    /// FNV-1a: Swift's `hashValue` is randomly seeded per process, which would break determinism.
    var hashValueStable: UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return hash
    }
}
