import Dispatch
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// One URLSession data task, awaited with a deadline of our own and a cancellation that never blocks.
///
/// Why not `URLSession.data(for:)`: on Linux (swift-corelibs-foundation, measured on Swift 6.3.1) its
/// cancellation handler calls `URLSessionTask.cancel()`, which does a `DispatchQueue.sync` onto the session's
/// work queue, *while the Swift runtime holds the cancelled task's status lock*. If that work queue is at that
/// moment completing the same request, it waits for the same lock to resume the awaiting task: a deadlock. A
/// task group cancelling its in-flight requests (one failed, the others are cancelled) hit it in about one
/// harvest in four under malformed-response faults, and with it the cooperative thread pool (two threads on two
/// cores), so nothing else in the process ran again, signal handling included.
///
/// Here the request resumes exactly once, whichever comes first: URLSession's completion handler, the deadline,
/// or cancellation. Cancellation and the deadline only flip state under a short lock and hand the rest (resuming
/// the continuation, cancelling the URLSession task) to a global dispatch queue, so no path waits on URLSession
/// while holding anything. The deadline is enforced by a dispatch timer, whether or not URLSession honours its own
/// timeouts.
enum DeadlineRequest {
    /// The body and response of `request`, or throws: `CancellationError` when the calling task is cancelled,
    /// `URLError(.timedOut)` when `deadline` passes first, or URLSession's own error.
    static func data(for request: URLRequest, in session: URLSession,
                     deadline: Duration) async throws -> (Data, URLResponse) {
        let pending = Pending()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                guard pending.attach(continuation) else { return }  // cancelled before it started
                let task = session.dataTask(with: request) { data, response, error in
                    pending.complete(data: data, response: response, error: error)
                }
                if pending.attach(task) { task.resume() }
                DispatchQueue.global().asyncAfter(deadline: .now() + deadline.timeInterval) {
                    pending.expire()
                }
            }
        } onCancel: {
            pending.cancel()
        }
    }

    /// The state of one request: who resumes its continuation, and the URLSession task to cancel afterwards.
    private final class Pending: Sendable {
        private struct State {
            var continuation: CheckedContinuation<(Data, URLResponse), any Error>?
            var task: URLSessionDataTask?
            var cancelled = false
            var finished = false
        }

        private let state = Mutex(State())

        /// False when the task was cancelled first; the continuation has then been resumed already.
        func attach(_ continuation: CheckedContinuation<(Data, URLResponse), any Error>) -> Bool {
            let cancelled = state.withLock { state -> Bool in
                if state.cancelled { return true }
                state.continuation = continuation
                return false
            }
            if cancelled { continuation.resume(throwing: CancellationError()) }
            return !cancelled
        }

        /// False when the request was cancelled meanwhile: the task must then not start.
        func attach(_ task: URLSessionDataTask) -> Bool {
            state.withLock { state -> Bool in
                guard !state.finished else { return false }
                state.task = task
                return true
            }
        }

        /// URLSession's completion handler (its own delegate queue).
        func complete(data: Data?, response: URLResponse?, error: (any Error)?) {
            guard let continuation = state.withLock({ finish(&$0).continuation }) else { return }
            if let error {
                continuation.resume(throwing: error)
            } else if let response {
                continuation.resume(returning: (data ?? Data(), response))
            } else {
                continuation.resume(throwing: URLError(.badServerResponse))
            }
        }

        /// The cancellation handler: runs under the Swift runtime's task lock, so it must only flip state.
        func cancel() {
            let (continuation, task) = state.withLock { state in
                state.cancelled = true
                return finish(&state)
            }
            guard continuation != nil || task != nil else { return }
            DispatchQueue.global().async {
                continuation?.resume(throwing: CancellationError())
                task?.cancel()
            }
        }

        /// The deadline timer (a global dispatch queue, never the cooperative pool).
        func expire() {
            let (continuation, task) = state.withLock { finish(&$0) }
            continuation?.resume(throwing: URLError(.timedOut))
            task?.cancel()
        }

        /// Marks the request finished; returns what the caller must resume and cancel (nil when already done).
        private func finish(_ state: inout State) -> (continuation: CheckedContinuation<(Data, URLResponse), any Error>?,
                                                       task: URLSessionDataTask?) {
            guard !state.finished else { return (nil, nil) }
            state.finished = true
            defer {
                state.continuation = nil
                state.task = nil
            }
            return (state.continuation, state.task)
        }
    }
}

extension Duration {
    /// Seconds as a `TimeInterval`, for Dispatch and Foundation.
    var timeInterval: TimeInterval {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
