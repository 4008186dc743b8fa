import Foundation

/// Where the previous page ended, opaque to clients. Keyset pagination: the next page starts strictly after
/// (score, rowid) for relevance or after rowid for date order, so paging never repeats or skips a match, even
/// when rows are added meanwhile (newest/oldest are exactly stable; relevance scores move when the corpus changes).
/// It carries a fingerprint of the query and filters, so a cursor pasted into another search is refused.
public struct SearchCursor: Sendable, Equatable {
    /// The last result's rowid.
    var lastID: Int64
    /// The last result's raw bm25 rank (relevance only), exact to the bit.
    var lastRank: Double?
    var fingerprint: UInt64

    var encoded: String {
        let rank = lastRank.map { String($0.bitPattern, radix: 16) } ?? "-"
        let text = "v1:\(String(lastID, radix: 16)):\(rank):\(String(fingerprint, radix: 16))"
        return Data(text.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String, for request: SearchRequest) throws -> SearchCursor {
        let invalid = IndexError(.invalidParameter, "cursor is not one this search returned (it is malformed or "
            + "belongs to a different query or filters); start again without it")
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard text.unicodeScalars.count <= 200, let data = Data(base64Encoded: base64),
              let plain = String(data: data, encoding: .utf8) else { throw invalid }
        let parts = plain.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "v1",
              let id = Int64(parts[1], radix: 16),
              let fingerprint = UInt64(parts[3], radix: 16), fingerprint == request.fingerprint else { throw invalid }
        var rank: Double?
        if parts[2] != "-" {
            guard let bits = UInt64(parts[2], radix: 16) else { throw invalid }
            rank = Double(bitPattern: bits)
        }
        guard (request.sort == .relevance) == (rank != nil) else { throw invalid }
        return SearchCursor(lastID: id, lastRank: rank, fingerprint: fingerprint)
    }
}
