import Foundation
import Testing

/// The built `transcripts` executable, found next to the test bundle (SwiftPM puts every product of a build in
/// one directory). `TRANSCRIPTS_BINARY` overrides the lookup.
enum TranscriptsBinary {
    static let lookup: Result<URL, LookupError> = find()

    struct LookupError: Error, CustomStringConvertible {
        var searched: [String]
        var description: String {
            "cannot find the built `transcripts` executable; build it first (swift build --build-tests), or set "
                + "TRANSCRIPTS_BINARY. Looked in:\n  " + searched.joined(separator: "\n  ")
        }
    }

    static func url(sourceLocation: SourceLocation = #_sourceLocation) throws -> URL {
        switch lookup {
        case .success(let url): return url
        case .failure(let error):
            Issue.record(Comment(rawValue: error.description), sourceLocation: sourceLocation)
            throw error
        }
    }

    private static func find() -> Result<URL, LookupError> {
        let manager = FileManager.default
        var candidates: [URL] = []
        if let explicit = ProcessInfo.processInfo.environment["TRANSCRIPTS_BINARY"], !explicit.isEmpty {
            candidates.append(URL(fileURLWithPath: explicit))
        }
        // Linux: the test runner is an executable in the products directory, so the main bundle is that directory.
        // macOS: the main bundle may be xctest's own; the test bundle (*.xctest) sits in the products directory.
        var directories: [URL] = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
        if let executable = Bundle.main.executableURL { directories.append(executable.deletingLastPathComponent()) }
        directories.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        for bundle in Bundle.allBundles where bundle.bundleURL.pathExtension == "xctest" {
            directories.append(bundle.bundleURL.deletingLastPathComponent())
        }
        // Any path component ending in .xctest: its parent is the products directory.
        for directory in directories {
            var url = directory
            while url.path != "/" {
                if url.pathExtension == "xctest" { directories.append(url.deletingLastPathComponent()) }
                url = url.deletingLastPathComponent()
            }
        }
        candidates += directories.map { $0.appendingPathComponent("transcripts") }
        var searched: [String] = []
        for candidate in candidates {
            let path = candidate.standardizedFileURL.path
            if searched.contains(path) { continue }
            searched.append(path)
            var isDirectory: ObjCBool = false
            if manager.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
               manager.isExecutableFile(atPath: path) {
                return .success(URL(fileURLWithPath: path))
            }
        }
        return .failure(LookupError(searched: searched))
    }
}

/// What one run of the CLI did.
struct CLIResult: CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String

    var description: String { "exit \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }

    /// stdout parsed as a JSON object.
    func json(sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let object = try? JSONSerialization.jsonObject(with: Data(stdout.utf8))
        return try #require(object as? [String: Any], "stdout is not a JSON object: \(self)",
                            sourceLocation: sourceLocation)
    }

    /// The transcription SIDs of a `search --json` body, in order.
    func sids(sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
        let results = try #require(try json(sourceLocation: sourceLocation)["results"] as? [[String: Any]],
                                   "no results array: \(self)", sourceLocation: sourceLocation)
        return results.compactMap { $0["sid"] as? String }
    }
}

/// A temporary directory to run the CLI in: `work/` is its current directory (where the default
/// ./transcripts.sqlite would land), `io/` holds the captured output. Removed when the body returns.
struct CLISandbox {
    let root: URL
    var work: URL { root.appendingPathComponent("work", isDirectory: true) }
    var io: URL { root.appendingPathComponent("io", isDirectory: true) }

    func path(_ name: String) -> String { work.appendingPathComponent(name).path }

    @discardableResult
    func write(_ name: String, _ contents: String) throws -> String {
        let path = path(name)
        try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(name)) }

    /// Runs `transcripts arguments…` with `environment` added to (or, for nil values, removed from) this
    /// process's environment, minus TRANSCRIPTS_DB unless given. Fails the test after `timeout` seconds.
    /// `launcher` runs the binary through another program (`setpriv …` to run it as another user).
    func run(_ arguments: [String], environment: [String: String?] = [:], stdin: String? = nil,
             launcher: [String] = [], timeout: TimeInterval = 30,
             sourceLocation: SourceLocation = #_sourceLocation) throws -> CLIResult {
        try start(arguments, environment: environment, stdin: stdin, launcher: launcher, sourceLocation: sourceLocation)
            .finishBlocking(timeout: timeout, sourceLocation: sourceLocation)
    }
}

