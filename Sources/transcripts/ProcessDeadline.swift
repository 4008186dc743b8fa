import Dispatch
import Foundation
import Synchronization

/// The harvest's last resort, outside Swift concurrency: a dispatch timer that ends the process if it is still
/// running at a deadline. The harvester's own watchdog cancels its work well before; this fires only if that
/// cancellation did not take (a wedged library call, a blocked cooperative pool), so a scheduled harvest can never
/// hold the index's lock forever. The kernel releases the lock with the process, and every committed page stays.
final class ProcessDeadline: Sendable {
    private let cancelled = Atomic<Bool>(false)

    init(after delay: Duration, exitCode: Int32, message: String) {
        let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [self] in
            guard !cancelled.load(ordering: .acquiring) else { return }
            Output.standardError("transcripts: " + message)
            exit(exitCode)
        }
    }

    func cancel() { cancelled.store(true, ordering: .releasing) }
}
