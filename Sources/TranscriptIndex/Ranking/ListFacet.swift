import GRDB

/// Which documents a term list ranks (Schema/0006_facet_lists.sql): all of them, or those of one source or one
/// language. Stored as `term_lists.facet`.
enum ListFacet: Hashable {
    case all
    case source(String)
    /// Lower-cased as SQLite's lower() does, as the language filter compares.
    case language(String)

    var key: String {
        switch self {
        case .all: ""
        case .source(let source): "source:" + source
        case .language(let language): "language:" + language
        }
    }

    /// The facet whose documents are exactly the ones the request's source, language and speaker filters let
    /// through (ignoring words, dates and the other filters); nil when no single facet is (several sources, a
    /// source and a language, a speaker).
    static func covering(_ request: SearchRequest, _ db: Database) throws -> ListFacet? {
        guard request.speaker == nil else { return nil }
        switch (request.sources.count, request.languages.count) {
        case (0, 0): return .all
        case (1, 0):
            // One source in an index that holds no other is no filter at all (a v2010-only index): the lists of
            // every document are that source's. Two seeks in documents_source.
            let source = request.sources[0]
            let others = try Bool.fetchOne(db.cachedStatement(sql: """
                SELECT EXISTS (SELECT 1 FROM documents INDEXED BY documents_source WHERE source < ?)
                    OR EXISTS (SELECT 1 FROM documents INDEXED BY documents_source WHERE source > ?)
                """), arguments: [source, source]) ?? true
            return others ? .source(source) : .all
        case (0, 1): return .language(request.languages[0])
        default: return nil
        }
    }
}
