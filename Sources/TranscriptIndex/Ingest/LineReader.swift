import Foundation

/// Reads an input line by line in 1 MiB chunks, so an NDJSON export of a million transcriptions streams instead of
/// being loaded whole. Lines are found with memchr over a byte array: iterating `Data` byte by byte costs an
/// exclusivity check per byte, which profiling showed as a tenth of an import's time.
///
/// Memory is bounded whatever the input: the buffer never holds more than `maximumLineBytes` + 1 bytes of one
/// line. A longer line is `.tooLong`: its bytes are discarded as they are read, up to its end. So that an input
/// without line ends (`/dev/zero`, which has no end either) cannot keep the reader busy forever, that skip is
/// bounded too: with no line end within `maximumSkipBytes` more, the reader gives up on the input (`gaveUp`).
struct LineReader {
    static let chunkBytes = 1 << 20

    enum Line {
        case complete(Data)
        /// A line longer than `maximumLineBytes`, skipped unread.
        case tooLong
    }

    let maximumLineBytes: Int
    let maximumSkipBytes: Int
    private let input: InputFile
    private var buffer: [UInt8] = []
    private var start = 0
    /// Bytes of the input dropped from the front of `buffer`: buffer[i] is the input's byte `dropped + i`.
    private var dropped = 0
    private var atEnd = false
    private var chunk = [UInt8](repeating: 0, count: LineReader.chunkBytes)
    private(set) var lineNumber = 0
    /// The input offset of the first byte of the line last returned.
    private(set) var lineOffset = 0
    /// True when the last `.tooLong` line had no end within `maximumSkipBytes` more bytes: the rest is unread.
    private(set) var gaveUp = false
    /// The most bytes the buffer ever held (tests check the bound).
    private(set) var peakBufferedBytes = 0

    init(input: InputFile, maximumLineBytes: Int = ImportLimits.maximumRecordBytes,
         maximumSkipBytes: Int = ImportLimits.maximumSkipBytes) {
        self.input = input
        self.maximumLineBytes = maximumLineBytes
        self.maximumSkipBytes = maximumSkipBytes
    }

    /// The next line without its terminator, or nil at the end of input. Throws `InputFile.Failure` when the
    /// input cannot be read further.
    mutating func nextLine() throws -> Line? {
        while true {
            let available = buffer.count - start
            if available > 0, let newline = buffer.withUnsafeBytes({ bytes -> Int? in
                guard let found = memchr(bytes.baseAddress! + start, Int32(UInt8(ascii: "\n")), available) else {
                    return nil
                }
                return bytes.baseAddress!.distance(to: UnsafeRawPointer(found))
            }) {
                var end = newline
                if end > start, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                return take(start..<end, next: newline + 1)
            }
            if atEnd {
                guard available > 0 else { return nil }
                return take(start..<buffer.count, next: buffer.count)
            }
            if available > maximumLineBytes { return try skipLongLine() }
            // Never read more of one line than the limit and a byte: that byte is how a long line is known.
            try fill(atMost: maximumLineBytes + 1 - available)
        }
    }

    /// Everything not yet returned, or nil (having read no more than `limit` + 1 bytes) when it is longer.
    mutating func rest(upTo limit: Int) throws -> Data? {
        while !atEnd, buffer.count - start <= limit {
            try fill(atMost: limit + 1 - (buffer.count - start))
        }
        guard buffer.count - start <= limit else { return nil }
        lineOffset = dropped + start
        let data = Data(buffer[start...])
        start = buffer.count
        return data
    }

    private mutating func take(_ range: Range<Int>, next: Int) -> Line {
        lineOffset = dropped + range.lowerBound
        lineNumber += 1
        start = next
        return range.count > maximumLineBytes ? .tooLong : .complete(Data(buffer[range]))
    }

    /// The line at `start` is longer than the limit: drop what is buffered, then read and discard up to its end.
    private mutating func skipLongLine() throws -> Line {
        lineOffset = dropped + start
        lineNumber += 1
        dropped += buffer.count
        buffer.removeAll(keepingCapacity: false)
        start = 0
        var skipped = 0
        while true {
            let count = try chunk.withUnsafeMutableBytes { try input.read(into: $0) }
            if count == 0 {
                atEnd = true
                return .tooLong
            }
            if let newline = chunk.withUnsafeBytes({ bytes -> Int? in
                memchr(bytes.baseAddress!, Int32(UInt8(ascii: "\n")), count)
                    .map { bytes.baseAddress!.distance(to: UnsafeRawPointer($0)) }
            }) {
                dropped += newline + 1
                buffer.append(contentsOf: chunk[(newline + 1)..<count])
                return .tooLong
            }
            dropped += count
            skipped += count
            if skipped >= maximumSkipBytes {
                gaveUp = true
                atEnd = true
                return .tooLong
            }
        }
    }

    /// Appends up to `limit` bytes (and at most a chunk) of input to the buffer, or notes its end.
    private mutating func fill(atMost limit: Int) throws {
        let wanted = min(limit, LineReader.chunkBytes)
        let count = try chunk.withUnsafeMutableBytes {
            try input.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<wanted]))
        }
        if count == 0 {
            atEnd = true
            return
        }
        // Drop consumed bytes before growing, so the buffer stays about one chunk long.
        if start > 0 {
            buffer.removeFirst(start)
            dropped += start
            start = 0
        }
        buffer.append(contentsOf: chunk[0..<count])
        peakBufferedBytes = max(peakBufferedBytes, buffer.count)
    }
}
