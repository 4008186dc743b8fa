import ArgumentParser
import TranscriptIndex

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load Twilio JSON (list pages, single resources, NDJSON) and TR….txt texts into the index.",
        discussion: """
            Shapes are detected: {"transcriptions": [...]} and {"recordings": [...]} list pages, single
            Transcription or Recording resources, arrays of them, or NDJSON of any of these. A file named
            TR<32 hex>.txt holds the text of that transcription (Twilio's .txt representation).
            Bad records are reported as FILE:LINE and skipped, unreadable files as FILE; the rest load.
            Exit 1 when anything was reported.
            """)

    @OptionGroup var common: CommonOptions

    @Argument(help: "Files to import; - or nothing reads standard input.")
    var files: [String] = []

    func run() async throws {
        let database = try IndexDatabase.openForWriting(path: common.databasePath, announce: Output.standardError)
        let importer = TwilioImporter(database: database)
        var summary = ImportSummary()
        do {
            try importer.importSources(files.isEmpty ? ["-"] : files, into: &summary)
        } catch {
            // What earlier files committed stays; say what they skipped before reporting this failure.
            if !common.json { for problem in summary.problems { Output.standardError("transcripts: \(problem)") } }
            throw error
        }
        if common.json {
            Output.json(.object([
                ("added", .int(Int64(summary.counts.added))),
                ("updated", .int(Int64(summary.counts.updated))),
                ("unchanged", .int(Int64(summary.counts.unchanged))),
                ("texts", .int(Int64(summary.textsSet))),
                ("problems", .array(summary.problems.map { problem in
                    .object([("source", .string(problem.source)), ("line", .optional(problem.line)),
                             ("message", .string(problem.message))])
                })),
            ]))
        } else {
            for problem in summary.problems { Output.standardError("transcripts: \(problem)") }
            var line = "imported: \(summary.counts.added) added, \(summary.counts.updated) updated, "
                + "\(summary.counts.unchanged) unchanged"
            if summary.textsSet > 0 { line += ", \(summary.textsSet) texts" }
            if !summary.problems.isEmpty { line += "; " + Self.problemCounts(summary.problems) + " (see above)" }
            Output.line(line)
        }
        if !summary.problems.isEmpty { throw ExitCode(1) }
    }

    /// "2 skipped, 1 file not read": what the problems cost, by kind.
    static func problemCounts(_ problems: [ImportProblem]) -> String {
        func count(_ effect: ImportProblem.Effect) -> Int { problems.filter { $0.effect == effect }.count }
        func files(_ n: Int) -> String { n == 1 ? "1 file" : "\(n) files" }
        var parts: [String] = []
        if count(.recordSkipped) > 0 { parts.append("\(count(.recordSkipped)) skipped") }
        if count(.recordRepaired) > 0 { parts.append("\(count(.recordRepaired)) repaired") }
        if count(.fileNotRead) > 0 { parts.append(files(count(.fileNotRead)) + " not read") }
        if count(.fileReadInPart) > 0 { parts.append(files(count(.fileReadInPart)) + " read in part") }
        return parts.joined(separator: ", ")
    }
}
