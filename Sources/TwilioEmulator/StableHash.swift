import TwilioCorpus

/// Per-SID coin flips that do not change between runs or processes (Swift's `hashValue` is seeded per process).
enum StableHash {
    /// A uniform value in [0, 1) determined by `seed`, a purpose label and `sid`.
    static func unit(seed: UInt64, _ purpose: String, _ sid: String) -> Double {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a, then one SplitMix64 step to spread the bits
        for byte in purpose.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        for byte in sid.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        var random = SplitMix64(seed: hash ^ seed)
        return random.unit()
    }
}
