import Foundation
import Testing
import TranscriptIndex
import TranscriptsServer

@Suite("HTTP endpoints on a real server")
struct EndpointTests {
    @Test("/v1/search answers the same body the library renders for --json, for several inputs")
    func searchBodiesMatchTheLibrary() async throws {
        let index = try IndexFixture.make(calls: 400)
        defer { index.remove() }
        let database = try IndexDatabase.openForReading(path: index.path)
        let cases: [(String, SearchParameters)] = [
            ("q=refund", SearchParameters(query: "refund")),
            ("q=late+fee&limit=5", SearchParameters(query: "late fee", limit: "5")),
            ("q=%22late%20fee%22&sort=newest", SearchParameters(query: "\"late fee\"", sort: "newest")),
            ("status=failed&status=in-progress&limit=3", SearchParameters(statuses: ["failed", "in-progress"], limit: "3")),
            ("status=failed,completed&sort=oldest&limit=2",
             SearchParameters(statuses: ["failed,completed"], sort: "oldest", limit: "2")),
            ("q=order&from=2023-01-01&to=2023-06-30", SearchParameters(query: "order", from: "2023-01-01", to: "2023-06-30")),
            ("q=jose+-refund", SearchParameters(query: "jose -refund")),
        ]
        try await withServer(index) { server in
            for (query, parameters) in cases {
                let result = try await request(server, "/v1/search?" + query)
                #expect(result.status == 200, "\(query): \(result.body)")
                #expect(result.headers["content-type"] == "application/json; charset=utf-8")
                let expected = try database.search(try parameters.validated()).json.text + "\n"
                #expect(result.body == expected, "\(query)")
            }
        }
    }

    @Test("+ is a space in query strings, as browsers send it")
    func plusIsSpace() async throws {
        let index = try IndexFixture.make(calls: 300)
        defer { index.remove() }
        try await withServer(index) { server in
            let plus = try await request(server, "/v1/search?q=late+fee")
            let encoded = try await request(server, "/v1/search?q=late%20fee")
            #expect(plus.status == 200)
            #expect(plus.body == encoded.body)
            let total = try #require(plus.json?["total"] as? Int)
            #expect(total > 0)
        }
    }

    @Test("a cursor from one page gives the next, and paging visits every match once")
    func pagingOverHTTP() async throws {
        let index = try IndexFixture.make(calls: 300)
        defer { index.remove() }
        try await withServer(index) { server in
            var seen: [String] = []
            var cursor: String?
            var total = 0
            repeat {
                let suffix = cursor.map { "&cursor=" + $0 } ?? ""
                let page = try await request(server, "/v1/search?q=refund&limit=7" + suffix)
                #expect(page.status == 200, "\(page.body)")
                let json = try #require(page.json)
                total = try #require(json["total"] as? Int)
                let results = try #require(json["results"] as? [[String: Any]])
                seen += results.compactMap { $0["sid"] as? String }
                cursor = json["next_cursor"] as? String
            } while cursor != nil
            #expect(seen.count == total)
            #expect(Set(seen).count == total)
        }
    }

    @Test("show, stats and healthz")
    func otherEndpoints() async throws {
        let index = try IndexFixture.make(calls: 200)
        defer { index.remove() }
        let database = try IndexDatabase.openForReading(path: index.path)
        let any = try #require(try database.search(try SearchParameters(limit: "1").validated()).hits.first)
        try await withServer(index) { server in
            let show = try await request(server, "/v1/transcriptions/" + any.sid)
            #expect(show.status == 200)
            #expect(show.body == (try database.transcription(sid: any.sid)).json.text + "\n")
            #expect(show.json?["sid"] as? String == any.sid)

            let stats = try await request(server, "/v1/stats")
            #expect(stats.status == 200)
            #expect(stats.json?["transcriptions"] as? Int == 200)

            let health = try await request(server, "/healthz")
            #expect(health.status == 200)
            #expect(health.body == #"{"status":"ok","schema_version":"0009_bulk_load.sql","transcriptions":200}"# + "\n")
        }
    }

