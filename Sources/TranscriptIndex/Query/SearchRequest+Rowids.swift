extension SearchRequest {
    /// The date filter as a range of time-ordered rowids (nil without one): `(date_created << 20) + n`, so every
    /// plan applies it as the same rowid range.
    var rowidRange: (low: Int64, high: Int64)? {
        guard from != nil || to != nil else { return nil }
        let bits = IndexWriteBatch.sequenceBits
        let low = IndexWriteBatch.secondOf(dateCreated: from ?? 0) << bits
        let high = (IndexWriteBatch.secondOf(dateCreated: to ?? Int64.max) << bits) | ((1 << bits) - 1)
        return (low, high)
    }

    /// A date range reaching back to 1970 includes rowid bucket 0, where undated rows live too: such a range
    /// needs the date column checked as well, which only the plain FTS5 plan does.
    var needsExactDateCheck: Bool {
        (from != nil || to != nil) && (from ?? Int64.min) < 1
    }
}

extension JSONText {
    /// `[1,2,3]`: a list of rowids for `json_each(?)`.
    static func integers(_ values: [Int64]) -> String {
        "[" + values.map(String.init).joined(separator: ",") + "]"
    }
}
