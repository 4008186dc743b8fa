import Synchronization
import TwilioCorpus

/// What the emulator does to one request instead of (or before) answering it.
enum Fault: Equatable {
    case none
    case rateLimited(retryAfterSeconds: Int?)
    case serverError(status: Int)
    case dropConnection
    case malformedBody
}

/// Draws one fault per request from a seeded generator, so a run with the same seed and the same request order
/// sees the same faults. The configuration can change while serving (tests turn faults on between harvests).
public final class FaultInjector: Sendable {
    private struct State {
        var configuration: FaultConfiguration
        var random: SplitMix64
    }

    private let state: Mutex<State>

    init(_ configuration: FaultConfiguration) {
        state = Mutex(State(configuration: configuration, random: SplitMix64(seed: configuration.seed)))
    }

    /// The current configuration; setting it restarts the fault sequence from its seed.
    public var configuration: FaultConfiguration {
        get { state.withLock { $0.configuration } }
        set { state.withLock { $0 = State(configuration: newValue, random: SplitMix64(seed: newValue.seed)) } }
    }

    /// The fault for the next request, and the latency to add before it.
    func next() -> (fault: Fault, latencyMilliseconds: Int) {
        state.withLock { state in
            let faults = state.configuration
            // Draw the same number of values whatever the outcome, so one rate change does not reshuffle the rest.
            let roll = state.random.unit(), detail = state.random.unit()
            let fault: Fault
            if roll < faults.dropRate {
                fault = .dropConnection
            } else if roll < faults.dropRate + faults.rateLimitRate {
                fault = .rateLimited(retryAfterSeconds: detail < faults.retryAfterRate ? faults.retryAfterSeconds : nil)
            } else if roll < faults.dropRate + faults.rateLimitRate + faults.serverErrorRate {
                fault = .serverError(status: detail < 0.5 ? 500 : 503)
            } else if roll < faults.dropRate + faults.rateLimitRate + faults.serverErrorRate + faults.malformedRate {
                fault = .malformedBody
            } else {
                fault = .none
            }
            return (fault, faults.latencyMilliseconds)
        }
    }
}
