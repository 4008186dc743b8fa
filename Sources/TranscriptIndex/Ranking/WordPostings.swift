import Foundation
import GRDB

/// What the postings scan reads of one key of a query: its documents' tfs block by block, and how many documents
/// had it at the build. A word's or a pair's come from its postings (WordPostings), a prefix's are summed over its
/// terms (PrefixPostings).
protocol KeyPostings: AnyObject {
    /// An FTS5 expression of the key alone, to probe the documents changed since the build.
    var fts5: String { get }
    /// Documents with the key at the build.
    var documentFrequency: Int { get }
    func count(inBlock block: Int) -> Int
    /// Writes the block's tfs into `tfs` (by offset within the block; the other offsets are left alone) and, if
    /// `collect`, appends the offsets to `offsets`, ascending.
    func decode(inBlock block: PostingBlock, _ db: Database, into tfs: UnsafeMutableBufferPointer<Int32>,
                collect: Bool, offsets: inout [Int32]) throws
}

extension KeyPostings {
    /// How many of the key's postings are at these stale positions.
    func count(at stale: [Int: Set<Int>], in blocks: PostingBlocks, _ db: Database) throws -> Int {
        var hits = 0
        for (block, offsets) in stale where count(inBlock: block) > 0 {
            // Through the scan's own decoder (a scratch tf array: stale blocks are rare).
            var scratch = [Int32](repeating: 0, count: blocks.blockSize), found: [Int32] = []
            try scratch.withUnsafeMutableBufferPointer { tfs in
                try decode(inBlock: blocks.blocks[block], db, into: tfs, collect: true, offsets: &found)
            }
            hits += found.filter { offsets.contains(Int($0)) }.count
        }
        return hits
    }
}

/// One key's postings: the count of every block (which the row holds before its data), and a block's data when
/// it is read (a date range reads only its blocks).
final class WordPostings: KeyPostings {
    let token: Token
    let fts5: String
    /// Documents with the key at the build.
    let documentFrequency: Int
    private let counts: [Int: Int]
    private var data: [Int: Data] = [:]

    init?(_ token: Token, fts5: String, _ db: Database) throws {
        var counts: [Int: Int] = [:]
        var total = 0
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT block, count FROM postings WHERE term = ?"),
                                    arguments: [token]) {
            counts[row[0]] = row[1]
            total += row[1] as Int
        }
        guard total > 0 else { return nil }  // a rare word or pair (or none): no postings
        self.token = token
        self.fts5 = fts5
        self.counts = counts
        documentFrequency = total
    }

    func count(inBlock block: Int) -> Int { counts[block] ?? 0 }

    private func bytes(of block: PostingBlock, _ db: Database) throws -> Data {
        if let known = data[block.block] { return known }
        guard let bytes = try Data.fetchOne(db.cachedStatement(sql: "SELECT data FROM postings WHERE term = ? AND block = ?"),
                                            arguments: [token, block.block]) else { throw PostingsDamage.postings }
        data[block.block] = bytes
        return bytes
    }

    /// The scan's hot loop: no closure per posting.
    func decode(inBlock block: PostingBlock, _ db: Database, into tfs: UnsafeMutableBufferPointer<Int32>,
                collect: Bool, offsets: inout [Int32]) throws {
        guard let count = counts[block.block] else { return }
        let limit = block.count
        if collect { offsets.reserveCapacity(offsets.count + count) }
        try bytes(of: block, db).withUnsafeBytes { bytes in
            var offset = 0, position = 0
            for index in 0..<count {
                var gap: Int, tf: Int
                // Most gaps and tfs are one byte each: read them without the general loop.
                if offset + 1 < bytes.count, bytes[offset] < 0x80, bytes[offset + 1] < 0x80 {
                    gap = Int(bytes[offset]); tf = Int(bytes[offset + 1])
                    offset += 2
                } else {
                    gap = LEB128.read(bytes, &offset); tf = LEB128.read(bytes, &offset)
                }
                guard gap >= 0, gap < limit - position, tf > 0, index == 0 || gap > 0 else { throw PostingsDamage.postings }
                position += gap
                tfs[position] = Int32(clamping: tf)
                if collect { offsets.append(Int32(position)) }
            }
        }
    }
}

/// The documents changed since the build, as FTS5 indexes them now: each word's tf in them, and their lengths.
struct ChangedDocuments {
    let ids: [Int64]
    private var frequencies: [Token: [Int64: Int]] = [:]
    private(set) var lengths: [Int64: Int] = [:]

    init(ids: [Int64], words: [Token: any KeyPostings], _ db: Database) throws {
        self.ids = ids
        guard !ids.isEmpty else { return }
        let list = JSONText.integers(ids)
        for (token, word) in words {
            var found: [Int64: Int] = [:]
            // A prefix FTS5 has no index for is merged from its terms' lists at each statement start: one pass over
            // the changed ids' range then, not one probe (one merge) per id.
            let rows = token.isPrefixKey
                ? try Row.fetchCursor(db.cachedStatement(sql: """
                    SELECT rowid, \(MatchStatistics.functionName)(documents_fts) FROM documents_fts
                    WHERE documents_fts MATCH ? AND rowid BETWEEN ? AND ? AND +rowid IN (SELECT value FROM json_each(?))
                    """), arguments: [word.fts5, ids.min()!, ids.max()!, list])
                : try Row.fetchCursor(db.cachedStatement(sql: """
                    SELECT wanted.value, \(MatchStatistics.functionName)(documents_fts)
                    FROM json_each(?) AS wanted CROSS JOIN documents_fts ON documents_fts.rowid = wanted.value
                    WHERE documents_fts MATCH ?
                    """), arguments: [list, word.fts5])
            while let row = try rows.next() {
                let packed: Int64 = row[1]
                found[row[0]] = Int(packed >> 32)
                lengths[row[0]] = Int(packed & 0xFFFF_FFFF)
            }
            frequencies[token] = found
        }
    }

    func frequency(of token: Token) -> Int { frequencies[token]?.count ?? 0 }
    func tf(of token: Token, in id: Int64) -> Int { frequencies[token]?[id] ?? 0 }
}
