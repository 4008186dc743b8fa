import Foundation
import Testing
@testable import TranscriptIndex

/// Malformed parameters are `invalid_parameter` errors that name what to fix, before any database is touched.
@Suite("Search parameter validation")
struct SearchParameterValidationTests {
    typealias P = SearchParameters

    static let hex32 = String(repeating: "a", count: 32)

    @Test(arguments: [
        P(callSid: "CA123"),
        P(callSid: "RE" + hex32),
        P(callSid: "ca" + hex32),
        P(callSid: "CA" + hex32 + "a"),
        P(callSid: "CA" + String(repeating: "g", count: 32)),
        P(callSid: " CA" + hex32),
        P(callSid: ""),
        P(recordingSid: "TR" + hex32),
        P(recordingSid: "RE" + String(repeating: "a", count: 31)),
        P(accountSid: "AC" + String(repeating: "Z", count: 32)),
        P(accountSid: "AC-" + hex32),
        P(statuses: ["done"]),
        P(statuses: ["COMPLETED"]),
        P(statuses: ["completed", "deleted"]),
        P(statuses: ["completed,bogus"]),
        P(from: "2024-13-01"),
        P(from: "2024-02-30"),
        P(from: "03/05/2024"),
        P(from: "2024-3-5"),
        P(from: "yesterday"),
        P(from: ""),
        P(to: "2024-03-05T25:00:00Z"),
        P(to: "2024-03-05T10:00"),
        P(to: "Tue, 05 Mar 2024 10:00:00 +0000"),
        P(from: "2024-03-06", to: "2024-03-05"),
        P(from: "2024-03-05T12:00:01Z", to: "2024-03-05T12:00:00Z"),
        P(limit: "0"),
        P(limit: "1001"),
        P(limit: "-1"),
        P(limit: "ten"),
        P(limit: "1.5"),
        P(limit: ""),
        P(limit: "99999999999999999999999"),
        P(sort: "best"),
        P(sort: "Newest"),
        P(sort: "relevance"),
        P(query: "-refund", sort: "relevance"),
        P(cursor: "garbage"),
        P(cursor: ""),
        P(cursor: "djE6MTox"),
        P(cursor: String(repeating: "A", count: 400)),
        P(cursor: Data("v2:10:-:0".utf8).base64EncodedString()),
        P(cursor: Data("v1:zz:-:0".utf8).base64EncodedString()),
    ])
    func isAnInvalidParameter(parameters: P) {
        let error = expectIndexError(.invalidParameter, "\(parameters)") { _ = try parameters.validated() }
        #expect(error.map { !$0.message.isEmpty } ?? true)
    }

    @Test func messagesSayWhatIsWrong() throws {
        let sidError = try #require(expectIndexError(.invalidParameter) { _ = try P(callSid: "CA123").validated() })
        #expect(sidError.message.contains("CA123") && sidError.message.contains("32 hex digits"), "\(sidError.message)")
        let statusError = try #require(expectIndexError(.invalidParameter) { _ = try P(statuses: ["done"]).validated() })
        #expect(statusError.message.contains("in-progress, completed, failed"), "\(statusError.message)")
        let limitError = try #require(expectIndexError(.invalidParameter) { _ = try P(limit: "0").validated() })
        #expect(limitError.message.contains("1 to 1000"), "\(limitError.message)")
        let dateError = try #require(expectIndexError(.invalidParameter) { _ = try P(from: "yesterday").validated() })
        #expect(dateError.message.contains("YYYY-MM-DD"), "\(dateError.message)")
    }

    @Test func validParametersAreNormalised() throws {
        let request = try P(query: "refund", from: "2024-03-05", to: "2024-03-05", statuses: ["failed,completed", "failed"],
                            callSid: "CA" + Self.hex32.uppercased(), limit: "1000").validated()
        #expect(request.from == utc("2024-03-05T00:00:00Z"))
        #expect(request.to == utc("2024-03-05T23:59:59Z"))
        #expect(request.statuses == ["completed", "failed"])
        #expect(request.sort == .relevance)
        #expect(request.limit == 1000)
        #expect(request.callSid == "CA" + Self.hex32.uppercased())
        #expect(try P().validated().sort == .newest)
        #expect(try P().validated().limit == 20)
        #expect(try P(query: "-refund").validated().sort == .newest)
        #expect(try P(query: "   ").validated().query.isEmpty)
        #expect(try P(limit: "1").validated().limit == 1)
    }

    @Test func aQueryWithoutWordsIsAnInvalidQuery() {
        for query in ["*", "🎉", "- -", "\"\""] {
            expectIndexError(.invalidQuery, "\(query)") { _ = try P(query: query).validated() }
        }
    }
}
