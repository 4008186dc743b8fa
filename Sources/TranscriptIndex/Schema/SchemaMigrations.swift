import GRDB

/// Applies Schema/NNNN_*.sql in order through GRDB's migrator, which records each applied file in
/// `grdb_migrations`, so an older index file is brought up to date when a newer binary opens it.
enum SchemaMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in EmbeddedSchema.migrations {
            migrator.registerMigration(migration.name) { db in
                let rebuildLists = try rebuildingTermLists.contains(migration.name) && TermLists.isBuilt(db)
                try db.execute(sql: migration.sql)
                // In the same transaction: an index that had lists keeps its fast plans after the upgrade.
                if rebuildLists { try TermLists.rebuild(db) }
            }
        }
        return migrator
    }

    /// Migrations that change what the term lists hold: lists built before them are rebuilt right after.
    static let rebuildingTermLists: Set<String> = ["0006_facet_lists.sql"]

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
