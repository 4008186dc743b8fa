import Foundation
@testable import TranscriptIndex

/// A small hand-written index whose rows sit on the edges the filters care about.
///
/// | TR | created (UTC)          | status      | account | recording → call |  text
/// |  1 | 2024-03-05T00:00:00Z   | completed   | AC1     | RE1 → CA1        | "I want a refund for order 4471"
/// |  2 | 2024-03-05T23:59:59Z   | completed   | AC1     | RE2 → CA2        | "refunds are processed within five days"
/// |  3 | 2024-03-06T00:00:00Z   | failed      | AC1     | RE3 → CA1        | "(blank)"
/// |  4 | 2024-03-04T23:59:59Z   | in-progress | AC2     | RE4 (no metadata)| nil
/// |  5 | 2024-03-05T12:00:00Z   | completed   | AC2     | RE5 → CA3        | "José called about his refund <script>…"
/// |  6 | 2024-02-01T10:00:00Z   | completed   | AC1     | RE6 → CA4        | "shipping was late, package damaged & lost"
enum SearchFixture {
    static let rows: [Transcription] = [
        transcription(1, text: "I want a refund for order 4471", created: "2024-03-05T00:00:00Z"),
        transcription(2, text: "refunds are processed within five days", created: "2024-03-05T23:59:59Z"),
        transcription(3, text: "(blank)", status: "failed", created: "2024-03-06T00:00:00Z"),
        transcription(4, text: nil, status: "in-progress", created: "2024-03-04T23:59:59Z", account: 2, duration: nil),
        transcription(5, text: "José called about his refund <script>alert('x')</script> thanks",
                      created: "2024-03-05T12:00:00Z", account: 2),
        transcription(6, text: "shipping was late, package damaged & lost", created: "2024-02-01T10:00:00Z"),
    ]

    static let recordings: [Recording] = [
        recording(1, call: 1), recording(2, call: 2), recording(3, call: 1), recording(5, call: 3), recording(6, call: 4),
    ]

    static func build(_ db: IndexDatabase) throws {
        try db.upsert(rows, recordings: recordings)
    }

    /// SIDs for row numbers.
    static func sids(_ numbers: Int...) -> [String] { numbers.map { sid("TR", $0) } }
}

@discardableResult
func withSearchFixture<T>(_ body: (IndexDatabase) throws -> T) throws -> T {
    try withFreshIndex { (db, _) throws in
        try SearchFixture.build(db)
        return try body(db)
    }
}
