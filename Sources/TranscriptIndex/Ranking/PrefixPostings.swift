import Foundation
import GRDB
import GRDBSQLite

/// A prefix's postings (`ca*`, `refun*`): its terms' tfs summed per document, which is what FTS5 counts for a
/// prefix (every token that starts so is one instance), over every position of the build.
///
/// Why: FTS5 answers a prefix without a prefix index of its length (`prefix='3'`: a 2-letter or a 5-letter one)
/// by merging the position lists of every term in its range, and scores every match: `ca*` at 100,000 calls took
/// 535 ms through the one-pass scan and its per-hit snippets (the plain sqlite3 shell's `ORDER BY rank`: 222 ms).
/// The frequent terms of the range have postings,
/// a few bytes per document; the rest are rare by definition, and fts5vocab reads their instances in the gaps
/// between the frequent ones without touching those.
///
/// The sum is held as one dense tf array by position (4 bytes per document of the build: 4 MB at 1M). Documents
/// changed since the build are stale positions here, as for every key, and scored from FTS5 by the search.
final class PrefixPostings: KeyPostings {
    let fts5: String
    let documentFrequency: Int
    private let tfs: [Int32]
    /// Documents with a term of the prefix, per block.
    private var counts: [Int: Int] = [:]

    /// `prefix`: the prefix's token as the tokenizer gives it ("ca" for `ca*`).
    init(prefix: Token, fts5: String, blocks: PostingBlocks, _ db: Database) throws {
        self.fts5 = fts5
        let positions = blocks.blocks.last.map { $0.start + $0.count } ?? 0
        var tfs = [Int32](repeating: 0, count: positions)
        let (low, high) = ListUnit.termRange(of: Token(utf8: prefix.utf8 + [UInt8(ascii: "*")]))

        // The frequent terms of the range: one-word keys of the postings (a pair's key has a space).
        let members = try Self.keys(from: low, below: high, db).filter { !$0.isPair }
        var scratch = [Int32](repeating: 0, count: blocks.blockSize), offsets: [Int32] = []
        for member in members {
            guard let postings = try WordPostings(member, fts5: "", db) else { throw PostingsDamage.postings }
            for block in blocks.blocks where postings.count(inBlock: block.block) > 0 {
                offsets.removeAll(keepingCapacity: true)
                try scratch.withUnsafeMutableBufferPointer { scratch in
                    try postings.decode(inBlock: block, db, into: scratch, collect: true, offsets: &offsets)
                    for offset in offsets {
                        tfs[block.start + Int(offset)] += scratch[Int(offset)]
                        scratch[Int(offset)] = 0
                    }
                }
            }
        }

        // The other terms of the range, between the frequent ones: each instance is one occurrence.
        let walk = try InstanceWalk(db, sql: "SELECT doc FROM documents_vocab_instance WHERE term >= ? AND term <= ?")
        var placing = IDPlacement(blocks: blocks, db)
        var start = low
        for gap in members.map(\.utf8) + [high] {
            try walk.forEach(start, Self.lastTermBefore(gap)) { id in
                if let position = try placing.position(of: id) { tfs[position] += 1 }
            }
            start = gap + [0x01]  // just after the frequent term: no term lies between it and it + 0x01
        }

        var documents = 0
        for block in blocks.blocks {
            var found = 0
            for position in block.start..<(block.start + block.count) where tfs[position] != 0 { found += 1 }
            if found > 0 { counts[block.block] = found }
            documents += found
        }
        self.tfs = tfs
        documentFrequency = documents
    }

    func count(inBlock block: Int) -> Int { counts[block] ?? 0 }

    func decode(inBlock block: PostingBlock, _ db: Database, into tfs: UnsafeMutableBufferPointer<Int32>,
                collect: Bool, offsets: inout [Int32]) throws {
        guard counts[block.block] != nil else { return }
        if collect { offsets.reserveCapacity(offsets.count + counts[block.block]!) }
        self.tfs.withUnsafeBufferPointer { all in
            for offset in 0..<block.count {
                let tf = all[block.start + offset]
                guard tf != 0 else { continue }
                tfs[offset] = tf
                if collect { offsets.append(Int32(offset)) }
            }
        }
    }

    /// How many postings the prefix's frequent terms have: about what FTS5 merges each time a statement starts on
    /// the prefix (its rare terms aside), for choosing between one pass and probes by rowid.
    static func listedPostings(prefix: Token, _ db: Database) throws -> Int {
        let (low, high) = ListUnit.termRange(of: PrefixKey.key(prefix))
        let statement = try db.cachedStatement(sql: """
            SELECT coalesce(sum(count), 0) FROM postings WHERE term >= ? AND term < ? AND instr(term, ' ') = 0
            """)
        bind(statement, low, high)
        defer { sqlite3_reset(statement.sqliteStatement) }
        guard sqlite3_step(statement.sqliteStatement) == SQLITE_ROW else { return 0 }
        return Int(sqlite3_column_int64(statement.sqliteStatement, 0))
    }

    /// Binds two byte strings as text of those exact bytes (a range's high end may not be valid UTF-8).
    private static func bind(_ statement: Statement, _ low: [UInt8], _ high: [UInt8]) {
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for (index, bytes) in [low, high].enumerated() {
            bytes.withUnsafeBufferPointer {
                _ = sqlite3_bind_text(statement.sqliteStatement, Int32(index + 1),
                                      UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), Int32($0.count), transient)
            }
        }
    }

    /// The postings' keys in [low, high), in byte order.
    private static func keys(from low: [UInt8], below high: [UInt8], _ db: Database) throws -> [Token] {
        let statement = try db.cachedStatement(sql: "SELECT DISTINCT term FROM postings WHERE term >= ? AND term < ? ORDER BY term")
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        bind(statement, low, high)
        var keys: [Token] = []
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return keys }
            guard code == SQLITE_ROW else { throw DatabaseError(resultCode: ResultCode(rawValue: code)) }
            let count = Int(sqlite3_column_bytes(handle, 0))
            let text = sqlite3_column_text(handle, 0)!
            keys.append(Token(utf8: Array(UnsafeBufferPointer(start: text, count: count))))
        }
    }

    /// An inclusive upper bound for the terms below `term` (fts5vocab reads `term < x` as `term <= x` and lets
    /// SQLite drop `x`'s own instances, which would read a frequent term's whole list): its last byte less one,
    /// then the highest code point, which no token has eight times in a row.
    static func lastTermBefore(_ term: [UInt8]) -> [UInt8] {
        var bound = term
        bound[bound.count - 1] -= 1
        for _ in 0..<8 { bound += [0xF4, 0x8F, 0xBF, 0xBF] }
        return bound
    }
}

/// Positions of ids, for instances that come in term order (so in no id order): each block's ids read once,
/// when an id of it first comes. An id without a position (written since the build) has none.
private struct IDPlacement {
    let blocks: PostingBlocks
    let db: Database
    private var ids: [Int: [Int64]] = [:]

    init(blocks: PostingBlocks, _ db: Database) {
        self.blocks = blocks
        self.db = db
    }

    mutating func position(of id: Int64) throws -> Int? {
        let index = blocks.blocks.partitioningIndex { $0.lastID >= id }
        guard index < blocks.blocks.count, blocks.blocks[index].firstID <= id else { return nil }
        let block = blocks.blocks[index]
        if ids[index] == nil { ids[index] = try blocks.ids(of: block, db) }
        let offset = ids[index]!.partitioningIndex { $0 >= id }
        return offset < block.count && ids[index]![offset] == id ? block.start + offset : nil
    }
}
