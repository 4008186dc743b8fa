import Foundation
import GRDB
import GRDBSQLite
import Synchronization

/// The exact page and total of a ranked search of several frequent words — `refund order`, `refund OR cancel`,
/// `refund -invoice` — scored match by match from the document-ordered postings (Schema/0008_postings.sql).
///
/// Why: two words that are each in half the documents share few of their best documents, so the term lists'
/// threshold algorithm reads deep and gives up, and FTS5 scores every match by walking both words' positions
/// (482,758 matches of `refund order` at 1M mixed documents: 566–915 ms). Here a match costs tens of
/// nanoseconds: its tfs come from the words' postings, its length from the block's lengths (that search: 18–25 ms
/// p50 with its page, snippets and sentences).
///
/// How, block by block over the positions of the date range:
/// - each word's postings of the block are decoded into a dense tf array;
/// - the required group (an OR of words; groups are ANDed) with the fewest postings drives;
/// - a candidate needs a word of every group and no excluded word; its bm25 is summed over the phrases in the
///   expression's order, as FTS5 sums it, so the score is the same double;
/// - the best `limit + 1` after the cursor are kept, ties by id (positions keep the id order).
/// Documents changed since the build are skipped in the postings and scored from FTS5's own index instead, and
/// the IDFs count them as they are now: the page, the scores and the total are FTS5's.
///
/// A two-word phrase (`"your account"`, or `late-fee`, which the tokenizer splits) is one more key: the pair's
/// postings hold its tf per document, which is FTS5's count of the phrase's instances.
///
/// It declines (nil) what it cannot answer exactly: a longer phrase, a prefix, a word or pair without postings
/// (a rare one: FTS5 is fast on it), filters other than dates, too many changes since the build.
struct PostingsSearch {
    let request: SearchRequest

    struct Result {
        /// The page and one more (to tell whether there is a next page), best first.
        var ranked: [(id: Int64, rank: Double)]
        /// Every match in the date range.
        var total: Int
    }

    func run(_ db: Database) throws -> Result? {
        let query = request.query
        guard request.sort == .relevance, request.callSid == nil, request.recordingSid == nil,
              request.statuses.isEmpty, request.accountSid == nil, !request.hasSQLOnlyFilters,
              !request.needsExactDateCheck, !query.required.isEmpty, !Self.isOneWord(query),
              (query.required.joined() + query.excluded).allSatisfy({ !$0.isPrefix }),
              try Postings.isBuilt(db), let plan = try QueryTerms(query, SearchTokenizer(db)),
              // One word alone is the term lists' (its best documents are its list's first entries).
              plan.phrases.count > 1 || !plan.excluded.isEmpty || plan.phrases[0].isPair,
              let changed = try Postings.changedIDs(db),
              try BM25.agreesWithSQLite(db), let totals = try FTSTotals.read(db) else { return nil }

        var words: [Token: WordPostings] = [:]
        for (token, fts5) in plan.distinct {
            guard let postings = try WordPostings(token, fts5: fts5, db) else { return nil }
            words[token] = postings
        }
        let blocks = try PostingBlocks(db)
        let stale = try blocks.positions(of: changed)
        let changes = try ChangedDocuments(ids: changed, words: words, db)
        let idfs = try plan.phrases.map { token in
            let postings = words[token]!
            let hits = postings.documentFrequency - (try postings.count(at: stale, in: blocks, db))
                + changes.frequency(of: token)
            return BM25.idf(rows: totals.rows, hits: Int64(hits))
        }
        var scoring = Scoring(plan: plan, idfs: idfs, averageLength: totals.averageLength,
                              cursor: request.cursor, capacity: request.limit + 1, blockSize: blocks.blockSize)
        let (low, high) = try blocks.positionRange(request.rowidRange)
        if low <= high {
            for block in blocks.blocks where block.start <= high && block.start + block.count > low {
                try scoring.scan(block, range: max(low - block.start, 0)...min(high - block.start, block.count - 1),
                                 stale: stale[block.block] ?? [], words: words, blocks: blocks, db)
            }
        }
        for id in changes.ids {
            if let range = request.rowidRange, id < range.low || id > range.high { continue }
            try scoring.consider(changed: id, changes)
        }
        return Result(ranked: scoring.top.entries.map { ($0.id, $0.rank) }, total: scoring.total)
    }

