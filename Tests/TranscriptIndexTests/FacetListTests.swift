import Foundation
import GRDB
import Testing
@testable import TranscriptIndex

/// The lists of each source, language (Schema/0006_facet_lists.sql) and speaker role (0007_speaker_lists.sql):
/// only that facet's documents, its exact document frequency, kept exact by every write, and the plan for a search
/// with one source, one language or one speaker role.
// In FilterPlanTests (serialized, in TermListTests): the same mixed corpus, imported synchronously.
extension TermListTests.FilterPlanTests {
    @Test("each source and language has lists of its own documents with their exact counts; they answer its searches")
    func facetListsHoldTheirFacet() throws {
        try withMixedIndex { database in
            let facets = try Self.expectListsExact(database)
            #expect(facets.isSuperset(of: ["", "source:intelligence", "source:transcription", "language:en-us",
                                           "language:es-us", "speaker:agent", "speaker:customer"]), "\(facets)")
            // es-US is a tenth of the transcripts: a word frequent enough there to have a list of its own.
            let spanish = try #require(try database.read { db in
                try String.fetchOne(db, sql: """
                    SELECT term FROM term_lists WHERE facet = 'language:es-us' AND term IN ('the', 'you', 'to', 'and')
                    ORDER BY term LIMIT 1
                    """)
            })
            // One source or one language: the facet's lists alone answer, with the exact total, no filter set.
            for parameters in [P(query: "refund", sources: ["intelligence"]), P(query: "refund", sources: ["transcription"]),
                               P(query: spanish, languages: ["ES-us"]), P(query: "ref*", sources: ["intelligence"]),
                               P(query: "refund order", languages: ["en-US"]), P(query: "refund", speaker: "customer"),
                               P(query: "ref*", speaker: "Agent"), P(query: "refunds", speaker: "CUSTOMER", limit: "5")] {
                let request = try parameters.validated()
                let answered = try #require(try database.read { db in try TermListSearch(request: request).run(db) },
                                            "\(parameters)")
                let reference = try database.search(request, strategy: .fullTextOnly)
                #expect(answered.ranked.prefix(request.limit).count == reference.hits.count)
                if parameters.query?.contains(" ") == false {
                    #expect(answered.total == reference.total, "\(parameters)")
                }
                try TermListTests.expectSameAsFTS5(database, parameters)
            }
            // A speaker's lists with a date range or a status: the page from the lists, the total from the filter set.
            for parameters in [P(query: "refund", from: "2024-03-05", to: "2024-03-15", speaker: "customer"),
                               P(query: "refund", statuses: ["completed"], speaker: "agent", limit: "4")] {
                let request = try parameters.validated()
                #expect(try database.read { db in try TermListSearch(request: request).run(db) } != nil, "\(parameters)")
                try TermListTests.expectSameAsFTS5(database, parameters)
            }
            // Two sources, a source and a language, a speaker with a source, or with several words (which the
            // speaker must have said in one part), or a participant's name: no one facet is those documents.
            let name = try #require(try database.read { db in
                try String.fetchOne(db, sql: "SELECT speaker_name FROM document_speakers WHERE speaker_name IS NOT NULL")
            })
            for parameters in [P(query: "refund", sources: ["intelligence"], languages: ["es-US"]),
                               P(query: "refund", sources: ["intelligence"], speaker: "customer"),
                               P(query: "refund order", speaker: "customer"), P(query: "refund -cancel", speaker: "customer"),
                               P(query: "refund", speaker: name)] {
                let request = try parameters.validated()
                #expect(try database.read { db in try ListFacet.covering(request, db) } == nil, "\(parameters)")
                try TermListTests.expectSameAsFTS5(database, parameters)
            }
        }
    }

    @Test("writes keep every facet's lists exact: new, deleted, re-texted and re-languaged documents; a rebuild agrees")
    func facetListsAbsorbWrites() throws {
        try withMixedIndex { database in
            try database.writeBatch { batch in
                for index in 0..<12 {
                    _ = try batch.upsert(Transcription(sid: "TR" + String(format: "%032x", 900_000 + index),
                        status: "completed", dateCreated: 1_710_000_000 + Int64(index), dateUpdated: 1_710_000_000,
                        text: "refund refund order \(index)"))
                }
            }
            try database.write { db in
                try db.execute(sql: """
                    DELETE FROM documents WHERE id IN (SELECT id FROM documents WHERE source = 'transcription'
                        AND id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH 'refund') LIMIT 9)
                    """)
                try db.execute(sql: """
                    UPDATE documents SET language = 'es-US'
                    WHERE id IN (SELECT id FROM documents WHERE language = 'en-US' ORDER BY id LIMIT 15)
                    """)
                try db.execute(sql: """
                    UPDATE documents SET text = text || ' refund refund refund'
                    WHERE id IN (SELECT id FROM documents WHERE source = 'intelligence' ORDER BY id DESC LIMIT 6)
                    """)
                // Speaker parts: a role changed, a text changed, parts deleted, a part added, a transcript deleted
                // with its parts (the cascade).
                try db.execute(sql: """
                    UPDATE document_speakers SET speaker = 'Agent'
                    WHERE key IN (SELECT key FROM document_speakers WHERE lower(speaker) = 'customer' ORDER BY key LIMIT 5);
                    UPDATE document_speakers SET text = text || ' refund refund'
                    WHERE key IN (SELECT key FROM document_speakers WHERE lower(speaker) = 'agent' ORDER BY key DESC LIMIT 5);
                    DELETE FROM document_speakers
                    WHERE key IN (SELECT s.key FROM document_speakers s JOIN speaker_fts ON speaker_fts.rowid = s.key
                                  WHERE speaker_fts MATCH 'refund' AND lower(s.speaker) = 'customer' ORDER BY s.key LIMIT 7);
                    INSERT INTO document_speakers (document_id, media_channel, speaker, text)
                    SELECT id, 9, 'Customer', 'refund please' FROM documents
                    WHERE source = 'intelligence' AND id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH 'refund')
                    ORDER BY id LIMIT 3;
                    DELETE FROM documents WHERE id IN (SELECT document_id FROM document_speakers ORDER BY key DESC LIMIT 2);
                    """)
                #expect(try TermLists.absorbPendingChanges(db))
            }
            try Self.expectListsExact(database)
            for parameters in [P(query: "refund", sources: ["intelligence"]), P(query: "refund", sources: ["transcription"]),
                               P(query: "refund", languages: ["es-US"]), P(query: "refund", languages: ["en-us"], limit: "7"),
                               P(query: "order refund", sources: ["transcription"]), P(query: "refund", speaker: "customer"),
                               P(query: "refund", speaker: "agent", limit: "6"), P(query: "ref*", speaker: "customer")] {
                try TermListTests.expectSameAsFTS5(database, parameters)
            }
            try Self.expectAbsorbedEqualsRebuilt(database)
        }
    }

    @Test("in an index of one source, that source is no filter: the lists of every document answer it, no copies")
    func oneSourceIsNoFilter() throws {
        try withCorpusIndex { database in
            try database.write { db in try TermLists.rebuild(db, settings: Self.settings) }
            let facets = try database.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT facet FROM term_lists") }
            #expect(facets == [""])  // v2010 transcriptions have no language; one source gets no lists of its own
            let request = try P(query: "refund", sources: ["transcription"]).validated()
            #expect(try database.read { db in try ListFacet.covering(request, db) } == .all)
            let answered = try #require(try database.read { db in try TermListSearch(request: request).run(db) })
            #expect(answered.total == (try database.search(request, strategy: .fullTextOnly).total))
            try TermListTests.expectSameAsFTS5(database, P(query: "refund", sources: ["transcription"], limit: "9"))
            // The other source, absent from this index: its facet has no lists, and the answer is still exact (none).
            let absent = try P(query: "refund", sources: ["intelligence"]).validated()
            #expect(try database.read { db in try ListFacet.covering(absent, db) } == .source("intelligence"))
            #expect(try database.search(absent).total == 0)
        }
    }

    /// Checks every list against SQL: its `df` counts the facet's documents with the term, its entries are that
    /// many or the capacity, all of the facet, none above the cutoff's place. Returns the facets seen.
    @discardableResult
    static func expectListsExact(_ database: IndexDatabase, sourceLocation: SourceLocation = #_sourceLocation) throws -> Set<String> {
        try database.read { db in
            var facets = Set<String>()
            for row in try Row.fetchAll(db, sql: "SELECT term, facet, df, cutoff, entries FROM term_lists") {
                let term: String = row[0], facet: String = row[1]
                facets.insert(facet)
                // From FTS5's own vocabulary: a stored term is already stemmed, so MATCH would stem it again. A
                // prefix list ("abs*") counts the documents with any term that starts so.
                let (low, high) = term.hasSuffix("*") ? (String(term.dropLast()), term.dropLast() + "\u{10FFFF}") : (term, term)
                let (condition, arguments) = Self.condition(facet, low: low, high: high)
                let counted = try Int.fetchOne(db, sql: """
                    SELECT count(DISTINCT v.doc) FROM documents_vocab_instance v JOIN documents t ON t.id = v.doc
                    WHERE v.term >= ? AND v.term <= ? AND \(condition)
                    """, arguments: [low, high] + arguments) ?? -1
                #expect(row[2] == counted, "df of \(term) in '\(facet)'", sourceLocation: sourceLocation)
                let entries = try Row.fetchAll(db, sql: """
                    SELECT e.impact, \(condition) FROM term_list_entries e JOIN documents t ON t.id = e.id
                    WHERE e.term = ? AND e.facet = ?
                    """, arguments: arguments + [term, facet])
                #expect(entries.count == row[4] as Int && entries.count <= Self.settings.entriesPerTerm,
                        "entries of \(term) in '\(facet)'", sourceLocation: sourceLocation)
                #expect(entries.allSatisfy { $0[1] as Bool }, "\(term) in '\(facet)' holds another facet's document",
                        sourceLocation: sourceLocation)
                #expect(entries.allSatisfy { ($0[0] as Double) >= row[3] as Double }, sourceLocation: sourceLocation)
            }
            return facets
        }
    }

    /// The SQL condition on `t` of a facet key for the terms from `low` to `high`, with its arguments. A speaker
    /// role's: a part of that role has one of the terms, from speaker_fts's own vocabulary.
    private static func condition(_ facet: String, low: String, high: String) -> (String, StatementArguments) {
        if facet.hasPrefix("source:") { return ("t.source = ?", [String(facet.dropFirst("source:".count))]) }
        if facet.hasPrefix("language:") { return ("lower(t.language) = ?", [String(facet.dropFirst("language:".count))]) }
        if facet.hasPrefix("speaker:") {
            return ("""
                t.id IN (SELECT s.document_id FROM speaker_vocab_instance sv JOIN document_speakers s ON s.key = sv.doc
                         WHERE sv.term >= ? AND sv.term <= ? AND lower(s.speaker) = ?)
                """, [low, high, String(facet.dropFirst("speaker:".count))])
        }
        return ("? = ''", [facet])
    }

    /// A list's name for the checks ("refund 'speaker:customer'"), compared by bytes: Swift's String equality
    /// would make two roles that differ only in Unicode normalisation one key.
    static func listKey(_ term: String, _ facet: String) -> Token { Token("\(term) '\(facet)'") }

    /// Each list's average length, cutoff and entries' ids.
    static func listEntries(_ database: IndexDatabase) throws -> [Token: (avgdl: Double, cutoff: Double, ids: Set<Int64>)] {
        try database.read { db in
            var lists: [Token: (avgdl: Double, cutoff: Double, ids: Set<Int64>)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT term, facet, avgdl, cutoff FROM term_lists") {
                lists[listKey(row[0], row[1])] = (row[2], row[3], [])
            }
            for row in try Row.fetchAll(db, sql: "SELECT term, facet, id FROM term_list_entries") {
                lists[listKey(row[0], row[1])]?.ids.insert(row[2])
            }
            return lists
        }
    }

    static func listFrequencies(_ database: IndexDatabase) throws -> [Token: Int] {
        try database.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT term, facet, df FROM term_lists").map {
                (listKey($0[0], $0[1]), $0[2] as Int)
            })
        }
    }
}