extension CLISandbox {
    /// A new sandbox under the temporary directory, with its folders made.
    static func make() throws -> CLISandbox {
        let sandbox = CLISandbox(root: FileManager.default.temporaryDirectory
            .appendingPathComponent("transcripts-cli-tests-\(UUID().uuidString)", isDirectory: true))
        try FileManager.default.createDirectory(at: sandbox.work, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: sandbox.io, withIntermediateDirectories: true)
        return sandbox
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

@discardableResult
func withCLISandbox<T>(_ body: (CLISandbox) throws -> T) throws -> T {
    let sandbox = try CLISandbox.make()
    defer { sandbox.remove() }
    return try body(sandbox)
}

/// The keys of a JSON object's top level, in the order they appear in the text (JSONSerialization loses it).
func topLevelKeys(_ json: String) -> [String] {
    var keys: [String] = []
    var depth = 0
    var inString = false, escaped = false
    var current = ""
    var expectingKey = false
    for character in json {
        if inString {
            if escaped { escaped = false; current.append(character); continue }
            if character == "\\" { escaped = true; continue }
            if character == "\"" {
                inString = false
                if depth == 1 && expectingKey { keys.append(current); expectingKey = false }
                continue
            }
            current.append(character)
            continue
        }
        switch character {
        case "\"": inString = true; current = ""
        case "{", "[":
            depth += 1
            if depth == 1 && character == "{" { expectingKey = true }
        case "}", "]": depth -= 1
        case ",": if depth == 1 { expectingKey = true }
        default: break
        }
    }
    return keys
}

// MARK: The shared examples and SIDs

let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

let sharedExamplesDirectory = repositoryRoot.deletingLastPathComponent()
    .appendingPathComponent("shared/twilio-reference/examples", isDirectory: true)

/// The v2010 example files, sorted by name; fails the calling test when the folder is missing.
func sharedV2010ExamplePaths(sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
    let names = try #require(try? FileManager.default.contentsOfDirectory(atPath: sharedExamplesDirectory.path),
                             "the shared Twilio examples are missing: expected them at \(sharedExamplesDirectory.path)",
                             sourceLocation: sourceLocation)
    let files = names.filter { $0.hasPrefix("v2010_") && $0.hasSuffix(".json") }.sorted()
    try #require(files.count >= 20, "expected the 22 v2010 examples in \(sharedExamplesDirectory.path), found \(files.count)",
                 sourceLocation: sourceLocation)
    return files.map { sharedExamplesDirectory.appendingPathComponent($0).path }
}

/// "TR" + 31 × "a" + last: the placeholder SIDs the examples use ("TRaaaa…a", "REaaaa…b").
func placeholder(_ prefix: String, _ fill: Character = "a", last: Character? = nil) -> String {
    prefix + String(repeating: fill, count: 31) + String(last ?? fill)
}

// MARK: Processes that run while the test does (added for the harvest tests)

/// A `transcripts` process started by `CLISandbox.start`: the test can watch it, signal it, and wait for it
/// without blocking a thread (an in-process emulator serving it needs the cooperative pool).
final class CLIProcess: @unchecked Sendable {
    let process: Process
    let arguments: [String]
    private let outURL: URL
    private let errURL: URL
    private let handles: [FileHandle]

