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
            Bad records are reported as FILE:LINE and skipped; the rest load. Exit 1 when any record was skipped.
            """)

    @OptionGroup var common: CommonOptions

    @Argument(help: "Files to import; - or nothing reads standard input.")
    var files: [String] = []

    func run() async throws {
        let database = try IndexDatabase.openForWriting(path: common.databasePath)
        let importer = TwilioImporter(database: database)
        var summary = ImportSummary()
        for file in files.isEmpty ? ["-"] : files {
            do {
                summary += try importer.importSource(file)
            } catch {
                // What earlier files committed stays; say what they skipped before reporting this failure.
                if !common.json { for problem in summary.problems { Output.standardError("transcripts: \(problem)") } }
                throw error
            }
        }
        if common.json {
            Output.json(.object([
                ("added", .int(Int64(summary.counts.added))),
                ("updated", .int(Int64(summary.counts.updated))),
                ("unchanged", .int(Int64(summary.counts.unchanged))),
                ("texts", .int(Int64(summary.textsSet))),
                ("problems", .array(summary.problems.map { problem in
                    .object([("source", .string(problem.source)), ("line", .int(Int64(problem.line))),
                             ("message", .string(problem.message))])
                })),
            ]))
        } else {
            for problem in summary.problems { Output.standardError("transcripts: \(problem)") }
            var line = "imported: \(summary.counts.added) added, \(summary.counts.updated) updated, "
                + "\(summary.counts.unchanged) unchanged"
            if summary.textsSet > 0 { line += ", \(summary.textsSet) texts" }
            if !summary.problems.isEmpty { line += "; \(summary.problems.count) skipped (see above)" }
            Output.line(line)
        }
        if !summary.problems.isEmpty { throw ExitCode(1) }
    }
}
