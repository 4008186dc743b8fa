import Foundation
import GRDB

/// The document-ordered postings of the frequent terms (Schema/0008_postings.sql): built here from FTS5's own
/// vocabulary and lengths, read by `PostingsSearch`.
///
/// A document's position is its rank by id among FTS5's rows at the build (`DocumentLengths.ids`). Documents
/// written since are logged in `posting_changes` by triggers; a search skips their stale postings and asks FTS5
/// about them, as long as there are at most `maximumChanges`; `TermLists.refresh` rebuilds beyond that.
enum Postings {
    /// Positions per block: a block's ids and lengths are one row each (512 KB and 256 KB). Stored with the
    /// build (tests build small blocks, to cross their ends).
    static let defaultBlockSize = 65_536
    /// Changed documents a search answers through FTS5 probes (about 15 µs each per word) before it declines:
    /// 1,000 cost a three-word search about 45 ms; past them, the next refresh builds the postings again.
    static let maximumChanges = 1_000

    static func isBuilt(_ db: Database) throws -> Bool {
        try db.tableExists("posting_state")
            && Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM posting_state WHERE key = 'built_at')"))!
    }

    /// The documents changed since the build, ascending; nil when there are more than `maximumChanges`.
    static func changedIDs(_ db: Database) throws -> [Int64]? {
        let ids = try Int64.fetchAll(db.cachedStatement(sql: "SELECT id FROM posting_changes ORDER BY id LIMIT ?"),
                                     arguments: [maximumChanges + 1])
        return ids.count > maximumChanges ? nil : ids
    }

    /// Whether a build is due: postings never built on an index that has term lists, or too many changes.
    static func needsRebuild(_ db: Database) throws -> Bool {
        guard try db.tableExists("posting_state") else { return false }
        return try !isBuilt(db) || changedIDs(db) == nil
    }

    // MARK: Build

    /// Rewrites every block and every frequent term's postings from FTS5: the terms in at least
    /// `minimumDocumentFrequency` rows, their instances walked by document (a run of one document is its tf),
    /// and the pairs of terms in at least `pairMinimumDocumentFrequency`.
    static func rebuild(_ db: Database, settings: TermLists.Settings, lengths: DocumentLengths? = nil,
                        blockSize: Int? = nil) throws {
        let minimumDocumentFrequency = settings.minimumDocumentFrequency
        guard try db.tableExists("posting_state") else { return }  // an upgrade that has not reached 0008 yet
        let blockSize = try blockSize ?? Self.blockSize(db)  // the last build's, kept
        try db.execute(sql: """
            DELETE FROM postings; DELETE FROM posting_blocks; DELETE FROM posting_changes; DELETE FROM posting_state
            """)
        let lengths = try lengths ?? DocumentLengths.load(db)
        try writeBlocks(ids: lengths.ids, lengths: lengths.lengths, blockSize: blockSize, db)
        // The most frequent first, so that a corpus with more frequent terms than a pair's 16-bit halves can
        // name keeps the commonest (which FTS5 is slowest on).
        let terms = try Token.fetchAll(db, sql: "SELECT term FROM documents_vocab_row WHERE doc >= ? ORDER BY doc DESC LIMIT ?",
                                       arguments: [minimumDocumentFrequency, PostingsBuild.maximumTerms])
        // Terms are fetched most frequent first: the pairs' terms are a prefix of them.
        let pairTerms = try Int.fetchOne(db, sql: "SELECT count(*) FROM documents_vocab_row WHERE doc >= ?",
                                         arguments: [max(settings.pairMinimumDocumentFrequency, minimumDocumentFrequency)])!
        // The postings arrive block by block, which in the index by term are inserts all over it.
        let byTerm = try DeferredIndexes.drop(on: "postings", db)
        let insert = try db.makeStatement(sql: "INSERT INTO postings(term, block, count, data) VALUES (?, ?, ?, ?)")
        try PostingsBuild(ids: lengths.ids, lengths: lengths.lengths, blockSize: blockSize, terms: terms,
                          pairTerms: min(pairTerms, terms.count)).run(db) { key, postings in
            try insert.execute(arguments: [key, postings.block, postings.count, Data(postings.bytes)])
        }
        try byTerm.create(db)
        try db.execute(sql: """
            INSERT INTO posting_state(key, value)
            VALUES ('built_at', ?), ('rows', ?), ('minimum_df', ?), ('block_size', ?), ('build_id', ?)
            """, arguments: [Int64(Date().timeIntervalSince1970), lengths.ids.count, minimumDocumentFrequency, blockSize,
                             Int64.random(in: 1...Int64.max)])
    }

    /// A random number that names the build (a process may keep what it read of it: `LengthsCache`).
    static func buildID(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT value FROM posting_state WHERE key = 'build_id'")) ?? 0
    }

    /// The block size of the build.
    static func blockSize(_ db: Database) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT value FROM posting_state WHERE key = 'block_size'")) ?? defaultBlockSize
    }

    private static func writeBlocks(ids: [Int64], lengths: [Int32], blockSize: Int, _ db: Database) throws {
        let insert = try db.makeStatement(sql: """
            INSERT INTO posting_blocks(block, count, first_id, last_id, ids, lengths) VALUES (?, ?, ?, ?, ?, ?)
            """)
        for (block, start) in stride(from: 0, to: ids.count, by: blockSize).enumerated() {
            let range = start..<min(start + blockSize, ids.count)
            var idBytes = Data(capacity: range.count * 8), lengthBytes = Data(capacity: range.count * 4)
            for position in range {
                withUnsafeBytes(of: ids[position].littleEndian) { idBytes.append(contentsOf: $0) }
                withUnsafeBytes(of: UInt32(clamping: lengths[position]).littleEndian) { lengthBytes.append(contentsOf: $0) }
            }
            try insert.execute(arguments: [block, range.count, ids[range.lowerBound], ids[range.upperBound - 1],
                                           idBytes, lengthBytes])
        }
    }
}

/// One term's postings in one block, as stored.
struct EncodedPostings {
    let block: Int
    var count = 0
    var bytes: [UInt8] = []
    /// The position within the block of the last posting (the next gap starts from it).
    private var last = 0

    init(block: Int) { self.block = block }

    /// The next posting: `offset` (within the block) after the last one's.
    mutating func append(offset: Int, tf: Int) {
        LEB128.append(UInt64(offset - last), to: &bytes)
        LEB128.append(UInt64(tf), to: &bytes)
        count += 1
        last = offset
    }
}

/// Unsigned LEB128: 7 bits a byte, low bits first, the high bit set on all but the last byte.
enum LEB128 {
    static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    /// The value at `offset`, which moves past it; -1 when the bytes end inside it (a damaged row).
    @inline(__always)
    static func read(_ bytes: UnsafeRawBufferPointer, _ offset: inout Int) -> Int {
        var value = 0, shift = 0
        while true {
            guard offset < bytes.count, shift < 63 else { return -1 }
            let byte = bytes[offset]
            offset += 1
            value |= Int(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }
}
