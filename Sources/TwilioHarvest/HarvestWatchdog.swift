/// The limits that make every harvest end: a whole-run deadline (`--max-runtime`), and a short grace after a stop
/// request (SIGINT/SIGTERM) for the page in flight to commit. Whichever passes first cancels the run's work;
/// every wait in it (requests, backoff sleeps, per-item fan-outs) ends promptly on cancellation.
struct HarvestWatchdog: Sendable {
    enum Limit: Sendable, Equatable {
        /// The run was still going when its maximum run time passed.
        case maxRuntime(Duration)
        /// A stop was requested and the page in flight did not commit within the grace.
        case stopGraceExpired
    }

    let stop: StopSignal
    let maxRuntime: Duration?
    let stopGrace: Duration
    /// How often the limits are checked: a stop takes at most the grace plus this to take effect.
    let tick: Duration = .milliseconds(100)

    /// Returns the limit that passed, or nil once cancelled (the run ended first).
    func watch(since started: ContinuousClock.Instant, clock: ContinuousClock = ContinuousClock()) async -> Limit? {
        var stopSeen: ContinuousClock.Instant?
        while true {
            do {
                try await Task.sleep(for: tick)
            } catch {
                return nil
            }
            let now = clock.now
            if let maxRuntime, now - started >= maxRuntime { return .maxRuntime(maxRuntime) }
            if stop.isRequested {
                if let seen = stopSeen {
                    if now - seen >= stopGrace { return .stopGraceExpired }
                } else {
                    stopSeen = now
                }
            }
        }
    }
}

extension Duration {
    /// "6h", "90m", "45s", "1.5s": the run-time limit as a person writes it.
    var humanReadable: String {
        let seconds = Double(components.seconds) + Double(components.attoseconds) / 1e18
        if seconds >= 3600, seconds.truncatingRemainder(dividingBy: 3600) == 0 { return "\(Int(seconds / 3600))h" }
        if seconds >= 60, seconds.truncatingRemainder(dividingBy: 60) == 0 { return "\(Int(seconds / 60))m" }
        if seconds == seconds.rounded() { return "\(Int(seconds))s" }
        return "\(seconds)s"
    }
}