    /// One word of letters and digits alone, which the tokenizer keeps as one token: the term lists' search,
    /// declined before a tokenizer is made (a word the tokenizer splits, as `late-fee`, is a phrase: tokenized).
    private static func isOneWord(_ query: ParsedQuery) -> Bool {
        guard query.excluded.isEmpty, query.required.count == 1, query.required[0].count == 1 else { return false }
        let term = query.required[0][0]
        return !term.isPhrase && term.text.unicodeScalars.allSatisfy {
            $0.properties.isAlphabetic || $0.properties.numericType != nil
        }
    }
}

/// The query as postings keys: its phrases in FTS5's order (each required term, group by group), which phrases
/// form each required group, and the excluded ones. A term of one token is that token's key; a term of two (a
/// quoted phrase, or a word the tokenizer splits, as `late-fee`) is a phrase to FTS5, and the pair's key.
private struct QueryTerms {
    var phrases: [Token] = []
    var groups: [[Int]] = []
    var excluded: [Token] = []
    /// Every key once, with an FTS5 string that matches it (for probing changed documents).
    var distinct: [Token: String] = [:]

    init?(_ query: ParsedQuery, _ tokenizer: SearchTokenizer) throws {
        func key(_ term: ParsedQuery.Term) throws -> Token?? {
            let tokens = try tokenizer.query(term.text)
            switch tokens.count {
            case 0: return .some(nil)
            case 1: return tokens[0]
            case 2: return PairKey.key(tokens[0], tokens[1])
            default: return nil  // a longer phrase has no postings
            }
        }
        for group in query.required {
            var indices: [Int] = []
            for term in group {
                guard let found = try key(term), let key = found else { return nil }
                indices.append(phrases.count)
                phrases.append(key)
                distinct[key] = term.fts5
            }
            groups.append(indices)
        }
        for term in query.excluded {
            guard let found = try key(term) else { return nil }
            guard let key = found else { continue }  // no token: matches nothing, in FTS5 too
            excluded.append(key)
            distinct[key] = term.fts5
        }
    }
}

/// One block's place among the positions.
private struct PostingBlock {
    let block: Int
    let count: Int
    let firstID: Int64
    let lastID: Int64
    let blockSize: Int
    var start: Int { block * blockSize }
}

/// The blocks, and the ids at positions read one at a time through SQLite's incremental blob I/O (a block's ids
/// are 512 KB; a search needs a few dozen of them).
private final class PostingBlocks {
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

/// One key's postings: the count of every block (which the row holds before its data), and a block's data when
/// it is read (a date range reads only its blocks).
private final class WordPostings {
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

    /// Writes the block's tfs into `tfs` (by offset within the block) and, if `collect`, appends the offsets to
    /// `offsets`. The scan's hot loop: no closure per posting.
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

    /// Calls `body(offset, tf)` for each posting of the block, in offset order.
    func forEach(inBlock block: PostingBlock, _ db: Database, _ body: (Int, Int) -> Void) throws {
        guard let count = counts[block.block] else { return }
        try bytes(of: block, db).withUnsafeBytes { bytes in
            var offset = 0, position = 0
            for index in 0..<count {
                let gap = LEB128.read(bytes, &offset), tf = LEB128.read(bytes, &offset)
                // Checked before it is added: a damaged gap could overflow.
                guard gap >= 0, gap < block.count - position, tf > 0, index == 0 || gap > 0 else {
                    throw PostingsDamage.postings
                }
                position += gap
                body(position, tf)
            }
        }
    }

    /// How many of the key's postings are at these stale positions.
    func count(at stale: [Int: Set<Int>], in blocks: PostingBlocks, _ db: Database) throws -> Int {
        var hits = 0
        for (block, offsets) in stale where counts[block] != nil {
            try forEach(inBlock: blocks.blocks[block], db) { offset, _ in if offsets.contains(offset) { hits += 1 } }
        }
        return hits
    }
}

/// The documents changed since the build, as FTS5 indexes them now: each word's tf in them, and their lengths.
private struct ChangedDocuments {
    let ids: [Int64]
    private var frequencies: [Token: [Int64: Int]] = [:]
    private(set) var lengths: [Int64: Int] = [:]

