import Foundation
import Synchronization
import TwilioHarvest

/// Shows a harvest as it goes, on stderr (stdout stays clean for --json): one self-updating line on a
/// terminal; a plain log line per page otherwise (systemd's journal, cron mail).
final class HarvestProgressDisplay: HarvestObserver {
    private let interactive: Bool
    private let quiet: Bool
    private let lastLength = Mutex(0)

    init(quiet: Bool) {
        interactive = isatty(STDERR_FILENO) == 1
        self.quiet = quiet
    }

    func progress(_ report: HarvestReport) {
        guard !quiet else { return }
        let rate = report.seconds > 0 ? Double(report.items) / report.seconds : 0
        let line = "\(report.source) \(report.mode): \(report.pages) pages, \(report.items) items (+\(report.counts.added) "
            + "~\(report.counts.updated) -\(report.counts.deleted)), \(report.requests) requests, "
            + "\(report.retries) retries, \(Int(rate)) items/s"
        if interactive {
            lastLength.withLock { last in
                let padding = String(repeating: " ", count: max(0, last - line.count))
                FileHandle.standardError.write(Data(("\r" + line + padding).utf8))
                last = line.count
            }
        } else {
            Output.standardError(timestamp() + " " + line)
        }
    }

    func notice(_ message: String) {
        guard !quiet else { return }
        endLine()
        Output.standardError((interactive ? "" : timestamp() + " ") + message)
    }

    /// Ends the self-updating line so the next output starts on its own.
    func endLine() {
        guard interactive else { return }
        lastLength.withLock { last in
            if last > 0 { FileHandle.standardError.write(Data("\n".utf8)) }
            last = 0
        }
    }

    private func timestamp() -> String {
        TwilioDateFormatting.now()
    }
}

enum TwilioDateFormatting {
    static func now() -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: Date())
    }
}
