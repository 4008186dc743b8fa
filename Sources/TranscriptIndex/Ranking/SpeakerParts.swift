import GRDB

/// Every speaker part (a `document_speakers` row) as the list builder needs it: by key, the position of its
/// document in `DocumentLengths.ids` and the bit of its role (`DocumentFacets.roleBit`), so a walk of
/// `speaker_vocab_instance` tells, per term, which documents' roles said it without a lookup per part.
struct SpeakerParts {
    /// Ascending.
    private(set) var keys: [Int64] = []
    private(set) var positions: [Int32] = []
    private(set) var roleBits: [UInt8] = []

    var isEmpty: Bool { keys.isEmpty }

    /// The parts of the documents in `lengths` (a part whose document has no full-text row is left out), their
    /// roles registered as facets of `lengths`.
    static func load(into lengths: inout DocumentLengths, _ db: Database) throws -> SpeakerParts {
        var parts = SpeakerParts()
        let rows = try Row.fetchCursor(db, sql: """
            SELECT key, document_id, lower(speaker) FROM document_speakers WHERE speaker IS NOT NULL ORDER BY key
            """)
        var hint = 0
        while let row = try rows.next() {
            let document: Int64 = row[1]
            // Parts come in key order, not document order: each document is found by binary search.
            hint = 0
            guard let position = lengths.position(of: document, hint: &hint),
                  let bit = lengths.facets.roleBit(row[2]) else { continue }
            parts.keys.append(row[0])
            parts.positions.append(Int32(position))
            parts.roleBits.append(bit)
        }
        return parts
    }

    /// The index of part `key`, searching forward from `hint` (keys arrive in ascending order within one term).
    func index(of key: Int64, hint: inout Int) -> Int? {
        keys.gallopingIndex(of: key, hint: &hint)
    }
}
