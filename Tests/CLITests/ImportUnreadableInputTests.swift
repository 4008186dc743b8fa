import Foundation
import Testing

/// `import` given inputs it cannot read — a directory, a missing file, a file it may not open, bytes that are
/// not UTF-8 — reports each as one problem, imports everything else, prints its summary, and exits 1.
@Suite("CLI: import of unreadable inputs")
struct ImportUnreadableInputTests {
    static func record(_ letter: Character, text: String) -> String {
        """
        {"sid": "\(placeholder("TR", letter))", "status": "completed", "date_created": "Tue, 05 Mar 2024 14:02:11 +0000", "date_updated": "Tue, 05 Mar 2024 14:02:11 +0000", "transcription_text": "\(text)"}
        """
    }

    struct Inputs {
        var files: [String]
        var directory, missing, notUTF8Text, locked, mixed: String
        /// Offsets of the invalid bytes in `notUTF8Text` and in `mixed`.
        var textOffset, mixedOffset: Int
        /// Runs the binary as an unprivileged user when this process is root (root may open the locked file).
        var launcher: [String]
        /// A directory that user may write the index into.
        var indexDirectory: String
    }

    static func makeInputs(in sandbox: CLISandbox) throws -> Inputs {
        let good1 = try sandbox.write("good1.ndjson", record("a", text: "alpha invoice") + "\n"
                                      + record("b", text: "bravo invoice") + "\n")
        let directory = sandbox.path("exports")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        let missing = sandbox.path("missing.ndjson")
        let notUTF8Text = sandbox.path("\(placeholder("TR", "b")).txt")
        try (Data("hello ".utf8) + [0xFF, 0xFE] + Data(" world".utf8)).write(to: URL(fileURLWithPath: notUTF8Text))
        let locked = try sandbox.write("locked.ndjson", record("e", text: "echo invoice") + "\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: locked)
        // Line 2 holds "café" in Latin-1: 0xE9 is not UTF-8.
        let firstLine = Data((record("d", text: "delta invoice") + "\n").utf8)
        let secondLine = Array(record("f", text: "caf\u{1}").utf8)
        let marker = try #require(secondLine.firstIndex(of: 0x01))
        var mixedBytes = firstLine
        mixedBytes.append(contentsOf: secondLine.map { $0 == 0x01 ? 0xE9 : $0 } + [0x0A])
        let mixed = sandbox.path("mixed.ndjson")
        try mixedBytes.write(to: URL(fileURLWithPath: mixed))
        let good2 = try sandbox.write("good2.ndjson", record("c", text: "charlie invoice") + "\n")

        let indexDirectory = sandbox.path("index")
        try FileManager.default.createDirectory(atPath: indexDirectory, withIntermediateDirectories: false)
        var launcher: [String] = []
        if geteuid() == 0 {
            let setpriv = "/usr/bin/setpriv"
            try #require(FileManager.default.isExecutableFile(atPath: setpriv),
                         "running as root: setpriv is needed to run the binary as a user the locked file refuses")
            launcher = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
            try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: indexDirectory)
        }
        return Inputs(files: [good1, directory, missing, notUTF8Text, locked, mixed, good2], directory: directory,
                      missing: missing, notUTF8Text: notUTF8Text, locked: locked, mixed: mixed, textOffset: 6,
                      mixedOffset: firstLine.count + marker, launcher: launcher, indexDirectory: indexDirectory)
    }

    @Test func eachUnreadableInputIsOneProblemAndEverythingElseIsImported() async throws {
        try await withAsyncCLISandbox { sandbox in
            let inputs = try Self.makeInputs(in: sandbox)
            let db = inputs.indexDirectory + "/index.sqlite"
            let result = try await sandbox.runAsync(["import", "--db", db] + inputs.files, launcher: inputs.launcher)
            #expect(result.status == 1, "\(result)")
            #expect(result.stderr.split(separator: "\n").map(String.init) == [
                "transcripts: \(inputs.directory): is a directory",
                "transcripts: \(inputs.missing): no such file",
                "transcripts: \(inputs.notUTF8Text): not UTF-8 (invalid byte at offset \(inputs.textOffset))",
                "transcripts: \(inputs.locked): permission denied",
                "transcripts: \(inputs.mixed):2: not UTF-8 (invalid byte at offset \(inputs.mixedOffset))",
            ], "\(result)")
            #expect(result.stdout == "imported: 4 added, 0 updated, 0 unchanged; 1 skipped, 4 files not read (see above)\n",
                    "\(result)")
            let search = try await sandbox.runAsync(["search", "invoice", "--sort", "oldest", "--db", db, "--json"])
            #expect(Set(try search.sids()) == Set(["a", "b", "c", "d"].map { placeholder("TR", Character($0)) }),
                    "\(search)")
        }
    }

    @Test func underJSONTheSummaryListsEachUnreadableFileWithANullLine() async throws {
        try await withAsyncCLISandbox { sandbox in
            let inputs = try Self.makeInputs(in: sandbox)
            let result = try await sandbox.runAsync(["import", "--db", inputs.indexDirectory + "/index.sqlite", "--json"]
                                         + inputs.files, launcher: inputs.launcher)
            #expect(result.status == 1, "\(result)")
            #expect(result.stderr == "", "\(result)")
            let body = try result.json()
            #expect(body["added"] as? Int == 4, "\(result)")
            let problems = try #require(body["problems"] as? [[String: Any]], "\(result)")
            #expect(problems.map { $0["source"] as? String } == [inputs.directory, inputs.missing, inputs.notUTF8Text,
                                                                inputs.locked, inputs.mixed], "\(result)")
            #expect(problems.map { $0["line"] is NSNull } == [true, true, true, true, false], "\(result)")
            #expect(problems.last?["line"] as? Int == 2, "\(result)")
            #expect(problems.map { $0["message"] as? String } == [
                "is a directory", "no such file", "not UTF-8 (invalid byte at offset \(inputs.textOffset))",
                "permission denied", "not UTF-8 (invalid byte at offset \(inputs.mixedOffset))",
            ], "\(result)")
        }
    }
}
