import Foundation
import Testing
import TranscriptsServer

/// Queries made of the characters that broke the translation to SQL (issue 9, item 3: `q=a%00%CC%81` was a
/// 500), sent percent-encoded as a client would: every one is a 200 or a clear 400, never a 500.
@Suite("HTTP: unusual characters in queries")
struct QueryCharacterTests {
    /// (encoded q, the status it must get, or nil for "200 or 400 invalid_query").
    static let cases: [(q: String, status: Int?)] = [
        ("a%00%CC%81", 200),                    // the reported one: NUL, then a combining acute accent
        ("refund%00%CC%81", 200),
        ("%00", 400), ("%00%00", 400), ("refund%00", 200), ("%22refund%00%22", 200), ("refund%00-fee", 200),
        ("%22late%00fee%22", 200), ("refund+OR+%00", 200), ("%00+OR+refund", 200),
        ("%22%CC%81late+fee%22", 200),          // a quote then a combining mark: one Swift Character
        ("o%22%CC%81brien", 200), ("x%22%CC%81+OR+NEAR(x%22%CC%81", 200), ("-%CC%81", 400), ("%CC%81", 400),
        ("refund%CC%81*", 200), ("%CC%81%22refund", 200),
        ("%ED%A0%80", 400), ("refund%ED%A0%80", 400), ("%C0%80", 400), ("%FF", 400),   // not UTF-8
        ("%EF%BF%BE", 400), ("%EF%BF%BF", 400), ("%F4%8F%BF%BF", 400), ("%EF%B7%90refund", 200), // noncharacters
        ("%EE%80%80", nil), ("refund%F3%B0%80%80", nil),                                          // private use
        ("%E2%80%8Drefund", 200), ("%E2%80%AErefund", 200), ("%EF%BB%BFrefund", 200), ("%E2%81%A6refund", 200),
        ("%01refund%1F", 200), ("%7Frefund", 200), ("%C2%80refund%C2%9F", 200), ("refund%C2%85order", 200),
        ("%1B%5B31mrefund", 200), ("refund%0D%0Aorder", 200), ("refund%09-%0Bfee", 200),
        ("%F0%9E%A4%80%F0%9E%A4%80*", nil),     // a letter newer than SQLite's Unicode tables
        ("refund+%E2%80%A8+order", 200), ("%CD%B8", 400), ("%F0%9F%91%A9%E2%80%8D%F0%9F%91%A7", 400),
        ("%22%00", 400), ("%22%00%22+refund", 200), ("-%22%00%22", 400), ("*%CC%81", 400), ("%22%CC%81", 400),
    ]

    @Test("each query is a 200 or a clear 400, never a 500")
    func unusualCharacters() async throws {
        let index = try IndexFixture.make(calls: 120)
        defer { index.remove() }
        try await withServer(index) { server in
            for item in Self.cases {
                for sort in ["", "&sort=newest"] {
                    let result = try await request(server, "/v1/search?q=" + item.q + sort)
                    let label = "q=\(item.q)\(sort): \(result.status) \(result.body.prefix(200))"
                    if let status = item.status {
                        #expect(result.status == status, "\(label)")
                    } else {
                        #expect(result.status == 200 || result.status == 400, "\(label)")
                    }
                    if result.status != 200 {
                        #expect(["invalid_query", "invalid_parameter"].contains(result.errorCode ?? ""), "\(label)")
                    }
                    #expect(!result.body.lowercased().contains("sqlite") && !result.body.contains("fts5"), "\(label)")
                }
            }
        }
    }

    @Test("NUL and invalid UTF-8 in the other parameters are a 400 invalid_parameter")
    func otherParameters() async throws {
        let index = try IndexFixture.make(calls: 20)
        defer { index.remove() }
        let sid = "CA" + String(repeating: "a", count: 32)
        let cases = ["from=2024-03-01%00", "to=%002024-03-01", "status=completed%00", "status=%ED%A0%80", "sort=newest%00",
                     "limit=5%00", "cursor=%00", "call_sid=\(sid)%00", "account_sid=%00AC", "q=refund&cursor=%CC%81"]
        try await withServer(index) { server in
            for query in cases {
                let result = try await request(server, "/v1/search?" + query)
                #expect(result.status == 400 && result.errorCode == "invalid_parameter", "\(query): \(result.status) \(result.body)")
            }
        }
    }
}
