import ArgumentParser
import Foundation
import TranscriptIndex

/// `transcripts` — search Twilio call transcriptions from one SQLite file.
struct Transcripts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transcripts",
        abstract: "Make Twilio call transcripts searchable: harvest or import them into one SQLite file, then search.",
        discussion: """
            The index is --db PATH, else $TRANSCRIPTS_DB, else ./transcripts.sqlite.
            Exit codes: 0 success, 1 failure (no index, not an index, not found, I/O), 2 usage error (bad parameter or query).
            """,
        subcommands: [SearchCommand.self, ShowCommand.self, StatsCommand.self, ImportCommand.self, HarvestCommand.self,
                      ServeCommand.self, MediaCommand.self]
    )
}

/// Options every command shares.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The index file.", valueName: "path"))
    var db: String?

    @Flag(name: .long, help: "Print JSON (a stable contract; errors too, as {\"error\": {\"code\", \"message\"}}).")
    var json = false

    var databasePath: String { Self.databasePath(db) }

    /// --db, else $TRANSCRIPTS_DB, else ./transcripts.sqlite.
    static func databasePath(_ db: String?) -> String {
        if let db { return db }
        if let fromEnvironment = ProcessInfo.processInfo.environment["TRANSCRIPTS_DB"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return "transcripts.sqlite"
    }
}

@main
enum Main {
    static func main() async {
        let wantsJSON = CommandLine.arguments.dropFirst().contains("--json")
        do {
            var command = try Transcripts.parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as IndexError {
            Output.fail(error, json: wantsJSON)
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            // swift-argument-parser: help and version are clean exits; anything else is a usage error (exit 2,
            // not its default 64, so every usage error of this tool has one code).
            if Transcripts.exitCode(for: error) == .success {
                print(Transcripts.fullMessage(for: error))
                Foundation.exit(0)
            }
            if wantsJSON {
                Output.fail(IndexError(.invalidParameter, Transcripts.message(for: error)), json: true)
            }
            Output.standardError(Transcripts.fullMessage(for: error))
            Foundation.exit(2)
        }
    }
}
