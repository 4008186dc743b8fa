import Foundation
import Logging
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TranscriptIndex
import TranscriptsServer
import TwilioCorpus

/// A real index file in a temporary directory, filled from the deterministic corpus.
struct IndexFixture {
    let directory: URL
    var path: String { directory.appendingPathComponent("index.sqlite").path }

    static func make(calls: Int, seed: UInt64 = 11) throws -> IndexFixture {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("transcripts-server-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let fixture = IndexFixture(directory: directory)
        let generator = CorpusGenerator(seed: seed, count: calls)
        var lines = ""
        for index in 0..<calls {
            let call = generator.call(index)
            lines += call.recordingJSON() + "\n" + call.transcriptionJSON() + "\n"
        }
        let corpus = directory.appendingPathComponent("corpus.ndjson")
        try Data(lines.utf8).write(to: corpus)
        let summary = try TwilioImporter(database: try IndexDatabase.openForWriting(path: fixture.path))
            .importSource(corpus.path)
        #expect(summary.problems.isEmpty)
        return fixture
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

/// Starts a server over `index` on an ephemeral loopback port, runs `body`, stops the server.
func withServer(_ index: IndexFixture, _ configuration: ServerConfiguration = ServerConfiguration(port: 0),
                _ body: (TranscriptsServer) async throws -> Void) async throws {
    var configuration = configuration
    configuration.port = 0
    var quiet = Logger(label: "transcripts.serve.test")
    quiet.logLevel = .warning
    let server = try await TranscriptsServer.start(database: try IndexDatabase.openForReading(path: index.path),
                                                   configuration: configuration, logger: quiet)
    do {
        try await body(server)
    } catch {
        await server.stop()
        throw error
    }
    await server.stop()
}

/// One HTTP exchange.
struct HTTPResult {
    var status: Int
    var headers: [String: String]
    var body: String

    var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] }
    var errorCode: String? { (json?["error"] as? [String: Any])?["code"] as? String }
}

/// A plain HTTP request through URLSession (a real client on a real socket).
func request(_ server: TranscriptsServer, _ pathAndQuery: String, method: String = "GET",
             headers: [String: String] = [:], body: Data? = nil) async throws -> HTTPResult {
    let url = try #require(URL(string: server.baseURL + pathAndQuery))
    var request = URLRequest(url: url)
    request.httpMethod = method
    request.httpBody = body
    for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
    let (data, response) = try await URLSession.shared.data(for: request)
    let http = try #require(response as? HTTPURLResponse)
    var fields: [String: String] = [:]
    for (name, value) in http.allHeaderFields {
        if let name = name as? String, let value = value as? String { fields[name.lowercased()] = value }
    }
    return HTTPResult(status: http.statusCode, headers: fields, body: String(decoding: data, as: UTF8.self))
}
