import Foundation

/// Reads a file or standard input line by line in 1 MiB chunks, so an NDJSON export of a million transcriptions
/// streams instead of being loaded whole.
struct LineReader {
    private let handle: FileHandle
    private var buffer = Data()
    private var atEnd = false
    private(set) var lineNumber = 0

    init(handle: FileHandle) { self.handle = handle }

    /// The next line without its terminator, or nil at the end of input.
    mutating func next() throws -> Data? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                var line = buffer[buffer.startIndex..<newline]
                if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
                buffer = buffer[(newline + 1)...]
                lineNumber += 1
                return Data(line)
            }
            if atEnd {
                guard !buffer.isEmpty else { return nil }
                defer { buffer = Data() }
                lineNumber += 1
                return Data(buffer)
            }
            let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            if chunk.isEmpty { atEnd = true } else { buffer.append(chunk) }
        }
    }

    /// Everything not yet returned.
    mutating func rest() throws -> Data {
        var data = buffer
        buffer = Data()
        data.append(try handle.readToEnd() ?? Data())
        atEnd = true
        return data
    }
}
