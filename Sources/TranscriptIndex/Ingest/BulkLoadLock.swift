import Foundation

/// Held by the import that loads in bulk, from its marker to its end: an exclusive `flock` on
/// `<database>.import-lock`. The kernel releases it when the process dies, even by SIGKILL, so a writer that finds
/// the marker and can take the lock knows that the load was interrupted (and finishes it); one that cannot
/// leaves a live import alone.
final class BulkLoadLock {
    private let descriptor: Int32

    /// The lock, or nil when another process holds it.
    static func take(databasePath: String) throws -> BulkLoadLock? {
        // Keyed on the resolved path: two spellings of one file (a symlink, a relative path) share one lock.
        let path = URL(fileURLWithPath: databasePath).standardizedFileURL.resolvingSymlinksInPath().path + ".import-lock"
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw IndexError(.database, "cannot open the import lock \(path): \(String(cString: strerror(errno)))")
        }
        var result: Int32
        repeat { result = flock(descriptor, LOCK_EX | LOCK_NB) } while result != 0 && errno == EINTR
        guard result == 0 else {
            let code = errno
            close(descriptor)
            if code == EWOULDBLOCK { return nil }
            throw IndexError(.database, "cannot take the import lock \(path): \(String(cString: strerror(code)))")
        }
        return BulkLoadLock(descriptor: descriptor)
    }

    private init(descriptor: Int32) { self.descriptor = descriptor }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
