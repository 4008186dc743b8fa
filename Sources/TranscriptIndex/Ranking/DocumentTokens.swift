import Foundation
import GRDB
import GRDBSQLite

/// One document tokenized by FTS5's own tokenizer, reduced to what `PhrasePatterns` compares: per position,
/// which query token it is (-1: none) and which query prefixes it starts with. Built straight from the
/// tokenizer's callback on the text's bytes, without a String or an array per token (a transcription has
/// ~140 tokens, and a scan tokenizes every candidate).
final class DocumentTokens {
    /// What the callback fills, behind a raw pointer: a class's stored properties would be checked for
    /// exclusive access on every token (measured: a fifth of a scan's time went to those checks).
    private struct Buffer {
        var exact: [Int32] = []
        var prefixMask: [UInt64] = []
        var sawColocated = false
        let exactTokens: [[UInt8]]
        let prefixes: [[UInt8]]

        mutating func add(flags: CInt, token: UnsafePointer<CChar>?, length: Int) {
            if flags & FTS5_TOKEN_COLOCATED != 0 {
                sawColocated = true
                return
            }
            var code: Int32 = -1
            var mask: UInt64 = 0
            if let token, length > 0 {
                for index in exactTokens.indices where exactTokens[index].count == length {
                    if exactTokens[index].withUnsafeBufferPointer({ memcmp($0.baseAddress!, token, length) == 0 }) {
                        code = Int32(index)
                        break
                    }
                }
                for bit in prefixes.indices where prefixes[bit].count <= length {
                    if prefixes[bit].isEmpty
                        || prefixes[bit].withUnsafeBufferPointer({ memcmp($0.baseAddress!, token, $0.count) == 0 }) {
                        mask |= 1 << UInt64(bit)
                    }
                }
            }
            exact.append(code)
            prefixMask.append(mask)
        }
    }

    private let buffer: UnsafeMutablePointer<Buffer>

    init(patterns: PhrasePatterns) {
        buffer = .allocate(capacity: 1)
        buffer.initialize(to: Buffer(exactTokens: patterns.exactTokens, prefixes: patterns.prefixes))
    }

    deinit {
        buffer.deinitialize(count: 1)
        buffer.deallocate()
    }

    var exact: [Int32] { buffer.pointee.exact }
    var prefixMask: [UInt64] { buffer.pointee.prefixMask }
    /// FTS5's length of the document in tokens (bm25's dl): colocated tokens share a position and do not count.
    var length: Int { buffer.pointee.exact.count }
    /// A tokenizer that reports colocated tokens (synonyms) would need positions shared: not supported.
    var sawColocated: Bool { buffer.pointee.sawColocated }

    /// Replaces the contents with the tokens of `bytes` (UTF-8, as SQLite stores the text).
    func tokenize(_ bytes: UnsafePointer<CChar>, count: Int32, with tokenizer: SearchTokenizer) throws {
        buffer.pointee.exact.removeAll(keepingCapacity: true)
        buffer.pointee.prefixMask.removeAll(keepingCapacity: true)
        buffer.pointee.sawColocated = false
        let code = tokenizer.tokenizeDocument(bytes, count: count, context: UnsafeMutableRawPointer(buffer)) { context, flags, token, length, _, _ in
            context!.assumingMemoryBound(to: Buffer.self).pointee.add(flags: flags, token: token, length: Int(length))
            return SQLITE_OK
        }
        guard code == SQLITE_OK else {
            throw IndexError(.database, "cannot tokenize a transcription (SQLite error \(code))")
        }
    }
}
