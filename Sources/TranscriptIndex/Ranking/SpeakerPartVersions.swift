import GRDB

/// The speaker parts of the documents that term_list_speaker_changes names, as they were when the lists were
/// last current and as they are now, for `TermLists.absorbPendingChanges`.
///
/// A part's first logged change holds what it was before (a new part: nothing); a part never logged is
/// unchanged. So a document's parts before are its current unlogged parts and the logged parts that existed
/// and belonged to it; its parts now are what document_speakers holds.
struct SpeakerPartVersions {
    private struct Part {
        var document: Int64
        /// Lower-cased by SQLite; nil: no role (no speaker list).
        var role: String?
        var text: String
    }

    /// The documents whose parts changed.
    let documents: Set<Int64>
    /// Each logged part's state before its first change (nil: it did not exist).
    private let first: [Int64: Part?]
    private var beforeByDocument: [Int64: [Part]] = [:]
    private var nowByDocument: [Int64: [Part]] = [:]

    /// `changes`: rows of (key, document_id, existed, lower(old_speaker), old_text) in log order.
    init(changes: [Row]) {
        var first: [Int64: Part?] = [:]
        var documents = Set<Int64>()
        for row in changes {
            let key: Int64 = row[0], document: Int64 = row[1]
            documents.insert(document)
            guard first[key] == nil else { continue }
            first[key] = (row[2] as Bool) ? Part(document: document, role: row[3], text: row[4] ?? "") : .some(nil)
        }
        self.documents = documents
        self.first = first
    }

    /// Reads the parts of `ids`: every changed document, including those whose row changed but not their parts
    /// (whose entries in the speaker lists are replaced as well).
    mutating func load(_ ids: [Int64], _ db: Database) throws {
        // The parts of those documents now, and (before) the unlogged ones among them.
        for row in try Row.fetchAll(db, sql: """
            SELECT key, document_id, lower(speaker), text FROM document_speakers
            WHERE document_id IN (SELECT value FROM json_each(?))
            """, arguments: [JSONText.integers(ids)]) {
            let part = Part(document: row[1], role: row[2], text: row[3])
            nowByDocument[part.document, default: []].append(part)
            if first[row[0]] == nil { beforeByDocument[part.document, default: []].append(part) }
        }
        for case let part?? in first.values { beforeByDocument[part.document, default: []].append(part) }
    }

    /// The terms and prefixes (`TokenCounts`' units) each role's parts of `document` had (`before`) or have, by
    /// the role's facet (compared by bytes, as SQLite compares roles).
    func roleUnits(of document: Int64, before: Bool, _ tokenizer: SearchTokenizer) throws -> [ListFacet: Set<Token>] {
        var units: [ListFacet: Set<Token>] = [:]
        for part in (before ? beforeByDocument : nowByDocument)[document] ?? [] {
            guard let role = part.role else { continue }
            units[.speaker(role), default: []].formUnion(TokenCounts(try tokenizer.document(part.text)).counts.keys)
        }
        return units
    }
}
