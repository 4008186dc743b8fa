import Foundation
import GRDB
import GRDBSQLite
import Synchronization

/// One block's place among the positions.
struct PostingBlock {
    let block: Int
    let count: Int
    let firstID: Int64
    let lastID: Int64
    let blockSize: Int
    var start: Int { block * blockSize }
}

/// The blocks, and the ids at positions read one at a time through SQLite's incremental blob I/O (a block's ids
/// are 512 KB; a search needs a few dozen of them).
final class PostingBlocks {
    let blocks: [PostingBlock]
    let blockSize: Int
    /// The file and the build these blocks are of (`LengthsCache`'s key).
    let build: String
    private let connection: OpaquePointer
    private var blob: OpaquePointer?
    private var openBlock = -1

    init(_ db: Database) throws {
        let size = try Postings.blockSize(db)
        blockSize = size
        build = String(cString: sqlite3_db_filename(db.sqliteConnection, "main")) + "#" + String(try Postings.buildID(db))
        blocks = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT block, count, first_id, last_id FROM posting_blocks ORDER BY block
            """)).map { PostingBlock(block: $0[0], count: $0[1], firstID: $0[2], lastID: $0[3], blockSize: size) }
        for (index, block) in blocks.enumerated() where block.block != index || block.count > size || size <= 0 {
            throw PostingsDamage.blocks
        }
        connection = db.sqliteConnection!
    }

    deinit { sqlite3_blob_close(blob) }

    /// The search's deadline interrupts SQLite: reported as the deadline (IndexDatabase.searchError), not as damage.
    private static func failure(_ code: Int32) -> Error {
        code == SQLITE_INTERRUPT ? DatabaseError(resultCode: .SQLITE_INTERRUPT)
            : IndexError(.database, "cannot read the postings' ids (SQLite error \(code))")
    }

    func id(block: Int, offset: Int) throws -> Int64 {
        if openBlock != block {
            let code = blob == nil
                ? sqlite3_blob_open(connection, "main", "posting_blocks", "ids", Int64(block), 0, &blob)
                : sqlite3_blob_reopen(blob, Int64(block))
            guard code == SQLITE_OK else {
                sqlite3_blob_close(blob)
                blob = nil
                openBlock = -1
                throw Self.failure(code)
            }
            openBlock = block
        }
        var value: Int64 = 0
        let code = sqlite3_blob_read(blob, &value, 8, Int32(offset * 8))
        guard code == SQLITE_OK else { throw Self.failure(code) }
        return Int64(littleEndian: value)
    }

    /// A block's ids, all at once (a prefix's rare terms are placed by id across the whole index).
    func ids(of block: PostingBlock, _ db: Database) throws -> [Int64] {
        guard let data = try Data.fetchOne(db.cachedStatement(sql: "SELECT ids FROM posting_blocks WHERE block = ?"),
                                           arguments: [block.block]), data.count == block.count * 8 else {
            throw PostingsDamage.blocks
        }
        return data.withUnsafeBytes { bytes in
            (0..<block.count).map { Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: $0 * 8, as: Int64.self)) }
        }
    }

    /// Within `block`, the first offset whose id is at least `id` (the block's count when none is).
    private func offset(atLeast id: Int64, in block: PostingBlock) throws -> Int {
        var low = 0, high = block.count
        while low < high {
            let middle = (low + high) / 2
            if try self.id(block: block.block, offset: middle) < id { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The first position whose id is at least `id` (the number of positions when none is).
    private func position(atLeast id: Int64) throws -> Int {
        let index = blocks.partitioningIndex { $0.lastID >= id }
        guard index < blocks.count else { return blocks.last.map { $0.start + $0.count } ?? 0 }
        return blocks[index].start + (try offset(atLeast: id, in: blocks[index]))
    }

    /// The positions of a rowid range, inclusive (low > high: none); every position without a range.
    func positionRange(_ range: (low: Int64, high: Int64)?) throws -> (Int, Int) {
        let end = blocks.last.map { $0.start + $0.count } ?? 0
        guard let range else { return (0, end - 1) }
        let low = try position(atLeast: range.low)
        let high = range.high == Int64.max ? end - 1 : try position(atLeast: range.high + 1) - 1
        return (low, high)
    }

    /// Where the ids that have a position are, as offsets by block (ids written since the build have none).
    func positions(of ids: [Int64]) throws -> [Int: Set<Int>] {
        var found: [Int: Set<Int>] = [:]
        for id in ids {
            let index = blocks.partitioningIndex { $0.lastID >= id }
            guard index < blocks.count, blocks[index].firstID <= id else { continue }
            let offset = try offset(atLeast: id, in: blocks[index])
            if offset < blocks[index].count, try self.id(block: blocks[index].block, offset: offset) == id {
                found[blocks[index].block, default: []].insert(offset)
            }
        }
        return found
    }

    /// The block's lengths, kept for the process per file and build (`LengthsCache`): every search of several
    /// words reads every block's, 4 MB at 1M documents.
    func lengths(of block: PostingBlock, _ db: Database) throws -> Data {
        if let cached = LengthsCache.shared.lengths(build: build, block: block.block) { return cached }
        guard let data = try Data.fetchOne(db.cachedStatement(sql: "SELECT lengths FROM posting_blocks WHERE block = ?"),
                                           arguments: [block.block]), data.count == block.count * 4 else {
            throw PostingsDamage.blocks
        }
        LengthsCache.shared.keep(data, build: build, block: block.block)
        return data
    }
}

/// Blocks' lengths by file and build: they never change within a build, and every search of several words
/// needs them all. One build's at a time (4 MB at 1M documents); another build's replace them.
final class LengthsCache: Sendable {
    static let shared = LengthsCache()
    private let state = Mutex<(build: String, blocks: [Int: Data])>(("", [:]))

    func lengths(build: String, block: Int) -> Data? {
        state.withLock { $0.build == build ? $0.blocks[block] : nil }
    }

    func keep(_ lengths: Data, build: String, block: Int) {
        state.withLock { state in
            if state.build != build { state = (build, [:]) }
            state.blocks[block] = lengths
        }
    }
}

enum PostingsDamage {
    static var blocks: IndexError { IndexError(.database, "the postings' blocks are damaged; rebuild the index") }
    static var postings: IndexError { IndexError(.database, "the postings are damaged; rebuild the index") }
}
