import ArgumentParser
import Foundation
import Logging
import TranscriptIndex
import TwilioClient
import TwilioHarvest

struct HarvestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "harvest",
        abstract: "Fetch every Twilio source into the index: v2010 transcriptions (with their recordings' metadata) and Conversational Intelligence transcripts.",
        discussion: """
            Credentials: TWILIO_ACCOUNT_SID + TWILIO_AUTH_TOKEN, or TWILIO_API_KEY + TWILIO_API_SECRET +
            TWILIO_ACCOUNT_SID, from the environment or from --credentials-file (NAME=value lines, mode 0600).
            API host: --api-base, else TWILIO_API_BASE, else https://api.{edge}.{region}.twilio.com from
            TWILIO_EDGE / TWILIO_REGION, else https://api.twilio.com; Intelligence at
            https://intelligence.twilio.com. --api-base / TWILIO_API_BASE replaces every product's host.
            Sources run in turn, each with its own run record; a source that fails does not stop the others.
            Incremental by default; --full also removes what was deleted upstream.
            Exit codes: 0 done, 1 failed (or another harvest holds the index), 2 usage, 3 credentials refused,
            130 stopped by a signal before the end.
            """)

    @OptionGroup var common: CommonOptions

    @Flag(help: "Walk everything, refresh all recordings, and remove documents deleted upstream.")
    var full = false

    @Option(help: ArgumentHelp("Repeat every interval (e.g. 15m, 1h, 90s) until stopped.", valueName: "interval"))
    var every: String?

    @Option(name: .customLong("full-every"),
            help: ArgumentHelp("With --every: make a run --full when the last full one is older than this (e.g. 24h).",
                               valueName: "interval"))
    var fullEvery: String?

    @Option(help: ArgumentHelp("Only these sources, repeatable or comma-separated: transcription (v2010 Recording "
                               + "Transcriptions), intelligence (Conversational Intelligence). Default: every source.",
                               valueName: "source"))
    var source: [String] = []

    @Flag(help: "Wait for another harvest of the same index to finish instead of exiting.")
    var wait = false

    @Option(help: "Parallel per-item requests (texts, recordings), 1–32.")
    var concurrency = 4

    @Option(name: .customLong("page-size"), help: "Items per list request, 1–1000.")
    var pageSize = 1000

    @Option(name: .customLong("api-base"), help: ArgumentHelp("Twilio API base URL (tests, the emulator).", valueName: "url"))
    var apiBase: String?

    @Option(name: .customLong("credentials-file"), help: ArgumentHelp("A 0600 file of TWILIO_* lines.", valueName: "path"))
    var credentialsFile: String?

    @Option(name: .customLong("max-runtime"),
            help: ArgumentHelp("Stop a run still going after this long (e.g. 6h, 90m), or off. The next run resumes it.",
                               valueName: "interval"))
    var maxRuntime = "6h"

    @Flag(help: "No progress output.")
    var quiet = false

    func validate() throws {
        guard (1...32).contains(concurrency) else { throw ValidationError("--concurrency must be 1–32") }
        guard (1...1000).contains(pageSize) else { throw ValidationError("--page-size must be 1–1000") }
        do {
            _ = try DocumentSource.parse(source)
        } catch let error as IndexError {
            throw ValidationError("--source: " + error.message)
        }
        if let every, HarvestInterval.seconds(every) == nil {
            throw ValidationError("--every \(every) is not an interval like 15m, 1h or 90s")
        }
        if maxRuntime != "off", HarvestInterval.seconds(maxRuntime) == nil {
            throw ValidationError("--max-runtime \(maxRuntime) is not an interval like 6h or 90m, or off")
        }
        if let fullEvery {
            guard every != nil else { throw ValidationError("--full-every needs --every") }
            guard HarvestInterval.seconds(fullEvery) != nil else {
                throw ValidationError("--full-every \(fullEvery) is not an interval like 24h")
            }
        }
    }

    func run() async throws {
        let logger = Logger(label: "transcripts.harvest")
        let client = try TwilioAccess.client(credentialsFile: credentialsFile, apiBase: apiBase, connections: concurrency,
                                             logger: logger)
        let database = try IndexDatabase.openForWriting(path: common.databasePath, announce: Output.standardError)
        let stop = StopSignal()
        let display = HarvestProgressDisplay(quiet: quiet || common.json)
        let grace = HarvestOptions().stopGrace
        stop.installHandlers { _ in
            display.notice("stopping after the current page, within \(Self.seconds(grace)) s (signal again to quit now)")
            // Never disarmed: after a signal the process ends one way or the other.
            _ = ProcessDeadline(after: grace + Self.lastResortMargin, exitCode: 130,
                                message: "the harvest did not stop within \(Self.seconds(grace + Self.lastResortMargin)) s "
                                    + "of the signal; exiting (committed pages are kept)")
        }

        guard let every else {
            let summary = try await harvestOnce(client: client, database: database, stop: stop, display: display,
                                                mode: full ? .full : .incremental, logger: logger)
            exit(with: summary)
        }
        // The schedule: a failed run is logged and retried at the next tick; the loop ends only on a signal.
        let interval = HarvestInterval.seconds(every)!
        let fullInterval = fullEvery.flatMap(HarvestInterval.seconds)
        var lastFull: Date? = nil
        var generator = SystemRandomNumberGenerator()
        while !stop.isRequested {
            let wantsFull = full && lastFull == nil
                || fullInterval.map { interval in lastFull.map { Date().timeIntervalSince($0) >= interval } ?? true } ?? false
            do {
                let summary = try await harvestOnce(client: client, database: database, stop: stop, display: display,
                                                    mode: wantsFull ? .full : .incremental, logger: logger)
                if wantsFull, summary.outcome == .succeeded { lastFull = Date() }
            } catch let error as IndexError {
                display.notice("harvest skipped: \(error.message)")
            }
            // ±10% jitter, so many schedules started together do not hit the API in step.
            let delay = interval * Double.random(in: 0.9...1.1, using: &generator)
            display.notice("next harvest in \(Int(delay.rounded())) s")
            let deadline = Date().addingTimeInterval(delay)
            while !stop.isRequested, Date() < deadline {
                try? await Task.sleep(for: .milliseconds(250))
            }
        }
    }

    private func harvestOnce(client: TwilioClient, database: IndexDatabase, stop: StopSignal,
                             display: HarvestProgressDisplay, mode: HarvestOptions.Mode,
                             logger: Logger) async throws -> HarvestSummary {
        let lock: HarvestLock
        do {
            lock = try await HarvestLock.acquire(databasePath: common.databasePath, wait: wait, stop: stop)
        } catch is CancellationError {
            throw ExitCode(130)
        } catch {
            throw IndexError(.database, "\(error)")
        }
        defer { withExtendedLifetime(lock) {} }
        let limit = maxRuntimeLimit
        let harvester = Harvester(
            client: client, database: database,
            sources: try HarvestSources.selected(source, region: ProcessInfo.processInfo.environment["TWILIO_REGION"],
                                                 explicitBase: apiBase != nil
                                                     || !(ProcessInfo.processInfo.environment["TWILIO_API_BASE"] ?? "").isEmpty),
            options: harvestOptions(mode: mode, maxRuntime: limit),
            stop: stop, observer: display, logger: logger)
        let lastResort = limit.map { limit in
            ProcessDeadline(after: limit + Self.lastResortMargin, exitCode: 1,
                            message: "the harvest ran past --max-runtime \(maxRuntime) and did not stop; exiting "
                                + "(committed pages are kept, the next run resumes)")
        }
        let summary = await harvester.run()
        lastResort?.cancel()
        display.endLine()
        if common.json {
            Output.json(summary.json)
        } else if !quiet {
            for report in summary.reports {
                var line = "\(report.source) \(report.mode) harvest \(report.outcome.rawValue): \(report.items) items in "
                    + "\(report.pages) pages, \(report.counts.added) added, \(report.counts.updated) updated, "
                    + "\(report.counts.deleted) deleted; \(report.requests) requests (\(report.retries) retries), "
                    + String(format: "%.1f s", report.seconds)
                if report.problems > 0 { line += "; \(report.problems) without text (see show)" }
                if let error = report.error { line += "\nerror: \(error)" }
                Output.standardError(line)
            }
        }
        return summary
    }

    private func harvestOptions(mode: HarvestOptions.Mode, maxRuntime: Duration?) -> HarvestOptions {
        var options = HarvestOptions(mode: mode, pageSize: pageSize, concurrency: concurrency, maxRuntime: maxRuntime)
        // Without --source: every source the credentials can read. A named source must be readable.
        options.skipsForbiddenSources = source.isEmpty
        return options
    }

    /// The run-time limit, nil for `--max-runtime off`.
    private var maxRuntimeLimit: Duration? {
        HarvestInterval.seconds(maxRuntime).map { .milliseconds(Int64(($0 * 1000).rounded())) }
    }

    /// How long past the harvester's own limits the process-level deadline waits before it exits.
    private static let lastResortMargin: Duration = .seconds(10)

    private static func seconds(_ duration: Duration) -> Int64 { duration.components.seconds }

    private func exit(with summary: HarvestSummary) -> Never {
        switch summary.outcome {
        case .succeeded, .skipped: Foundation.exit(0)
        case .interrupted: Foundation.exit(130)
        case .failed: Foundation.exit(summary.authenticationFailed ? 3 : 1)
        }
    }
}
