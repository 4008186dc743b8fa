import Foundation
import GRDB
import GRDBSQLite

/// Bounds how long one search may run. A few hostile queries (many one-letter prefixes, say) can keep SQLite
/// busy for seconds; the server's readers are few, so each search gets a deadline, enforced by SQLite's
/// progress handler (called every few thousand VM steps), which interrupts only this connection's statement.
final class QueryDeadline {
    private let deadline: ContinuousClock.Instant
    private(set) var expired = false

    init(seconds: Double) {
        deadline = ContinuousClock.now.advanced(by: .milliseconds(Int64(seconds * 1000)))
    }

    /// Runs `body` with the deadline installed on `db`'s connection, and removes it afterwards.
    func enforce<T>(on db: Database, _ body: () throws -> T) throws -> T {
        guard let connection = db.sqliteConnection else { return try body() }
        let context = Unmanaged.passUnretained(self).toOpaque()
        sqlite3_progress_handler(connection, 4_000, { context in
            let deadline = Unmanaged<QueryDeadline>.fromOpaque(context!).takeUnretainedValue()
            if ContinuousClock.now > deadline.deadline {
                deadline.expired = true
                return 1
            }
            return 0
        }, context)
        defer { sqlite3_progress_handler(connection, 0, nil, nil) }
        return try withExtendedLifetime(self) { try body() }
    }
}
