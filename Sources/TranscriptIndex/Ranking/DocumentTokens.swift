import Foundation
import GRDB
import GRDBSQLite

/// One document tokenized by FTS5's own tokenizer, reduced to what `PhrasePatterns` compares: per position,
/// which query token it is (-1: none) and which query prefixes it starts with. Built straight from the
/// tokenizer's callback on the text's bytes, without a String or an array per token (a transcription has
/// ~140 tokens, and a scan tokenizes every candidate).
final class DocumentTokens {
    private(set) var exact: [Int32] = []
    private(set) var prefixMask: [UInt64] = []
    /// FTS5's length of the document in tokens (bm25's dl): colocated tokens share a position and do not count.
    var length: Int { exact.count }
    /// A tokenizer that reports colocated tokens (synonyms) would need positions shared: not supported.
    private(set) var sawColocated = false

    private let exactTokens: [[UInt8]]
    private let prefixes: [[UInt8]]

    init(patterns: PhrasePatterns) {
        exactTokens = patterns.exactTokens
        prefixes = patterns.prefixes
    }

    /// Replaces the contents with the tokens of `bytes` (UTF-8, as SQLite stores the text).
    func tokenize(_ bytes: UnsafePointer<CChar>, count: Int32, with tokenizer: SearchTokenizer) throws {
        exact.removeAll(keepingCapacity: true)
        prefixMask.removeAll(keepingCapacity: true)
        sawColocated = false
        let context = Unmanaged.passUnretained(self).toOpaque()
        let code = withExtendedLifetime(self) {
            tokenizer.tokenizeDocument(bytes, count: count, context: context) { context, flags, token, length, _, _ in
                let document = Unmanaged<DocumentTokens>.fromOpaque(context!).takeUnretainedValue()
                document.add(flags: flags, token: token, length: Int(length))
                return SQLITE_OK
            }
        }
        guard code == SQLITE_OK else {
            throw IndexError(.database, "cannot tokenize a transcription (SQLite error \(code))")
        }
    }

    private func add(flags: CInt, token: UnsafePointer<CChar>?, length: Int) {
        if flags & FTS5_TOKEN_COLOCATED != 0 {
            sawColocated = true
            return
        }
        var code: Int32 = -1
        var mask: UInt64 = 0
        if let token, length > 0 {
            token.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
                for (index, candidate) in exactTokens.enumerated() where candidate.count == length {
                    if candidate.withUnsafeBufferPointer({ memcmp($0.baseAddress!, bytes, length) == 0 }) {
                        code = Int32(index)
                        break
                    }
                }
                for (bit, prefix) in prefixes.enumerated() where prefix.count <= length {
                    if prefix.isEmpty || prefix.withUnsafeBufferPointer({ memcmp($0.baseAddress!, bytes, prefix.count) == 0 }) {
                        mask |= 1 << UInt64(bit)
                    }
                }
            }
        }
        exact.append(code)
        prefixMask.append(mask)
    }
}
