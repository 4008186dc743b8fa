import Foundation
import GRDB

/// An import into an index with (almost) no documents loads its rows with the full-text triggers idle and
/// rebuilds the indexes once at the end (Schema/0009_bulk_load.sql says why and how it stays crash-safe).
///
/// 1. `begin`: the marker, and the term lists and postings marked unbuilt, in one transaction.
/// 2. The rows, in the importer's usual batches.
/// 3. `finish`: FTS5 rebuilt from the rows and the marker deleted, in one transaction; then the term lists and
///    postings rebuilt, as after any large import. Killed between the two, the index is exact (its lists are
///    unbuilt, so searches use FTS5), and the next refresh builds them.
///
/// A killed import leaves the marker: `IndexDatabase.openForWriting` finishes the load before any other writer
/// changes a row.
public enum BulkLoad {
    /// An index with at most this many documents is loaded in bulk: rebuilding their full-text index with the
    /// import's rows costs less than the triggers' row-by-row work on the import's first thousand rows.
    public static let maximumExistingDocuments = 1_000

    public struct Marker: Sendable, Equatable {
        /// When the load began (epoch seconds).
        public var startedAt: Int64
    }

    static func marker(_ db: Database) throws -> Marker? {
        guard try db.tableExists("bulk_load") else { return nil }  // an index not yet at schema 0009
        return try Int64.fetchOne(db.cachedStatement(sql: "SELECT started_at FROM bulk_load WHERE id = 1"))
            .map(Marker.init(startedAt:))
    }

    /// Whether an import into this index should load in bulk.
    static func suits(_ db: Database) throws -> Bool {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM (SELECT 1 FROM documents LIMIT ?)",
                         arguments: [maximumExistingDocuments + 1])! <= maximumExistingDocuments
    }

    static func begin(_ db: Database) throws {
        try db.execute(sql: """
            INSERT OR REPLACE INTO bulk_load(id, started_at) VALUES (1, ?);
            DELETE FROM term_list_state WHERE key = 'built_at';
            DELETE FROM posting_state WHERE key = 'built_at';
            """, arguments: [Int64(Date().timeIntervalSince1970)])
    }

    /// Step 3's first transaction: the full-text indexes from the rows, merged into one segment each (what a
    /// lookup by rowid reads fastest), and the marker gone. The change logs are emptied and the lists and
    /// postings marked unbuilt again (another writer may have built them from FTS5 without the loaded rows, and
    /// the change logs do not say what they miss): they are rebuilt from scratch next.
    static func rebuildFullText(_ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO documents_fts(documents_fts) VALUES ('rebuild');
            INSERT INTO speaker_fts(speaker_fts) VALUES ('rebuild');
            DELETE FROM term_list_changes; DELETE FROM term_list_speaker_changes; DELETE FROM posting_changes;
            DELETE FROM term_list_state WHERE key = 'built_at'; DELETE FROM posting_state WHERE key = 'built_at';
            DELETE FROM bulk_load;
            """)
        try FullTextSegments.merge(db)
    }
}

extension IndexDatabase {
    /// Whether an import is loading this index in bulk, or was killed while it did (see `BulkLoad`).
    public func bulkLoadMarker() throws -> BulkLoad.Marker? {
        try read { db in try BulkLoad.marker(db) }
    }

    /// Begins a bulk load when the index suits one and no other import is loading it; returns the lock the
    /// import holds until it has called `finishBulkLoad`, or nil (load through the triggers).
    func beginBulkLoadIfSuited() throws -> BulkLoadLock? {
        guard let lock = try BulkLoadLock.take(databasePath: path) else { return nil }
        let begun = try write { db in
            guard try BulkLoad.suits(db) else { return false }
            try BulkLoad.begin(db)
            return true
        }
        return begun ? lock : nil
    }

    /// Rebuilds what a marked bulk load skipped, then the term lists and postings; returns false (and does
    /// nothing) when no load is marked, which is also the case when another writer finished it first. The
    /// caller holds the load's lock.
    @discardableResult
    func finishBulkLoad() throws -> Bool {
        let pending = try write { db -> Bool in
            guard try BulkLoad.marker(db) != nil else { return false }
            try BulkLoad.rebuildFullText(db)
            return true
        }
        if pending { try writeWithSortsInFiles { db in try TermLists.rebuild(db) } }
        return pending
    }

    /// Finishes a bulk load whose import died (its lock is free); leaves a live one alone. Returns whether it
    /// finished one. `announce` hears of it before it starts.
    @discardableResult
    func finishInterruptedBulkLoad(announce: ((String) -> Void)? = nil) throws -> Bool {
        guard let marker = try bulkLoadMarker(), let lock = try BulkLoadLock.take(databasePath: path) else { return false }
        defer { withExtendedLifetime(lock) {} }
        announce?("finishing the full-text index of an import into \(path) that did not end (started "
            + "\(TwilioDate.iso8601(marker.startedAt))), once: about a minute per million documents")
        return try finishBulkLoad()
    }
}