    @Test("every error is a JSON body with the right status and code")
    func errors() async throws {
        let index = try IndexFixture.make(calls: 50)
        defer { index.remove() }
        let cases: [(path: String, method: String, status: Int, code: String)] = [
            ("/v1/search?limit=0", "GET", 400, "invalid_parameter"),
            ("/v1/search?limit=abc", "GET", 400, "invalid_parameter"),
            ("/v1/search?from=2024-02-30", "GET", 400, "invalid_parameter"),
            ("/v1/search?status=done", "GET", 400, "invalid_parameter"),
            ("/v1/search?source=message", "GET", 400, "invalid_parameter"),
            ("/v1/search?call_sid=CA123", "GET", 400, "invalid_parameter"),
            ("/v1/search?cursor=bogus", "GET", 400, "invalid_parameter"),
            ("/v1/search?sort=relevance", "GET", 400, "invalid_parameter"),
            ("/v1/search?q=a&q=b", "GET", 400, "invalid_parameter"),
            ("/v1/search?qq=a", "GET", 400, "invalid_parameter"),
            ("/v1/search?q=%F0%9F%98%80", "GET", 400, "invalid_query"),
            ("/v1/search?q=%E0%A4", "GET", 400, "invalid_parameter"),
            ("/v1/transcriptions/TRffffffffffffffffffffffffffffffff", "GET", 404, "not_found"),
            ("/v1/transcriptions/nope", "GET", 400, "invalid_parameter"),
            ("/v2/anything", "GET", 404, "not_found"),
            ("/v1/search", "POST", 405, "method_not_allowed"),
            ("/v1/stats", "DELETE", 405, "method_not_allowed"),
            ("/v1/search?q=" + String(repeating: "a", count: 70_000), "GET", 414, "too_large"),
            ("/v1/search?q=" + String(repeating: "a", count: 5000), "GET", 400, "invalid_query"),
            ("/v1/search?status=", "GET", 400, "invalid_parameter"),
            ("/v1/search?limit=", "GET", 400, "invalid_parameter"),
        ]
        try await withServer(index) { server in
            for item in cases {
                let result = try await request(server, item.path, method: item.method)
                #expect(result.status == item.status, "\(item.method) \(item.path.prefix(80)): \(result.body)")
                #expect(result.errorCode == item.code, "\(item.method) \(item.path.prefix(80)): \(result.body)")
                #expect(!result.body.lowercased().contains("sqlite"))
            }
            // URLSession on Linux will not send a body with GET; the size check comes first for any method.
            let large = try await request(server, "/v1/search?q=refund", method: "POST",
                                          body: Data(repeating: 0x61, count: 200_000))
            #expect(large.status == 413)
            #expect(large.errorCode == "too_large")
            let notAllowed = try await request(server, "/v1/search", method: "PUT")
            #expect(notAllowed.headers["allow"] == "GET, HEAD")
            let options = try await request(server, "/v1/search", method: "OPTIONS")
            #expect(options.status == 405)
        }
    }

    @Test("hostile queries never produce a 500 or an SQLite message")
    func hostileQueries() async throws {
        let index = try IndexFixture.make(calls: 100)
        defer { index.remove() }
        let hostile = ["\"unbalanced", "AND OR (", "NEAR(", "*", "'; DROP TABLE transcriptions; --", "😀",
                       String(repeating: "refund ", count: 1500), "-", "\"\"", "OR OR", "a:b", "^x", "refund\u{0}ed"]
        try await withServer(index) { server in
            for query in hostile {
                let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                let result = try await request(server, "/v1/search?q=" + encoded)
                #expect(result.status == 200 || result.status == 400 || result.status == 414, "\(query.prefix(40))")
                if result.status != 200 {
                    #expect(["invalid_query", "invalid_parameter", "too_large"].contains(result.errorCode ?? ""))
                }
                #expect(!result.body.lowercased().contains("sqlite"))
            }
        }
    }

    @Test("HEAD answers like GET, without the body")
    func head() async throws {
        let index = try IndexFixture.make(calls: 30)
        defer { index.remove() }
        try await withServer(index) { server in
            let ok = try await request(server, "/v1/search?q=refund", method: "HEAD")
            #expect(ok.status == 200)
            #expect(ok.body.isEmpty)
            #expect(ok.headers["content-type"] == "application/json; charset=utf-8")
            #expect(try await request(server, "/healthz", method: "HEAD").status == 200)
            #expect(try await request(server, "/v1/search?limit=0", method: "HEAD").status == 400)
            #expect(try await request(server, "/v1/transcriptions/TRffffffffffffffffffffffffffffffff", method: "HEAD").status == 404)
        }
    }
}
