import Foundation

/// Keeps two harvests off one database: an exclusive `flock` on `<database>.harvest-lock`. The kernel releases
/// it when the process dies, even by SIGKILL, so a crashed run never leaves a stale lock behind.
public final class HarvestLock: Sendable {
    private let descriptor: Int32
    public let path: String

    public enum Failure: Error, Sendable, CustomStringConvertible {
        case heldByAnotherHarvest(path: String)
        case cannotOpen(path: String, reason: String)

        public var description: String {
            switch self {
            case .heldByAnotherHarvest(let path):
                return "another harvest is running on this index (lock \(path)); use --wait to wait for it"
            case .cannotOpen(let path, let reason):
                return "cannot open the harvest lock \(path): \(reason)"
            }
        }
    }

    /// Takes the lock for `databasePath`, waiting for the harvest that holds it when `wait`. The wait polls (a
    /// blocking `flock` would hold a thread of Swift's small cooperative pool, and could not be stopped): it ends
    /// with `CancellationError` when `stop` is requested or the task is cancelled.
    public static func acquire(databasePath: String, wait: Bool, stop: StopSignal,
                               poll: Duration = .milliseconds(200)) async throws -> HarvestLock {
        while true {
            do {
                return try HarvestLock(databasePath: databasePath, wait: false)
            } catch Failure.heldByAnotherHarvest where wait {
                if stop.isRequested { throw CancellationError() }
                try await Task.sleep(for: poll)
            }
        }
    }

    /// Takes the lock for `databasePath`. `wait: false` fails at once when another harvest holds it; `wait: true`
    /// blocks the calling thread until it is free (synchronous callers only; async code uses `acquire`).
    public init(databasePath: String, wait: Bool) throws {
        // Keyed on the resolved path: two spellings of one file (a symlink, a relative path) share one lock.
        path = URL(fileURLWithPath: databasePath).standardizedFileURL.resolvingSymlinksInPath().path + ".harvest-lock"
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw Failure.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        var result: Int32
        repeat {
            result = flock(descriptor, LOCK_EX | (wait ? 0 : LOCK_NB))
        } while result != 0 && errno == EINTR
        guard result == 0 else {
            let code = errno
            close(descriptor)
            if code == EWOULDBLOCK { throw Failure.heldByAnotherHarvest(path: path) }
            throw Failure.cannotOpen(path: path, reason: String(cString: strerror(code)))
        }
        self.descriptor = descriptor
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
