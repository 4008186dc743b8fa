import Foundation

/// Reads an input line by line in 1 MiB chunks, so an NDJSON export of a million transcriptions streams instead of
/// being loaded whole. Lines are found with memchr over a byte array: iterating `Data` byte by byte costs an
/// exclusivity check per byte, which profiling showed as a tenth of an import's time.
struct LineReader {
    static let chunkBytes = 1 << 20

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

    init(input: InputFile) { self.input = input }

    /// The next line without its terminator, or nil at the end of input. Throws `InputFile.Failure` when the
    /// input cannot be read further.
    mutating func next() throws -> Data? {
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
            try fill()
        }
    }

    /// Everything not yet returned.
    mutating func rest() throws -> Data {
        var data = Data(buffer[start...])
        lineOffset = dropped + start
        buffer = []
        start = 0
        while !atEnd {
            try fill()
            data.append(contentsOf: buffer)
            dropped += buffer.count
            buffer = []
        }
        return data
    }

    private mutating func take(_ range: Range<Int>, next: Int) -> Data {
        let line = Data(buffer[range])
        lineOffset = dropped + range.lowerBound
        start = next
        lineNumber += 1
        return line
    }

    /// Appends the next chunk of input to the buffer, or notes its end.
    private mutating func fill() throws {
        let count = try chunk.withUnsafeMutableBytes { try input.read(into: $0) }
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
    }
}
