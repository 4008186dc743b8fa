import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `transcripts serve` as a user runs it: the real binary on an ephemeral loopback port.
@Suite("transcripts serve, end to end")
struct ServeCLITests {
    @Test("/v1/search, /v1/transcriptions/{sid} and /v1/stats return exactly what search/show/stats --json print")
    func bodiesEqualTheCLI() async throws {
        try await withAsyncCLISandbox { sandbox in
            try ExamplesIndex.build(in: sandbox)
            let db = sandbox.path("index.sqlite")
            let server = try sandbox.start(["serve", "--db", db, "--port", "0"])
            defer { server.send(SIGKILL) }
            let base = try await Self.listeningURL(server)
            let cases: [(cli: [String], query: String)] = [
                (["refund"], "q=refund"),
                (["refund", "order"], "q=refund+order"),
                (["\"order 4471\""], "q=%22order+4471%22"),
                (["jose"], "q=jose"),
                (["--status", "failed"], "status=failed"),
                (["--status", "completed,in-progress", "--sort", "oldest"], "status=completed,in-progress&sort=oldest"),
                (["--account-sid", placeholder("AC")], "account_sid=" + placeholder("AC")),
                (["--from", "2011-08-25", "--to", "2011-08-26"], "from=2011-08-25&to=2011-08-26"),
                (["--limit", "1"], "limit=1"),
            ]
            for item in cases {
                let cli = try await sandbox.runAsync(["search", "--db", db, "--json"] + item.cli)
                #expect(cli.status == 0, "\(cli)")
                let http = try await Self.get(base + "/v1/search?" + item.query)
                #expect(http.status == 200)
                #expect(http.body == cli.stdout, "search \(item.cli.joined(separator: " ")) vs ?\(item.query)")
            }
            let show = try await sandbox.runAsync(["show", "--db", db, "--json", ExamplesIndex.c])
            #expect(try await Self.get(base + "/v1/transcriptions/" + ExamplesIndex.c).body == show.stdout)
            let stats = try await sandbox.runAsync(["stats", "--db", db, "--json"])
            #expect(try await Self.get(base + "/v1/stats").body == stats.stdout)
            let usage = try await sandbox.runAsync(["search", "--db", db, "--json", "--limit", "0"])
            let httpUsage = try await Self.get(base + "/v1/search?limit=0")
            #expect(httpUsage.status == 400)
            #expect(httpUsage.body == usage.stdout, "error bodies match too")
        }
    }

    @Test("SIGTERM stops the server cleanly; access logs carry no query text unless --log-queries")
    func shutdownAndLogs() async throws {
        try await withAsyncCLISandbox { sandbox in
            try ExamplesIndex.build(in: sandbox)
            let db = sandbox.path("index.sqlite")
            let quiet = try sandbox.start(["serve", "--db", db, "--port", "0"])
            let base = try await Self.listeningURL(quiet)
            #expect(try await Self.get(base + "/v1/search?q=reimbursement").status == 200)
            #expect(quiet.send(SIGTERM))
            let ended = try await quiet.finish(timeout: 10)
            #expect(ended.status == 0, "\(ended)")
            #expect(ended.stderr.contains("/v1/search"))
            #expect(!ended.stderr.contains("reimbursement"), "the query is personal data: \(ended.stderr)")

            let verbose = try sandbox.start(["serve", "--db", db, "--port", "0", "--log-queries"])
            let verboseBase = try await Self.listeningURL(verbose)
            _ = try await Self.get(verboseBase + "/v1/search?q=reimbursement")
            verbose.send(SIGINT)
            let verboseEnded = try await verbose.finish(timeout: 10)
            #expect(verboseEnded.stderr.contains("reimbursement"))
        }
    }

    @Test("off loopback without a token it refuses to start; a missing index is exit 1")
    func refusals() async throws {
        try await withAsyncCLISandbox { sandbox in
            try ExamplesIndex.build(in: sandbox)
            let db = sandbox.path("index.sqlite")
            let open = try await sandbox.runAsync(["serve", "--db", db, "--host", "0.0.0.0", "--port", "0"],
                                                  environment: ["TRANSCRIPTS_API_TOKEN": nil])
            #expect(open.status == 2, "\(open)")
            #expect(open.stderr.contains("token"))
            let missing = try await sandbox.runAsync(["serve", "--db", sandbox.path("none.sqlite"), "--port", "0"])
            #expect(missing.status == 1)
            #expect(missing.stderr.contains("no index at"))
            #expect(!sandbox.exists("none.sqlite"))
        }
    }