    init(ids: [Int64], words: [Token: WordPostings], _ db: Database) throws {
        self.ids = ids
        guard !ids.isEmpty else { return }
        let list = JSONText.integers(ids)
        for (token, word) in words {
            var found: [Int64: Int] = [:]
            let rows = try Row.fetchCursor(db.cachedStatement(sql: """
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

/// The matches' scores, the exact total, and the best entries after the cursor.
private struct Scoring {
    let plan: QueryTerms
    let idfs: [Double]
    let averageLength: Double
    let cursor: SearchCursor?
    private(set) var top: TopRanked
    private(set) var total = 0
    let blockSize: Int
    /// The distinct keys; `phraseKeys[i]` and `excludedKeys[j]` index them.
    private let keys: [Token]
    private let phraseKeys: [Int]
    private let excludedKeys: [Int]
    /// Per key, a dense tf array over a block (key k at k·blockSize), zero where the key is not; reset after
    /// each block. One flat array: the hot loop indexes it without a lookup.
    private var dense: [Int32]

    init(plan: QueryTerms, idfs: [Double], averageLength: Double, cursor: SearchCursor?, capacity: Int, blockSize: Int) {
        self.plan = plan; self.idfs = idfs; self.averageLength = averageLength; self.cursor = cursor
        self.blockSize = blockSize
        top = TopRanked(capacity: capacity)
        keys = Array(plan.distinct.keys)
        let index = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
        phraseKeys = plan.phrases.map { index[$0]! }
        excludedKeys = plan.excluded.map { index[$0]! }
        dense = Array(repeating: 0, count: keys.count * blockSize)
    }

    mutating func scan(_ block: PostingBlock, range: ClosedRange<Int>, stale: Set<Int>, words: [Token: WordPostings],
                       blocks: PostingBlocks, _ db: Database) throws {
        // The group with the fewest postings here drives; a group without any means no match in the block.
        let counts = plan.groups.map { $0.reduce(0) { $0 + words[plan.phrases[$1]]!.count(inBlock: block.block) } }
        guard let driving = counts.indices.min(by: { counts[$0] < counts[$1] }), counts[driving] > 0 else { return }
        let drivers = Array(Set(plan.groups[driving].map { phraseKeys[$0] }))
        var candidates: [Int32] = []
        let size = blockSize
        try dense.withUnsafeMutableBufferPointer { dense in
            for (key, token) in keys.enumerated() {
                let tfs = UnsafeMutableBufferPointer(rebasing: dense[(key * size)..<((key + 1) * size)])
                try words[token]!.decode(inBlock: block, db, into: tfs, collect: drivers == [key], offsets: &candidates)
            }
            if drivers.count > 1 {
                // An OR drives: every offset of the range where one of its keys is (their postings merged, in order).
                let bases = drivers.map { $0 * size }
                candidates.reserveCapacity(range.count)
                for offset in range {
                    var any: Int32 = 0
                    for base in bases { any |= dense[base + offset] }
                    if any != 0 { candidates.append(Int32(offset)) }
                }
            }
        }
        let lengths = try blocks.lengths(of: block, db)
        var frequencies = [Int](repeating: 0, count: plan.phrases.count)
        // A local reference to the arrays (no copy), so that `score` may mutate self meanwhile; scoped, so that
        // the reset below does not copy them. Raw buffers: an Array written in the loop checks that it is
        // uniquely referenced at every write.
        do {
            let tfs = dense
            try tfs.withUnsafeBufferPointer { dense in
                try lengths.withUnsafeBytes { lengths in
                    try frequencies.withUnsafeMutableBufferPointer { frequencies in
                        try score(candidates, range: range, stale: stale, dense: dense, lengths: lengths,
                                  frequencies: frequencies) { try blocks.id(block: block.block, offset: $0) }
                    }
                }
            }
        }
        // Back to zeros for the next block (a memset: cheaper than decoding the postings again).
        dense.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }

    /// Scores the block's candidates that match: `dense` holds every key's tfs, `lengths` the block's lengths,
    /// `id` reads the id at an offset.
    private mutating func score(_ candidates: [Int32], range: ClosedRange<Int>, stale: Set<Int>,
                                dense: UnsafeBufferPointer<Int32>, lengths: UnsafeRawBufferPointer,
                                frequencies: UnsafeMutableBufferPointer<Int>, id: (Int) throws -> Int64) throws {
        let phraseBases = phraseKeys.map { $0 * blockSize }, excludedBases = excludedKeys.map { $0 * blockSize }
        // AND of single keys (the common case): a match is a candidate where no phrase's tf is 0.
        let onlyAND = plan.groups.allSatisfy { $0.count == 1 }
        let hasStale = !stale.isEmpty
        candidates: for candidate in candidates {
            let offset = Int(candidate)
            guard range.contains(offset), !hasStale || !stale.contains(offset) else { continue }
            for base in excludedBases where dense[base + offset] != 0 { continue candidates }
            for index in phraseBases.indices {
                let tf = dense[phraseBases[index] + offset]
                if onlyAND, tf == 0 { continue candidates }
                frequencies[index] = Int(tf)
            }
            if !onlyAND {
                for group in plan.groups {
                    var any = 0
                    for index in group { any |= frequencies[index] }
                    if any == 0 { continue candidates }
                }
            }
            let length = Int(UInt32(littleEndian: lengths.loadUnaligned(fromByteOffset: offset * 4, as: UInt32.self)))
            let rank = rank(frequencies, length)
            total += 1
            // Most matches cannot make a full page: no call, no id.
            if cursor == nil, !top.mayEnter(rank, tieEnters: false) { continue }
            try offer(rank, idsAscending: true, counted: true) { try id(offset) }
        }
    }

    /// A document changed since the build, scored from FTS5's index.
    mutating func consider(changed id: Int64, _ changes: ChangedDocuments) throws {
        guard let length = changes.lengths[id],
              plan.excluded.allSatisfy({ changes.tf(of: $0, in: id) == 0 }) else { return }
        let frequencies = plan.phrases.map { changes.tf(of: $0, in: id) }
        guard plan.groups.allSatisfy({ $0.contains { frequencies[$0] > 0 } }) else { return }
        try offer(rank(frequencies, length), idsAscending: false) { id }
    }

    /// FTS5's rank: minus bm25 summed over the phrases in the expression's order (BM25.rank, without arrays).
    /// The length's part of the denominator is the same expression for every phrase (FTS5 computes it for each,
    /// with the same operations in the same order), so it is computed once: the same double.
    private func rank(_ frequencies: some Collection<Int>, _ length: Int) -> Double {
        let lengthPart = BM25.k1 * (1 - BM25.b + BM25.b * Double(length) / averageLength)
        var score = 0.0
        for (index, tf) in zip(idfs.indices, frequencies) {
            let frequency = Double(tf)
            score += idfs[index] * ((frequency * (BM25.k1 + 1.0)) / (frequency + lengthPart))
        }
        return -1.0 * score
    }

    /// Counts a match, and keeps it if it comes after the cursor and makes the page. The id is read only when
    /// needed: a tie with the cursor, or a rank that enters the page. `idsAscending`: every id offered so far is
    /// lower (the blocks' scan), so a tie with a full page's last entry cannot enter it.
    private mutating func offer(_ rank: Double, idsAscending: Bool, counted: Bool = false, id: () throws -> Int64) throws {
        if !counted { total += 1 }
        if let cursor, let last = cursor.lastRank {
            // In this form (as FTS5's comparison), a NaN rank in an edited cursor lets nothing through.
            guard rank > last || rank == last else { return }
            if rank == last, try id() <= cursor.lastID { return }
        }
        guard top.mayEnter(rank, tieEnters: !idsAscending) else { return }
        top.insert(rank: rank, id: try id())
    }
}

/// The best entries by (rank, id), at most `capacity`.
private struct TopRanked {
    let capacity: Int
    private(set) var entries: [(rank: Double, id: Int64)] = []

    init(capacity: Int) { self.capacity = capacity }

    func mayEnter(_ rank: Double, tieEnters: Bool) -> Bool {
        guard entries.count == capacity else { return true }
        let last = entries[entries.count - 1].rank
        return rank < last || (tieEnters && rank == last)
    }

    mutating func insert(rank: Double, id: Int64) {
        let position = entries.partitioningIndex { $0.rank > rank || ($0.rank == rank && $0.id > id) }
        guard position < capacity else { return }
        entries.insert((rank, id), at: position)
        if entries.count > capacity { entries.removeLast() }
    }
}

/// Blocks' lengths by file and build: they never change within a build, and every search of several words
/// needs them all. One build's at a time (4 MB at 1M documents); another build's replace them.
private final class LengthsCache: Sendable {
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

private enum PostingsDamage {
    static var blocks: IndexError { IndexError(.database, "the postings' blocks are damaged; rebuild the index") }
    static var postings: IndexError { IndexError(.database, "the postings are damaged; rebuild the index") }
}
