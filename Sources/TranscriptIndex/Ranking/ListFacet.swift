import GRDB

/// Which documents a term list ranks (Schema/0006_facet_lists.sql, 0007_speaker_lists.sql): all of them, those
/// of one source or one language, or those whose part of one speaker role has the term. Stored as
/// `term_lists.facet`. Equal when their keys have the same bytes, as SQLite compares them: Swift's String equality
/// would make a precomposed and a decomposed "é" in a role one facet, where SQLite's filter sees two.
enum ListFacet: Hashable {
    case all
    case source(String)
    /// Lower-cased as SQLite's lower() does, as the language filter compares.
    case language(String)
    /// A speaker role ("customer"), lower-cased as SQLite's lower() does, as the speaker filter compares. Its
    /// list of a term holds the documents where that role said the term, ranked by the document's bm25.
    case speaker(String)

    var key: String {
        switch self {
        case .all: ""
        case .source(let source): "source:" + source
        case .language(let language): "language:" + language
        case .speaker(let role): "speaker:" + role
        }
    }

    static func == (a: ListFacet, b: ListFacet) -> Bool { a.key.utf8.elementsEqual(b.key.utf8) }
    func hash(into hasher: inout Hasher) { hasher.combine(Array(key.utf8)) }

    /// The facet whose documents are exactly the ones the request's source, language and speaker filters let
    /// through (ignoring words, dates and the other filters); nil when no single facet is (several sources, a
    /// source and a language, a speaker with another filter).
    static func covering(_ request: SearchRequest, _ db: Database) throws -> ListFacet? {
        if let speaker = request.speaker {
            return request.sources.isEmpty && request.languages.isEmpty ? try speakerFacet(speaker, request, db) : nil
        }
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

    /// A speaker's lists answer a search on one word or prefix and nothing else: the filter matches all the words
    /// in one part, and a document with two parts of the same role (two customers) could have one word in each,
    /// which the lists of each word cannot tell apart. Only a role: no list holds the parts of a participant's
    /// name, so a name that is also asked for (a participant called "Customer") leaves it to the filter set.
    private static func speakerFacet(_ speaker: String, _ request: SearchRequest, _ db: Database) throws -> ListFacet? {
        guard request.query.required.count == 1, request.query.required[0].count == 1,
              !request.query.required[0][0].isPhrase, request.query.excluded.isEmpty,
              let row = try Row.fetchOne(db.cachedStatement(sql: """
                  SELECT lower(?), EXISTS (SELECT 1 FROM document_speakers INDEXED BY document_speakers_name
                                           WHERE lower(speaker_name) = lower(?) AND speaker_name IS NOT NULL)
                  """), arguments: [speaker, speaker]),
              !(row[1] as Bool) else { return nil }
        return .speaker(row[0])
    }
}
