import Foundation
import Testing
import TranscriptsServer

@Suite("Safe by default")
struct SecurityTests {
    @Test("binding beyond loopback without a token is refused; loopback needs none")
    func tokenRequiredOffLoopback() {
        #expect(ServerConfiguration(host: "127.0.0.1").refusal == nil)
        #expect(ServerConfiguration(host: "::1").refusal == nil)
        #expect(ServerConfiguration(host: "0.0.0.0").refusal != nil)
        #expect(ServerConfiguration(host: "192.168.1.20").refusal != nil)
        #expect(ServerConfiguration(host: "0.0.0.0", token: "short").refusal != nil)
        #expect(ServerConfiguration(host: "0.0.0.0", token: "a-long-enough-token-123").refusal == nil)
        #expect(ServerConfiguration(host: "127.attacker.example").refusal != nil, "a name is not an address")
        #expect(ServerConfiguration(host: "localhost").refusal == nil)
        #expect(ServerConfiguration(host: "127.0.0.2").refusal == nil)
    }

    @Test("a token is 16 or more visible ASCII characters: no spaces, controls or other characters")
    func tokenShape() {
        let refused = [
            String(repeating: " ", count: 16), String(repeating: " ", count: 40), "\t" + String(repeating: " ", count: 20),
            "a-long-enough-token 123", " a-long-enough-token-123", "a-long-enough-token-123 ", "a-long-enough-token-123\n",
            "a-long-enough\u{0}token-123", "a-long-enough-tökén-123", "a-long-enough\u{200B}token-123",
            "a-long-enough\u{7F}token-123", String(repeating: "a", count: 15),
        ]
        for token in refused {
            for host in ["0.0.0.0", "127.0.0.1"] {
                #expect(ServerConfiguration(host: host, token: token).refusal != nil, "\(token.debugDescription) on \(host)")
            }
        }
        for token in [String(repeating: "a", count: 16), "Zm9vYmFyYmF6cXV4MTIzNA==", "abc-DEF_123.456~+/!$%&'*^`|"] {
            #expect(ServerConfiguration(host: "0.0.0.0", token: token).refusal == nil, "\(token)")
        }
    }

    @Test("with a token, requests without it or with a wrong one get 401; the right one passes")
    func bearerToken() async throws {
        let index = try IndexFixture.make(calls: 20)
        defer { index.remove() }
        let token = "test-token-0123456789abcdef"
        try await withServer(index, ServerConfiguration(token: token)) { server in
            let missing = try await request(server, "/v1/stats")
            #expect(missing.status == 401)
            #expect(missing.errorCode == "unauthorized")
            #expect(missing.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
            let wrong = try await request(server, "/v1/stats", headers: ["Authorization": "Bearer " + token + "x"])
            #expect(wrong.status == 401)
            let prefix = try await request(server, "/v1/stats", headers: ["Authorization": "Bearer " + token.dropLast()])
            #expect(prefix.status == 401)
            let basic = try await request(server, "/v1/stats", headers: ["Authorization": "Basic " + token])
            #expect(basic.status == 401)
            let right = try await request(server, "/v1/stats", headers: ["Authorization": "Bearer " + token])
            #expect(right.status == 200)
            let lowercase = try await request(server, "/v1/stats", headers: ["Authorization": "bearer " + token])
            #expect(lowercase.status == 200, "the scheme name is case-insensitive")
            let padded = try await request(server, "/v1/stats",
                                           headers: ["Authorization": "Bearer " + token + String(repeating: "x", count: 256)])
            #expect(padded.status == 401)
            #expect(!missing.body.contains(token))
        }
    }

    @Test("no CORS headers unless an origin is configured")
    func cors() async throws {
        let index = try IndexFixture.make(calls: 10)
        defer { index.remove() }
        try await withServer(index) { server in
            let plain = try await request(server, "/healthz", headers: ["Origin": "https://crm.example"])
            #expect(plain.headers["access-control-allow-origin"] == nil)
        }
        try await withServer(index, ServerConfiguration(corsOrigin: "https://crm.example")) { server in
            let allowed = try await request(server, "/healthz", headers: ["Origin": "https://crm.example"])
            #expect(allowed.headers["access-control-allow-origin"] == "https://crm.example")
            let preflight = try await request(server, "/v1/search", method: "OPTIONS",
                                              headers: ["Origin": "https://crm.example",
                                                        "Access-Control-Request-Method": "GET"])
            #expect(preflight.status < 300)
            #expect(preflight.headers["access-control-allow-methods"]?.contains("GET") == true)
        }
    }

    @Test("without a token, requests must name this machine in Host (DNS rebinding)")
    func hostHeader() async throws {
        let index = try IndexFixture.make(calls: 10)
        defer { index.remove() }
        try await withServer(index) { server in
            let rebound = try await request(server, "/v1/search?q=refund", headers: ["Host": "attacker.example"])
            #expect(rebound.status == 403)
            #expect(rebound.errorCode == "forbidden_host")
            let sneaky = try await request(server, "/healthz", headers: ["Host": "127.attacker.example:\(server.port)"])
            #expect(sneaky.status == 403)
            #expect(try await request(server, "/healthz", headers: ["Host": "localhost:\(server.port)"]).status == 200)
            #expect(try await request(server, "/healthz").status == 200)
        }
        // With a token the Host does not matter (the server may sit behind a name).
        try await withServer(index, ServerConfiguration(token: "host-test-token-0123456789")) { server in
            let named = try await request(server, "/healthz", headers: [
                "Host": "transcripts.internal", "Authorization": "Bearer host-test-token-0123456789"])
            #expect(named.status == 200)
        }
    }
}
