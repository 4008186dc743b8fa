import Foundation
import GRDB
import Testing
@testable import TranscriptIndex

/// Edge cases of the speaker role lists (Schema/0007_speaker_lists.sql) that an adversarial review found: roles
/// that differ only in Unicode normalisation, a prefix's word that only a part has, a part re-keyed after an edit.
// In FilterPlanTests (serialized, in TermListTests): the same mixed corpus, imported synchronously.
extension TermListTests.FilterPlanTests {
    @Test("roles that are canonically equivalent but different bytes are two roles, as SQLite compares them")
    func canonicallyEquivalentRolesStayApart() throws {
        let composed = "Client\u{E9}", decomposed = "Cliente\u{301}"
        try withMixedIndex { database in
            try database.write { db in
                try db.execute(sql: "UPDATE document_speakers SET speaker = ? WHERE speaker = 'Customer' AND (document_id >> 20) % 2 = 0",
                               arguments: [composed])
                try db.execute(sql: "UPDATE document_speakers SET speaker = ? WHERE speaker = 'Customer' AND (document_id >> 20) % 2 = 1",
                               arguments: [decomposed])
                try TermLists.rebuild(db, settings: Self.settings)
                let facets = try Int.fetchOne(db, sql: """
                    SELECT count(DISTINCT facet) FROM term_lists WHERE term = 'refund' AND facet LIKE 'speaker:c%'
                    """)
                #expect(facets == 2)
            }
            for role in [composed, decomposed] { try TermListTests.expectSameAsFTS5(database, P(query: "refund", speaker: role)) }
            try database.write { db in
                try db.execute(sql: "UPDATE document_speakers SET speaker = ? WHERE speaker = 'Agent' AND key % 10 = 0",
                               arguments: [decomposed])
                #expect(try TermLists.absorbPendingChanges(db))
            }
            for role in [composed, decomposed] { try TermListTests.expectSameAsFTS5(database, P(query: "refund", speaker: role)) }
            try Self.expectAbsorbedEqualsRebuilt(database)
        }
    }

    @Test("a word only a speaker part has counts for its prefix's speaker list, in the rebuild as in absorption")
    func aPrefixWordOnlyInAPartCounts() throws {
        // Customer parts without a "ref…" word, whose documents have "refund": the part gets a word that no
        // document's text has; FTS5's ref* on speaker_fts matches it, and the document matches ref* anyway.
        let parts = """
            SELECT s.key FROM document_speakers s
            WHERE lower(s.speaker) = 'customer'
              AND s.document_id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH 'refund')
              AND s.key NOT IN (SELECT rowid FROM speaker_fts WHERE speaker_fts MATCH 'ref*')
            ORDER BY s.key LIMIT ?
            """
        try withMixedIndex { database in
            try database.write { db in
                try db.execute(sql: "UPDATE document_speakers SET text = text || ' refxyzzy' WHERE key IN (\(parts))",
                               arguments: [5])
                try TermLists.rebuild(db, settings: Self.settings)
            }
            try TermListTests.expectSameAsFTS5(database, P(query: "ref*", speaker: "customer"))
            try database.write { db in
                try db.execute(sql: "UPDATE document_speakers SET text = text || ' refqqq' WHERE key IN (\(parts))",
                               arguments: [4])
                #expect(try TermLists.absorbPendingChanges(db))
            }
            try TermListTests.expectSameAsFTS5(database, P(query: "ref*", speaker: "customer", limit: "3"))
            try Self.expectAbsorbedEqualsRebuilt(database)
        }
    }

    @Test("a part edited, then re-keyed, in one transaction: both changes are logged and absorbed")
    func aReKeyedPartIsAChange() throws {
        try withMixedIndex { database in
            try database.write { db in
                let keys = try Int64.fetchAll(db, sql: """
                    SELECT s.key FROM document_speakers s
                    WHERE lower(s.speaker) = 'customer'
                      AND s.document_id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH 'refund')
                      AND s.key NOT IN (SELECT rowid FROM speaker_fts WHERE speaker_fts MATCH 'refund')
                    ORDER BY s.key LIMIT 3
                    """)
                #expect(keys.count == 3)
                let list = JSONText.integers(keys)
                try db.execute(sql: "UPDATE document_speakers SET text = text || ' refund' WHERE key IN (SELECT value FROM json_each(?))",
                               arguments: [list])
                try db.execute(sql: "UPDATE document_speakers SET key = key + 1000000 WHERE key IN (SELECT value FROM json_each(?))",
                               arguments: [list])
                #expect(try TermLists.absorbPendingChanges(db))
            }
            try TermListTests.expectSameAsFTS5(database, P(query: "refund", speaker: "customer"))
            try Self.expectAbsorbedEqualsRebuilt(database)
        }
    }

    /// After absorbed writes: the lists are exact against SQL; a rebuild agrees on every list both have; and no
    /// document the rebuild ranks above an absorbed list's cutoff (scored with that list's average length, which
    /// the rebuild's may have drifted from) is missing from it.
    static func expectAbsorbedEqualsRebuilt(_ database: IndexDatabase, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try database.read { db in try TermLists.isCurrent(db) }, sourceLocation: sourceLocation)
        try expectListsExact(database, sourceLocation: sourceLocation)
        let absorbed = try listFrequencies(database), absorbedEntries = try listEntries(database)
        try database.write { db in try TermLists.rebuild(db, settings: settings) }
        let rebuilt = try listFrequencies(database)
        let shared = Set(absorbed.keys).intersection(rebuilt.keys)
        #expect(shared.count > absorbed.count * 9 / 10, sourceLocation: sourceLocation)
        for key in shared { #expect(absorbed[key] == rebuilt[key], "\(key.text)", sourceLocation: sourceLocation) }
        let rebuiltEntries = try database.read { db in
            try Row.fetchAll(db, sql: "SELECT term, facet, id, tf, dl FROM term_list_entries").map {
                (key: listKey($0[0], $0[1]), id: $0[2] as Int64, tf: $0[3] as Int, dl: $0[4] as Int)
            }
        }
        var missing: [String: Int] = [:]
        for entry in rebuiltEntries where shared.contains(entry.key) {
            let kept = absorbedEntries[entry.key]!
            if BM25.impact(tf: entry.tf, dl: entry.dl, avgdl: kept.avgdl) > kept.cutoff, !kept.ids.contains(entry.id) {
                missing[entry.key.text, default: 0] += 1
            }
        }
        #expect(missing.isEmpty, "lists lacking documents above their cutoff: \(missing.prefix(6))", sourceLocation: sourceLocation)
    }
}
