#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps the connection cap under the process's descriptor limit (`ulimit -n`), so the cap — not the kernel —
/// is what stops new connections: past the limit, `accept` fails and a server can no longer even open its index.
enum DescriptorBudget {
    /// Descriptors needed besides the connections: the index's read-only SQLite connections (each the file, its
    /// -wal and -shm), NIO's event loops (an epoll, an eventfd and a timerfd each), the listening socket, stdio.
    static let reserve = 64

    /// Nil when `connections` fit; raises the soft limit toward the hard one when that makes them fit (any
    /// process may, as Go's runtime does at start); otherwise says why the server must not start.
    static func problem(connections: Int) -> String? {
        var limit = rlimit()
        guard getrlimit(resourceNoFile, &limit) == 0 else { return nil }  // unknown: leave it to the kernel
        let needed = rlim_t(clamping: connections) &+ rlim_t(reserve)
        if limit.rlim_cur == unlimited || limit.rlim_cur >= needed { return nil }
        if limit.rlim_max == unlimited || limit.rlim_max >= needed {
            var raised = limit
            raised.rlim_cur = needed
            if setrlimit(resourceNoFile, &raised) == 0 { return nil }
        }
        return "--max-connections \(connections) needs about \(needed) file descriptors, but the limit is "
            + "\(limit.rlim_cur) (ulimit -n; at most \(limit.rlim_max)): lower --max-connections or raise the limit"
    }

    #if canImport(Glibc)
    private static let resourceNoFile = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    private static let unlimited = rlim_t.max  // RLIM_INFINITY, ~0 (Swift does not import the macro)
    #else
    private static let resourceNoFile = RLIMIT_NOFILE
    private static let unlimited = RLIM_INFINITY
    #endif
}
