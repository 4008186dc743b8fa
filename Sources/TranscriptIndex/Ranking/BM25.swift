import Foundation
import GRDB

/// FTS5's bm25, reproduced operation for operation (sqlite/ext/fts5/fts5_aux.c, fts5Bm25Function), so that a
/// score computed here from stored statistics is the same double FTS5's `rank` gives — the top-k path and the
/// plain FTS5 path must agree to the bit, or a cursor from one would skip or repeat rows in the other.
/// A test compares the two on every match of several queries.
enum BM25 {
    static let k1 = 1.2
    static let b = 0.75

    /// FTS5: `log((nRow - nHit + 0.5) / (nHit + 0.5))`, clamped to 1e-6 when not positive.
    static func idf(rows: Int64, hits: Int64) -> Double {
        let idf = log((Double(rows - hits) + 0.5) / (Double(hits) + 0.5))
        return idf <= 0.0 ? 1e-6 : idf
    }

    /// One phrase's term of the sum, without the IDF factor: `f·(k1+1) / (f + k1·(1 − b + b·D/avgdl))`.
    /// Increasing in tf, decreasing in dl, increasing in avgdl.
    static func impact(tf: Int, dl: Int, avgdl: Double) -> Double {
        let frequency = Double(tf), length = Double(dl)
        return (frequency * (k1 + 1.0)) / (frequency + k1 * (1 - b + b * length / avgdl))
    }

    /// FTS5's rank: minus the sum over the query's phrases, in the expression's order.
    static func rank(idfs: [Double], frequencies: [Int], dl: Int, avgdl: Double) -> Double {
        var score = 0.0
        for index in idfs.indices {
            score += idfs[index] * impact(tf: frequencies[index], dl: dl, avgdl: avgdl)
        }
        return -1.0 * score
    }

    /// How much an impact computed with `builtWith` may grow when the average length is now `now`:
    /// impact(avgdl') ≤ impact(avgdl) · max(1, avgdl'/avgdl), because only the k1·b·D/avgdl part of the
    /// denominator depends on avgdl. The lists' bounds stay valid as the corpus drifts.
    static func driftFactor(builtWith: Double, now: Double) -> Double { max(1.0, now / builtWith) }
}

/// The counts FTS5's bm25 reads for the whole table: rows and tokens, from FTS5's "averages" record
/// (rowid 1 of the %_data table: varint row count, then one varint token total per column).
struct FTSTotals: Equatable {
    var rows: Int64
    var tokens: Int64
    var averageLength: Double { Double(tokens) / Double(rows) }

    static func read(_ db: Database) throws -> FTSTotals? {
        guard let block = try Data.fetchOne(db.cachedStatement(
            sql: "SELECT block FROM documents_fts_data WHERE id = 1")) else { return nil }
        var reader = VarintReader(bytes: [UInt8](block))
        guard let rows = reader.next(), let tokens = reader.next(), rows > 0 else { return nil }
        return FTSTotals(rows: rows, tokens: tokens)
    }
}

/// SQLite's varint (as FTS5 writes them): big-endian groups of 7 bits, the high bit set on all but the last;
/// a ninth byte contributes all 8 bits.
struct VarintReader {
    let bytes: [UInt8]
    var offset = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func next() -> Int64? {
        var value: UInt64 = 0
        for index in 0..<9 {
            guard offset < bytes.count else { return nil }
            let byte = bytes[offset]
            offset += 1
            if index == 8 { return Int64(bitPattern: (value << 8) | UInt64(byte)) }
            value = (value << 7) | UInt64(byte & 0x7F)
            if byte & 0x80 == 0 { return Int64(bitPattern: value) }
        }
        return nil
    }
}
