import Foundation
import GRDB
import Testing
@testable import TranscriptIndex

extension TermListTests.FilterPlanTests {
    /// A prefix of many terms is read as one range of FTS5's instances (VocabularyScan); a rebuild that reads
    /// every prefix that way writes exactly the lists, facet and speaker-role lists included, of one that reads
    /// every prefix term by term.
    @Suite("Prefix lists read whole equal those read term by term")
    struct WholePrefixTests {
        /// Every list row, in key order: a whole rebuild's output.
        static func lists(_ database: IndexDatabase) throws -> [[DatabaseValue]] {
            try database.read { (db: Database) throws -> [[DatabaseValue]] in
                try Row.fetchAll(db, sql: """
                    SELECT 'list', term, facet, df, avgdl, cutoff, entries, NULL FROM term_lists
                    UNION ALL SELECT 'entry', term, facet, impact, id, tf, dl, NULL FROM term_list_entries
                    ORDER BY 1, 2, 3, 4, 5
                    """).map { (row: Row) -> [DatabaseValue] in Array(row.databaseValues) }
            }
        }

        static func rebuild(_ database: IndexDatabase, wholePrefixTerms: Int) throws -> [[DatabaseValue]] {
            var settings = TermListTests.FilterPlanTests.settings
            settings.wholePrefixTerms = wholePrefixTerms
            try database.write { db in try TermLists.rebuild(db, settings: settings) }
            return try lists(database)
        }

        @Test func onMixedDocumentsWithSpeakers() throws {
            try TermListTests.FilterPlanTests().withMixedIndex { database in
                let termByTerm = try Self.rebuild(database, wholePrefixTerms: .max)
                let whole = try Self.rebuild(database, wholePrefixTerms: 0)
                #expect(whole == termByTerm)
                // The default mixes both ways in one rebuild (prefixes of more and of fewer terms).
                #expect(try Self.rebuild(database, wholePrefixTerms: 8) == termByTerm)
                let prefixLists = termByTerm.filter { $0[0] == "list".databaseValue && String.fromDatabaseValue($0[1])?.hasSuffix("*") == true }
                #expect(prefixLists.count > 10, "too few prefix lists to compare: \(prefixLists.count)")
                let roleLists = prefixLists.filter { String.fromDatabaseValue($0[2])?.hasPrefix("speaker") == true }
                #expect(!roleLists.isEmpty, "no speaker-role list of a prefix")
                // And the searches through them still answer as FTS5 does.
                for parameters in [SearchParameters(query: "ref*"), SearchParameters(query: "pay*", speaker: "customer")] {
                    let request = try parameters.validated()
                    #expect(try database.search(request) == database.search(request, strategy: .fullTextOnly))
                }
            }
        }
    }
}
