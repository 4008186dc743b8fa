import Testing
@testable import TranscriptsServer

@Suite("Query-string decoding")
struct FormQueryTests {
    @Test("+ is a space, %XX is a byte, names repeat, malformed escapes and non-UTF-8 are errors")
    func decoding() throws {
        let query = try FormQuery("q=late+fee&status=failed&status=completed&to=&empty&x=%E2%82%AC%2B")
        #expect(try query.single("q") == "late fee")
        #expect(query.values("status") == ["failed", "completed"])
        #expect(try query.single("to") == "")
        #expect(try query.single("empty") == "")
        #expect(try query.single("absent") == nil)
        #expect(try query.single("x") == "€+")
        #expect(throws: APIError.self) { try FormQuery("q=%2") }
        #expect(throws: APIError.self) { try FormQuery("q=%zz") }
        #expect(throws: APIError.self) { try FormQuery("q=%E0%A4") }
        #expect(throws: APIError.self) { try FormQuery("q=a&q=b").single("q") }
    }
}
