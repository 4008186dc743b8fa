/// Finds the line on which each element of a JSON document's top-level lists starts, so that a bad record in a
/// pretty-printed list page can be reported as `file:line`. A single pass over the bytes that tracks strings and
/// nesting depth; it trusts the document to be valid JSON (the decoder has already said so).
enum JSONElementLines {
    /// For `{"transcriptions": [ {...}, {...} ], "recordings": [...]}`: key → start line of each element.
    /// For a top-level array: "" → start line of each element.
    static func scan(_ bytes: UnsafeRawBufferPointer) -> [String: [Int]] {
        var lines: [String: [Int]] = [:]
        var line = 1
        var depth = 0
        var inString = false, escaped = false
        var stringStart = 0
        var lastKeyAtDepthOne = ""
        var currentList: String?
        var listDepth = 0
        var expectingElement = false
        for (offset, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "\n") { line += 1 }
            if inString {
                if escaped { escaped = false }
                else if byte == UInt8(ascii: "\\") { escaped = true }
                else if byte == UInt8(ascii: "\"") {
                    inString = false
                    if depth == 1 {
                        lastKeyAtDepthOne = String(decoding: bytes[(stringStart + 1)..<offset], as: UTF8.self)
                    }
                }
                continue
            }
            let isSpace = byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
            if expectingElement && !isSpace && byte != UInt8(ascii: "]") {
                lines[currentList ?? "", default: []].append(line)
                expectingElement = false
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
                stringStart = offset
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                if byte == UInt8(ascii: "["), depth <= 2, currentList == nil {
                    currentList = depth == 1 ? "" : lastKeyAtDepthOne
                    listDepth = depth
                    expectingElement = true
                }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if currentList != nil, depth == listDepth { currentList = nil }
                depth -= 1
                expectingElement = false
            case UInt8(ascii: ","):
                if currentList != nil, depth == listDepth { expectingElement = true }
            default:
                break
            }
        }
        return lines
    }
}
