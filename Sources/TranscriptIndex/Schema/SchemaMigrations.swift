import GRDB

/// Applies Schema/NNNN_*.sql in order through GRDB's migrator, which records each applied file in
/// `grdb_migrations`, so an older index file is brought up to date when a newer binary opens it.
enum SchemaMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in EmbeddedSchema.migrations {
            migrator.registerMigration(migration.name) { db in
                if migration.name == "0008_postings.sql" {
                    // An index with lists gets its postings at once, from FTS5 (a minute or so per million documents).
                    try db.execute(sql: migration.sql)
                    if try TermLists.isBuilt(db) {
                        try Postings.rebuild(db, settings: TermLists.storedSettings(db))
                    }
                    return
                }
                guard rebuildingTermLists.contains(migration.name) else { return try db.execute(sql: migration.sql) }
                let hadLists = try TermLists.isBuilt(db) || awaitingRebuild(db)
                try db.execute(sql: migration.sql)
                // An index that had lists keeps its fast plans after the upgrade: rebuilt in the same transaction,
                // by the last migration that changes them (this code writes the newest schema's lists only).
                guard hadLists else { return }
                if migration.name == lastRebuilding {
                    try db.execute(sql: "DELETE FROM term_list_state WHERE key = 'rebuild_after_migration'")
                    try TermLists.rebuild(db)
                } else {
                    try db.execute(sql: "INSERT OR REPLACE INTO term_list_state(key, value) VALUES ('rebuild_after_migration', 1)")
                }
            }
        }
        return migrator
    }

    /// Migrations that change what the term lists hold: lists built before them are rebuilt right after.
    static let rebuildingTermLists: Set<String> = ["0006_facet_lists.sql", "0007_speaker_lists.sql"]
    private static var lastRebuilding: String? {
        EmbeddedSchema.migrations.map(\.name).last(where: rebuildingTermLists.contains)
    }

    /// Whether an earlier migration of this upgrade dropped lists that were built (the key it left).
    private static func awaitingRebuild(_ db: Database) throws -> Bool {
        try db.tableExists("term_list_state")
            && Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM term_list_state WHERE key = 'rebuild_after_migration')")!
    }

    /// The name of the newest migration this binary knows, e.g. "0001_initial.sql".
    static var latestVersion: String { EmbeddedSchema.migrations.last?.name ?? "" }

    /// `upgrading` is told the pending migrations of an index that already has some (not of a new file).
    static func migrate(_ writer: DatabaseWriter, upgrading: ([String]) -> Void = { _ in }) throws {
        let (superseded, applied) = try writer.read { db in
            (try migrator.hasBeenSuperseded(db), try migrator.appliedIdentifiers(db))
        }
        if superseded {
            throw IndexError(.database, "the index was written by a newer version of transcripts; upgrade this one")
        }
        let pending = EmbeddedSchema.migrations.map(\.name).filter { !applied.contains($0) }
        if !applied.isEmpty && !pending.isEmpty { upgrading(pending) }
        try migrator.migrate(writer)
    }

    static func isUpToDate(_ db: Database) throws -> Bool {
        try migrator.hasCompletedMigrations(db)
    }

    /// Applied migration names, oldest first.
    static func applied(_ db: Database) throws -> [String] {
        try migrator.appliedMigrations(db)
    }
}
