/// How much of an input an import holds in memory at once.
public enum ImportLimits {
    /// The largest record an import reads: an NDJSON line, a whole (non-NDJSON) document, a `TR….txt`.
    /// Twilio transcribes recordings of at most two minutes: a text is a few KB, a resource with it a few more,
    /// and a list page of 1,000 of them a few MB. 64 MiB is far above any of them, and small enough that a
    /// record, its decoded copy and the batches in flight fit in a few hundred MB whatever the input.
    public static let maximumRecordBytes = 64 << 20

    /// How far past the limit an oversized line is skipped, looking for its end, before the rest of the input is
    /// given up. Discarding costs no memory, so this is generous: a line of hundreds of MB (a big document on one
    /// line) is skipped and the records after it still load. It only has to be finite, for inputs that never end
    /// a line (`/dev/zero`, a device, a binary file without newline bytes).
    public static let maximumSkipBytes = 1 << 30

    /// A write batch is cut at 10,000 records or at this many input bytes, whichever comes first: two batches
    /// are in flight while the next is read, and 10,000 records of up to 64 MiB each would not fit in memory.
    /// Typical records (a few KB) never reach it, so batches stay at 10,000.
    static let batchBytes = 16 << 20

    /// "64 MiB", "1 GiB", "1.5 MiB", "512 KiB": a limit as the messages state it.
    static func describe(_ bytes: Int) -> String {
        if bytes >= 1 << 30, bytes % (1 << 30) == 0 { return "\(bytes >> 30) GiB" }
        if bytes >= 1 << 20 { return bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(Double(bytes) / 1_048_576) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}