    fileprivate init(process: Process, arguments: [String], outURL: URL, errURL: URL, handles: [FileHandle]) {
        self.process = process
        self.arguments = arguments
        self.outURL = outURL
        self.errURL = errURL
        self.handles = handles
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    /// Sends `signalNumber` (e.g. SIGKILL, SIGINT) to the process. False when it had already exited.
    @discardableResult
    func send(_ signalNumber: Int32) -> Bool {
        guard process.isRunning else { return false }
        return kill(process.processIdentifier, signalNumber) == 0
    }

    /// What the process wrote so far.
    var stdoutSoFar: String { (try? String(decoding: Data(contentsOf: outURL), as: UTF8.self)) ?? "" }
    var stderrSoFar: String { (try? String(decoding: Data(contentsOf: errURL), as: UTF8.self)) ?? "" }

    /// Waits (polling, without blocking a thread) until the process exits; after `timeout` seconds it is killed
    /// and the test fails. A process ended by a signal reports that signal's number as `status`.
    func finish(timeout: TimeInterval = 30, sourceLocation: SourceLocation = #_sourceLocation) async throws -> CLIResult {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                kill(process.processIdentifier, SIGKILL)
                Issue.record("transcripts \(arguments.joined(separator: " ")) ran longer than \(timeout) s",
                             sourceLocation: sourceLocation)
                while process.isRunning { try await Task.sleep(for: .milliseconds(5)) }
                break
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        return try result()
    }

    /// `finish`, blocking the calling thread: for synchronous tests that serve nothing in-process.
    func finishBlocking(timeout: TimeInterval = 30, sourceLocation: SourceLocation = #_sourceLocation) throws -> CLIResult {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                kill(process.processIdentifier, SIGKILL)
                Issue.record("transcripts \(arguments.joined(separator: " ")) ran longer than \(timeout) s",
                             sourceLocation: sourceLocation)
                break
            }
            Thread.sleep(forTimeInterval: 0.005)
        }
        process.waitUntilExit()
        return try result()
    }

    private func result() throws -> CLIResult {
        for handle in handles { try? handle.close() }
        return CLIResult(status: process.terminationStatus,
                         stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                         stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    /// True when the process was ended by a signal rather than exiting.
    var endedBySignal: Bool { !process.isRunning && process.terminationReason == .uncaughtSignal }
}

extension CLISandbox {
    /// Starts `transcripts arguments…` (environment as for `run`) and returns at once.
    func start(_ arguments: [String], environment: [String: String?] = [:], stdin: String? = nil,
               launcher: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) throws -> CLIProcess {
        let process = Process()
        let binary = try TranscriptsBinary.url(sourceLocation: sourceLocation)
        if let program = launcher.first {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = launcher.dropFirst() + [binary.path] + arguments
        } else {
            process.executableURL = binary
            process.arguments = arguments
        }
        process.currentDirectoryURL = work
        var env = ProcessInfo.processInfo.environment
        env["TRANSCRIPTS_DB"] = nil
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let id = UUID().uuidString
        let outURL = io.appendingPathComponent("\(id).out"), errURL = io.appendingPathComponent("\(id).err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        var handles = [out, err]
        process.standardOutput = out
        process.standardError = err
        if let stdin {
            let inURL = io.appendingPathComponent("\(id).in")
            try Data(stdin.utf8).write(to: inURL)
            let input = try FileHandle(forReadingFrom: inURL)
            handles.append(input)
            process.standardInput = input
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        do {
            try process.run()
        } catch {
            for handle in handles { try? handle.close() }
            throw error
        }
        return CLIProcess(process: process, arguments: arguments, outURL: outURL, errURL: errURL, handles: handles)
    }

    /// `run`, awaited without blocking a thread: for runs against an emulator served by this test process.
    func runAsync(_ arguments: [String], environment: [String: String?] = [:], launcher: [String] = [],
                  timeout: TimeInterval = 30, sourceLocation: SourceLocation = #_sourceLocation) async throws -> CLIResult {
        try await start(arguments, environment: environment, launcher: launcher, sourceLocation: sourceLocation)
            .finish(timeout: timeout, sourceLocation: sourceLocation)
    }
}

/// `withCLISandbox` for async bodies.
@discardableResult
func withAsyncCLISandbox<T>(_ body: (CLISandbox) async throws -> T) async throws -> T {
    let sandbox = try CLISandbox.make()
    defer { sandbox.remove() }
    return try await body(sandbox)
}
