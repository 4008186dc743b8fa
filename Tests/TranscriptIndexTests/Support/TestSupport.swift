import Foundation
import Testing
@testable import TranscriptIndex

/// A fresh directory under the system temporary directory. `withTemporaryDirectory` removes it when the body
/// returns or throws, so every test works on its own real SQLite files and leaves nothing behind.
struct TemporaryDirectory {
    let url: URL

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes `contents` to `name` inside the directory and returns the full path.
    @discardableResult
    func write(_ name: String, _ contents: String) throws -> String {
        let path = path(name)
        try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}

@discardableResult
func withTemporaryDirectory<T>(_ body: (TemporaryDirectory) throws -> T) throws -> T {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("transcripts-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try body(TemporaryDirectory(url: url))
}

/// Opens (creating) an index in `directory` and closes it when the body ends.
@discardableResult
func withIndex<T>(in directory: TemporaryDirectory, name: String = "index.sqlite",
                  _ body: (IndexDatabase) throws -> T) throws -> T {
    let database = try IndexDatabase.openForWriting(path: directory.path(name))
    defer { try? database.close() }
    return try body(database)
}

/// A fresh temporary directory with a fresh index in it.
@discardableResult
func withFreshIndex<T>(_ body: (IndexDatabase, TemporaryDirectory) throws -> T) throws -> T {
    try withTemporaryDirectory { directory in
        try withIndex(in: directory) { try body($0, directory) }
    }
}

// MARK: Paths

/// The repository root, found from this file's path (Tests/TranscriptIndexTests/Support/TestSupport.swift).
let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// `../shared/twilio-reference/examples` next to the repository (CI copies shared/ there).
let sharedExamplesDirectory: URL = repositoryRoot.deletingLastPathComponent()
    .appendingPathComponent("shared/twilio-reference/examples", isDirectory: true)

/// The v2010 example files, sorted by name. Fails the calling test (never skips it) when the folder is missing.
func sharedV2010ExampleFiles(sourceLocation: SourceLocation = #_sourceLocation) throws -> [URL] {
    let names = try #require(
        try? FileManager.default.contentsOfDirectory(atPath: sharedExamplesDirectory.path),
        "the shared Twilio examples are missing: expected them at \(sharedExamplesDirectory.path)",
        sourceLocation: sourceLocation)
    let files = names.filter { $0.hasPrefix("v2010_") && $0.hasSuffix(".json") }.sorted()
    try #require(!files.isEmpty, "no v2010_*.json file in \(sharedExamplesDirectory.path)",
                 sourceLocation: sourceLocation)
    return files.map { sharedExamplesDirectory.appendingPathComponent($0) }
}

// MARK: SIDs and timestamps

/// `prefix` followed by 32 hex digits made from `n`: sid("TR", 1) == "TR000…001".
func sid(_ prefix: String, _ n: Int) -> String {
    let hex = String(n, radix: 16)
    return prefix + String(repeating: "0", count: 32 - hex.count) + hex
}

/// The placeholder SIDs of the shared examples: "TR" + 32 × "a", …
func placeholderSID(_ prefix: String, last: Character = "a") -> String {
    prefix + String(repeating: "a", count: 31) + String(last)
}

/// UTC epoch seconds of an ISO 8601 instant written in a test ("2024-03-05T14:02:11Z"); independent of the
/// library's parser (Foundation's).
func utc(_ iso: String) -> Int64 {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    guard let date = formatter.date(from: iso) else { fatalError("bad test timestamp \(iso)") }
    return Int64(date.timeIntervalSince1970)
}

// MARK: Building and searching an index

func transcription(_ n: Int, text: String?, status: String = "completed", created: String,
                   updated: String? = nil, account: Int = 1, recording: Int? = nil,
                   duration: Int? = 10) -> Transcription {
    Transcription(
        sid: sid("TR", n), accountSid: sid("AC", account), recordingSid: sid("RE", recording ?? n), status: status,
        type: "fast", duration: duration, price: "-0.05000", priceUnit: "USD", apiVersion: "2010-04-01",
        dateCreated: utc(created), dateUpdated: utc(updated ?? created), text: text,
        uri: "/2010-04-01/Accounts/\(sid("AC", account))/Transcriptions/\(sid("TR", n)).json")
}

func recording(_ n: Int, call: Int, status: String = "completed", updated: String = "2024-01-01T00:00:00Z",
               channels: Int = 1) -> Recording {
    Recording(sid: sid("RE", n), accountSid: sid("AC", 1), callSid: sid("CA", call), status: status,
              source: "OutboundAPI", channels: channels, duration: 10, startTime: utc(updated),
              dateCreated: utc(updated), dateUpdated: utc(updated), price: "-0.00250", priceUnit: "USD")
}

extension IndexDatabase {
    /// Upserts in one transaction and returns the outcomes in order.
    @discardableResult
    func upsert(_ transcriptions: [Transcription], recordings: [Recording] = []) throws -> [UpsertOutcome] {
        try writeBatch { batch in
            try transcriptions.map { try batch.upsert($0) } + recordings.map { try batch.upsert($0) }
        }
    }

    /// Validates and runs a search.
    func search(_ parameters: SearchParameters) throws -> SearchPage {
        try search(try parameters.validated())
    }

    /// The SIDs of the first page (up to 1000) for `parameters`.
    func sids(_ parameters: SearchParameters) throws -> [String] {
        var parameters = parameters
        if parameters.limit == nil { parameters.limit = "1000" }
        return try search(parameters).hits.map(\.sid)
    }

    /// SIDs of a plain word query (newest first, so the order is defined).
    func sids(matching query: String) throws -> [String] {
        try sids(SearchParameters(query: query, sort: "newest"))
    }
}

/// Runs `body` and returns the IndexError it throws; records an issue if it throws nothing or something else.
@discardableResult
func expectIndexError(_ code: IndexError.Code, _ comment: Comment? = nil,
                      sourceLocation: SourceLocation = #_sourceLocation,
                      _ body: () throws -> Void) -> IndexError? {
    do {
        try body()
        Issue.record("expected IndexError .\(code), nothing was thrown. \(comment.map { "\($0)" } ?? "")",
                     sourceLocation: sourceLocation)
        return nil
    } catch let error as IndexError {
        #expect(error.code == code, "\(error.message). \(comment.map { "\($0)" } ?? "")",
                sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected IndexError .\(code), got \(type(of: error)): \(error). \(comment.map { "\($0)" } ?? "")",
                     sourceLocation: sourceLocation)
        return nil
    }
}
