import Foundation
import GRDB

/// The matches' scores, the exact total, and the best entries after the cursor.
struct PostingsScoring {
    let plan: PostingsQuery
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

    init(plan: PostingsQuery, idfs: [Double], averageLength: Double, cursor: SearchCursor?, capacity: Int, blockSize: Int) {
        self.plan = plan; self.idfs = idfs; self.averageLength = averageLength; self.cursor = cursor
        self.blockSize = blockSize
        top = TopRanked(capacity: capacity)
        keys = Array(plan.distinct.keys)
        let index = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
        phraseKeys = plan.phrases.map { index[$0]! }
        excludedKeys = plan.excluded.map { index[$0]! }
        dense = Array(repeating: 0, count: keys.count * blockSize)
    }

    mutating func scan(_ block: PostingBlock, range: ClosedRange<Int>, stale: Set<Int>, words: [Token: any KeyPostings],
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
struct TopRanked {
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
