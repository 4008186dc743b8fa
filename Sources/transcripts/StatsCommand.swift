import ArgumentParser
import TranscriptIndex

struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Counts by status and source, date span, database size and the last harvests.")

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let stats = try IndexDatabase.openForReading(path: common.databasePath, announce: Output.standardError).stats()
        if common.json {
            Output.json(stats.json)
            return
        }
        Output.line(TerminalStyle.bold("\(stats.transcriptions) transcriptions, \(stats.recordings) recordings"))
        for (status, count) in stats.byStatus { Output.line("  \(status): \(count)") }
        Output.line("sources   " + stats.bySource.map { "\($0.source) \($0.count)" }.joined(separator: ", "))
        Output.line("created   \(humanDate(stats.earliest)) … \(humanDate(stats.latest))")
        Output.line("database  \(humanBytes(stats.databaseBytes))  (schema \(stats.schemaVersion))")
        if stats.recentRuns.isEmpty {
            Output.line("harvests  none yet")
        } else {
            Output.line("last harvests:")
            for run in stats.recentRuns {
                var line = "  \(humanDate(run.startedAt))  \(run.source ?? "import")  \(run.mode)  \(run.outcome)  "
                    + "+\(run.added) ~\(run.updated) -\(run.deleted)  \(run.pages) pages, \(run.requests) requests"
                if let error = run.error { line += "  error: \(error)" }
                Output.line(line)
            }
        }
    }
}
