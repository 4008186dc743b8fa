/// Errors a user can act on. `code` is stable (it appears in `--json` error bodies and HTTP responses);
/// `message` is for people and never contains SQLite's own text or credentials.
public struct IndexError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// Reading command pointed at a file that does not exist.
        case noIndex = "no_index"
        /// The file exists but is not a transcripts index (another application's database, not SQLite, empty):
        /// nothing reads or changes it.
        case notAnIndex = "not_an_index"
        /// A parameter the user gave is malformed (date, SID, status, limit, cursor, sort).
        case invalidParameter = "invalid_parameter"
        /// The search query cannot be turned into a full-text query.
        case invalidQuery = "invalid_query"
        /// No transcription with that SID.
        case notFound = "not_found"
        /// Input JSON that is not Twilio's shape.
        case invalidInput = "invalid_input"
        /// An import is loading the index in bulk (or was killed while it did): its full-text index is rebuilt when
        /// the load ends, and until then a search by words cannot be answered (BulkLoad). Listings can.
        case loading = "index_loading"
        /// The database file is unreadable, corrupt, locked or newer than this binary.
        case database = "database_error"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    public static func noIndex(at path: String) -> IndexError {
        IndexError(.noIndex, "no index at \(path) — run `transcripts harvest` or `transcripts import` first")
    }
}
