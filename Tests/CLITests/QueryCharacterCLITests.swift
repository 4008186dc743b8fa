import Foundation
import Testing

/// `transcripts search` with the characters that broke the query's translation to SQL (issue 9, item 3): the
/// CLI answers like the server — results (exit 0) or a usage error (exit 2), never a database error (exit 1).
/// (An argument cannot hold a NUL; the other controls, combining marks and format characters can.)
@Suite("CLI: unusual characters in queries")
struct QueryCharacterCLITests {
    static let queries: [(arguments: [String], exit: Int32?)] = [
        (["o\"\u{301}brien"], 0),                      // a quote then a combining mark: one Swift Character
        (["x\"\u{301}", "OR", "NEAR(x\"\u{301}"], 0),
        (["\"\u{301}refund", "for\""], 0),
        (["a\u{1}\u{301}"], 0),
        (["refund\u{1B}[31m"], 0),
        (["\u{202E}refund", "\u{FEFF}order"], 0),
        (["refund\u{7F}order\u{85}"], 0),
        (["\u{301}"], 2), (["-\u{301}"], 2), ([String(Unicode.Scalar(UInt32(0xFFFE))!)], 2), (["\u{1}\u{2}"], 2),
        (["\u{E000}"], nil),
    ]

    @Test func eachQueryExitsZeroOrTwo() throws {
        try withCLISandbox { sandbox in
            try ExamplesIndex.build(in: sandbox)
            let db = sandbox.path("index.sqlite")
            for (arguments, exit) in Self.queries {
                let label = arguments.joined(separator: " ").unicodeScalars.map {
                    $0.isASCII && $0.value >= 0x20 ? String($0) : "\\u{\(String($0.value, radix: 16))}"
                }.joined()
                let result = try sandbox.run(["search"] + arguments + ["--db", db, "--json"])
                if let exit {
                    #expect(result.status == exit, "\(label): \(result)")
                } else {
                    #expect(result.status == 0 || result.status == 2, "\(label): \(result)")
                }
                if result.status == 2 {
                    let error = try result.json()["error"] as? [String: Any]
                    #expect(error?["code"] as? String == "invalid_query", "\(label): \(result)")
                }
                #expect(!result.stdout.contains("database") && !result.stderr.contains("database"), "\(label): \(result)")
            }
        }
    }
}
