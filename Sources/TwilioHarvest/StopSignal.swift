import Foundation
import Synchronization

/// SIGINT/SIGTERM ask a harvest to stop after the page it is committing, rather than die mid-page.
/// A second signal exits at once (the committed pages are safe either way).
public final class StopSignal: Sendable {
    private let requested = Atomic<Bool>(false)
    private let sources: Mutex<[RetainedSource]> = Mutex([])

    public init() {}

    public var isRequested: Bool { requested.load(ordering: .relaxed) }

    public func request() { requested.store(true, ordering: .relaxed) }

    /// Installs the handlers (the default action is replaced so the process survives the first signal).
    public func installHandlers(onFirstSignal: @escaping @Sendable (Int32) -> Void = { _ in }) {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [self] in
                if requested.exchange(true, ordering: .relaxed) {
                    exit(128 + signalNumber)
                }
                onFirstSignal(signalNumber)
            }
            source.resume()
            let retained = RetainedSource(source: source)
            sources.withLock { $0.append(retained) }
        }
    }
}

/// Keeps a signal source alive for the life of the handler; DispatchSource is thread-safe but not marked Sendable.
private struct RetainedSource: @unchecked Sendable {
    let source: any DispatchSourceSignal
}
