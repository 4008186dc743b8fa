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
    /// Changed documents a search answers through FTS5 probes (about 15 µs each per word) before it declines.
    static let maximumChanges = 2_000

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
    /// `minimumDocumentFrequency` rows, their instances walked by document (a run of one document is its tf).
    static func rebuild(_ db: Database, minimumDocumentFrequency: Int, lengths: DocumentLengths? = nil,
                        blockSize: Int? = nil) throws {
        guard try db.tableExists("posting_state") else { return }  // an upgrade that has not reached 0008 yet
        let blockSize = try blockSize ?? Self.blockSize(db)  // the last build's, kept
        try db.execute(sql: """
            DELETE FROM postings; DELETE FROM posting_blocks; DELETE FROM posting_changes; DELETE FROM posting_state
            """)
        let lengths = try lengths ?? DocumentLengths.load(db)
        try writeBlocks(ids: lengths.ids, lengths: lengths.lengths, blockSize: blockSize, db)
        let terms = try Token.fetchAll(db, sql: "SELECT term FROM documents_vocab_row WHERE doc >= ?",
                                       arguments: [minimumDocumentFrequency])
        let instances = try InstanceWalk(db, sql: "SELECT doc FROM documents_vocab_instance WHERE term = ?")
        let insert = try db.makeStatement(sql: "INSERT INTO postings(term, block, count, data) VALUES (?, ?, ?, ?)")
        var encoder = PostingsEncoder(ids: lengths.ids, blockSize: blockSize)
        for term in terms {
            try instances.forEach(term) { try encoder.add(instanceIn: $0) }
            for block in encoder.finishTerm() {
                try insert.execute(arguments: [term, block.block, block.count, Data(block.bytes)])
            }
        }
        try db.execute(sql: """
            INSERT INTO posting_state(key, value)
            VALUES ('built_at', ?), ('rows', ?), ('minimum_df', ?), ('block_size', ?)
            """, arguments: [Int64(Date().timeIntervalSince1970), lengths.ids.count, minimumDocumentFrequency, blockSize])
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
    fileprivate var last = 0
}

/// Turns one term's instances (document ids in ascending order, one per occurrence) into its postings by block.
struct PostingsEncoder {
    let ids: [Int64]
    let blockSize: Int
    private var hint = 0
    private var position = -1
    private var frequency = 0
    private var blocks: [EncodedPostings] = []

    init(ids: [Int64], blockSize: Int) { self.ids = ids; self.blockSize = blockSize }

    mutating func add(instanceIn id: Int64) throws {
        if position >= 0, ids[position] == id { frequency += 1; return }
        flush()
        guard let found = ids.gallopingIndex(of: id, hint: &hint) else {
            throw IndexError(.database, "the full-text index has no length for row \(id); rebuild it")
        }
        position = found
        frequency = 1
    }

    /// The term's postings, block by block; the encoder is ready for the next term.
    mutating func finishTerm() -> [EncodedPostings] {
        flush()
        defer { blocks = []; hint = 0 }
        return blocks
    }

    private mutating func flush() {
        guard position >= 0 else { return }
        let block = position / blockSize, offset = position % blockSize
        if blocks.last?.block != block { blocks.append(EncodedPostings(block: block)) }
        let gap = offset - blocks[blocks.count - 1].last
        LEB128.append(UInt64(gap), to: &blocks[blocks.count - 1].bytes)
        LEB128.append(UInt64(frequency), to: &blocks[blocks.count - 1].bytes)
        blocks[blocks.count - 1].count += 1
        blocks[blocks.count - 1].last = offset
        position = -1
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
