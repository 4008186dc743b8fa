/// Finds where input stops being UTF-8, so a bad record or file can be reported as "invalid byte at offset N"
/// (which a user can look at with `xxd -s N`) instead of a decoder's internal error.
enum UTF8Check {
    /// The offset of the first byte that is not part of valid UTF-8, or nil when every byte is.
    static func firstInvalidByte(_ bytes: UnsafeRawBufferPointer) -> Int? {
        let valid = bytes.withMemoryRebound(to: UInt8.self) { String(validating: $0, as: UTF8.self) != nil }
        if valid { return nil }  // the standard library's validator is fast (~2 GB/s); only failures are walked
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .error: return offset
            case .emptyInput: return nil
            }
        }
    }
}
