import GRDB

/// A table's indexes, dropped while a rebuild fills the table and created again once it is full, from their own
/// definitions (Schema/, which this code does not repeat).
///
/// Why: a rebuild appends rows in primary-key order, but an index in another order takes them as random inserts,
/// and once it outgrows the page cache every insert rewrites a page somewhere in it (the postings of a 1M-call
/// corpus of the wide profile: an hour, with a 9.7 GB WAL). `CREATE INDEX` sorts the keys once instead.
struct DeferredIndexes {
    private let definitions: [(name: String, sql: String)]

    /// Drops the indexes of `table` (its explicit ones: a primary key or UNIQUE constraint has no SQL and stays).
    static func drop(on table: String, _ db: Database) throws -> DeferredIndexes {
        let definitions = try Row.fetchAll(db, sql: """
            SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL
            """, arguments: [table]).map { (name: $0[0] as String, sql: $0[1] as String) }
        for index in definitions { try db.execute(sql: "DROP INDEX \(index.name.quotedDatabaseIdentifier)") }
        return DeferredIndexes(definitions: definitions)
    }

    func create(_ db: Database) throws {
        for index in definitions { try db.execute(sql: index.sql) }
    }
}
