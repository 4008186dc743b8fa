import GRDB

/// Applies Schema/NNNN_*.sql in order through GRDB's migrator, which records each applied file in
/// `grdb_migrations`, so an older index file is brought up to date when a newer binary opens it.
enum SchemaMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in EmbeddedSchema.migrations {
            migrator.registerMigration(migration.name) { db in
                try db.execute(sql: migration.sql)
            }
        }
        return migrator
    }

    /// The name of the newest migration this binary knows, e.g. "0001_initial.sql".
    static var latestVersion: String { EmbeddedSchema.migrations.last?.name ?? "" }

    static func migrate(_ writer: DatabaseWriter) throws {
        if try writer.read({ try migrator.hasBeenSuperseded($0) }) {
            throw IndexError(.database, "the index was written by a newer version of transcripts; upgrade this one")
        }
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