    @Test("a blank or spaced token is refused from --token, TRANSCRIPTS_API_TOKEN and --token-file alike")
    func blankTokens() async throws {
        try await withAsyncCLISandbox { sandbox in
            try ExamplesIndex.build(in: sandbox)
            let db = sandbox.path("index.sqlite")
            let serve = ["serve", "--db", db, "--host", "0.0.0.0", "--port", "0"]
            let spaces = String(repeating: " ", count: 16)
            let blankFile = try sandbox.write("blank-token", spaces + "\n")
            let spacedFile = try sandbox.write("spaced-token", "a-long-enough token-123\n")
            for path in [blankFile, spacedFile] { chmod(path, 0o600) }
            let attempts: [(arguments: [String], environment: [String: String?])] = [
                (["--token", spaces], ["TRANSCRIPTS_API_TOKEN": nil]),
                (["--token", "a-long-enough token-123"], ["TRANSCRIPTS_API_TOKEN": nil]),
                ([], ["TRANSCRIPTS_API_TOKEN": spaces]),
                ([], ["TRANSCRIPTS_API_TOKEN": " a-long-enough-token-123"]),
                (["--token-file", blankFile], ["TRANSCRIPTS_API_TOKEN": nil]),
                (["--token-file", spacedFile], ["TRANSCRIPTS_API_TOKEN": nil]),
            ]
            for attempt in attempts {
                let result = try await sandbox.runAsync(serve + attempt.arguments, environment: attempt.environment,
                                                        timeout: 15)
                #expect(result.status == 2, "\(attempt.arguments) \(attempt.environment): \(result)")
                #expect(result.stderr.contains("token"), "\(result)")
                #expect(!result.stdout.hasPrefix("listening"), "\(result)")
            }
        }
    }

    @Test("a token file's trailing newline is not part of the token")
    func tokenFileNewline() async throws {
        try await withAsyncCLISandbox { sandbox in
            try ExamplesIndex.build(in: sandbox)
            let token = "file-token-0123456789abcdef"
            let file = try sandbox.write("token", token + "\r\n")
            chmod(file, 0o600)
            let server = try sandbox.start(["serve", "--db", sandbox.path("index.sqlite"), "--port", "0",
                                            "--token-file", file], environment: ["TRANSCRIPTS_API_TOKEN": nil])
            defer { server.send(SIGKILL) }
            let base = try await Self.listeningURL(server)
            var request = URLRequest(url: try #require(URL(string: base + "/healthz")))
            request.setValue("Bearer " + token, forHTTPHeaderField: "Authorization")
            let (_, response) = try await URLSession.shared.data(for: request)
            #expect((response as? HTTPURLResponse)?.statusCode == 200)
        }
    }

    @Test("--header-timeout, --idle-timeout and --max-connections: applied, and refused when unusable")
    func connectionOptions() async throws {
        try await withAsyncCLISandbox { sandbox in
            try ExamplesIndex.build(in: sandbox)
            let db = sandbox.path("index.sqlite")
            for (options, mentions) in [(["--header-timeout", "soon"], "header-timeout"), (["--idle-timeout", "0s"], "idle-timeout"),
                                        (["--max-connections", "0"], "connection cap"),
                                        (["--max-connections", "100000000"], "descriptors")] {
                let result = try await sandbox.runAsync(["serve", "--db", db, "--port", "0"] + options, timeout: 15)
                #expect(result.status == 2, "\(options): \(result)")
                #expect(result.stderr.contains(mentions), "\(options): \(result)")
            }
            let server = try sandbox.start(["serve", "--db", db, "--port", "0", "--header-timeout", "1s",
                                            "--idle-timeout", "5s", "--max-connections", "8"])
            defer { server.send(SIGKILL) }
            let base = try await Self.listeningURL(server)
            let port = try #require(URL(string: base)?.port)
            // A connection that sends nothing is closed after about a second.
            let closedAfter = try await Self.secondsUntilClosed(silentConnectionTo: port, giveUpAfter: 5)
            #expect(closedAfter.map { $0 >= 0.7 && $0 < 3 } == true, "closed after \(String(describing: closedAfter)) s")
            #expect(try await Self.get(base + "/healthz").status == 200)
        }
    }

    /// Opens a TCP connection, sends nothing, and measures how long the server keeps it open.
    static func secondsUntilClosed(silentConnectionTo port: Int, giveUpAfter limit: TimeInterval) async throws -> TimeInterval? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(connected == 0)
        let start = Date()
        var byte: UInt8 = 0
        while Date().timeIntervalSince(start) < limit {
            let count = recv(descriptor, &byte, 1, Int32(MSG_DONTWAIT))
            if count == 0 || (count < 0 && errno != EAGAIN && errno != EWOULDBLOCK) { return Date().timeIntervalSince(start) }
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    // MARK: Helpers

    /// The URL the server printed as its first line.
    static func listeningURL(_ process: CLIProcess, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let deadline = Date().addingTimeInterval(20)
        while true {
            // Look before judging the deadline: on a loaded 2-core machine this task may resume long after its
            // sleep (synchronous tests occupy the cooperative pool), with the line long since written.
            if let line = process.stdoutSoFar.split(separator: "\n").first, line.hasPrefix("listening ") {
                return String(line.dropFirst("listening ".count))
            }
            if !process.isRunning || Date() >= deadline { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("the server did not start: \(process.stderrSoFar)", sourceLocation: sourceLocation)
        throw CancellationError()
    }

    static func get(_ url: String) async throws -> (status: Int, body: String) {
        let (data, response) = try await URLSession.shared.data(from: try #require(URL(string: url)))
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }
}
