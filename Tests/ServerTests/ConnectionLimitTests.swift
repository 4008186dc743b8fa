import Foundation
import Testing
import TranscriptsServer

/// Issue 9, item 8: idle connections used to stay open forever, so about 20,000 of them (the descriptor limit)
/// stopped the server. A connection must now send its request head within the header timeout, a kept-alive one
/// is closed after the idle timeout, and beyond the connection cap new connections wait in the kernel's listen
/// queue instead of taking descriptors. Timeouts are short here so the tests stay bounded (a few seconds each).
@Suite("HTTP: connection timeouts and cap")
struct ConnectionLimitTests {
    @Test("idle and slowloris connections are closed after the header timeout; a normal client is answered meanwhile")
    func headerAndIdleTimeouts() async throws {
        let index = try IndexFixture.make(calls: 20)
        defer { index.remove() }
        // Timeouts of a few seconds, and lifetimes measured per connection from its connect: the whole suite
        // shares two cores, and the server accepts connections (and answers) on Swift's cooperative pool, which
        // other tests keep busy — under load a connection can wait in the listen queue long before its clock
        // starts. So a lifetime is never shorter than the timeout, and the upper bounds are generous: without
        // the timeouts these connections were never closed at all.
        let header = 3.0, idle = 6.0
        let configuration = ServerConfiguration(headerTimeout: .seconds(3), idleTimeout: .seconds(6), maxConnections: 512)
        try await withServer(index, configuration) { server in
            let port = server.port
            let (silent, slowloris) = try await offPool {
                let silent = try (0..<200).map { _ in (try RawConnection(port: port), Date()) }
                // Slowloris: a request head that never ends.
                let slowloris = try (0..<50).map { _ in
                    let connection = try RawConnection(port: port)
                    connection.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                    return (connection, Date())
                }
                return (silent, slowloris)
            }
            // An ordinary client is served while all 250 are open.
            let normal = try await request(server, "/healthz")
            let normalAnswered = Date()
            #expect(normal.status == 200)
            // One complete request on a connection that then stays open (keep-alive).
            let (keptAlive, keptAliveStatus, answeredAt) = try await offPool {
                let connection = try RawConnection(port: port)
                connection.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                let status = connection.readResponse(timeout: 10)?.status
                return (connection, status, Date())
            }
            #expect(keptAliveStatus == 200)

            // Watch them all from one thread; a trickle of header lines does not extend the slowloris deadline
            // (it is not an inactivity timer).
            let watched = try await offPool { () -> (silent: [Date?], slowloris: [Date?], keptAlive: Date?) in
                var silentClosed = [Date?](repeating: nil, count: silent.count)
                var slowClosed = [Date?](repeating: nil, count: slowloris.count)
                var keptAliveClosed: Date?
                while Date() < answeredAt.addingTimeInterval(idle + 20), keptAliveClosed == nil
                        || silentClosed.contains(nil) || slowClosed.contains(nil) {
                    for (number, (connection, _)) in silent.enumerated() where silentClosed[number] == nil {
                        if connection.state() == .closed { silentClosed[number] = Date() }
                    }
                    for (number, (connection, _)) in slowloris.enumerated() where slowClosed[number] == nil {
                        if !connection.send("X-Slow: 1\r\n") || connection.state() == .closed { slowClosed[number] = Date() }
                    }
                    if keptAliveClosed == nil, keptAlive.state() == .closed { keptAliveClosed = Date() }
                    Thread.sleep(forTimeInterval: 0.1)
                }
                return (silentClosed, slowClosed, keptAliveClosed)
            }
            for (kind, opened, closed) in [("silent", silent.map(\.1), watched.silent),
                                           ("slowloris", slowloris.map(\.1), watched.slowloris)] {
                let lifetimes = zip(opened, closed).compactMap { open, close in close.map { $0.timeIntervalSince(open) } }
                #expect(lifetimes.count == opened.count, "\(opened.count - lifetimes.count) \(kind) connections never closed")
                // The server's clock starts at accept, after connect returned: never before the timeout.
                #expect(lifetimes.allSatisfy { $0 >= header - 0.2 }, "a \(kind) connection closed after \(lifetimes.min() ?? 0) s")
                #expect(lifetimes.allSatisfy { $0 <= header + 20 }, "a \(kind) connection lived \(lifetimes.max() ?? 0) s")
            }
            let firstClosed = (watched.silent + watched.slowloris).compactMap { $0 }.min() ?? .distantFuture
            #expect(normalAnswered < firstClosed, "the normal client was answered only after the timeouts")
            // The kept-alive connection answered a request: the idle timeout applies to it, not the header one.
            let keptAliveLifetime = watched.keptAlive.map { $0.timeIntervalSince(answeredAt) }
            #expect(keptAliveLifetime.map { $0 >= header + 0.5 && $0 <= idle + 20 } == true,
                    "kept-alive connection closed \(String(describing: keptAliveLifetime)) s after its response (idle \(idle) s)")
        }
    }

    @Test("beyond the cap, connections wait without a descriptor and are served as slots free up")
    func connectionCap() async throws {
        let index = try IndexFixture.make(calls: 20)
        defer { index.remove() }
        // A header timeout far beyond the test: here the client frees the slots, so nothing depends on timing.
        let configuration = ServerConfiguration(headerTimeout: .seconds(60), idleTimeout: .seconds(60), maxConnections: 10)
        try await withServer(index, configuration) { server in
            let port = server.port
            let outcome = try await offPool { () throws -> (most: Int, whileFull: Int?, afterwards: Int?) in
                var silent = try (0..<30).map { _ in try RawConnection(port: port) }
                // The server accepts asynchronously: watch until the cap is reached, and a little longer.
                var most = 0
                var reachedAt: Date?
                let deadline = Date().addingTimeInterval(20)
                while Date() < deadline, reachedAt.map({ Date().timeIntervalSince($0) < 0.5 }) ?? true {
                    most = max(most, acceptedConnections(port: port))
                    if most >= 10, reachedAt == nil { reachedAt = Date() }
                    Thread.sleep(forTimeInterval: 0.05)
                }
                // A normal client now waits in the listen queue, behind 20 silent connections...
                let normal = try RawConnection(port: port)
                normal.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                let whileFull = normal.readResponse(timeout: 1)?.status
                most = max(most, acceptedConnections(port: port))
                // ...and is served once connections close.
                silent.removeFirst(25)
                let afterwards = normal.readResponse(timeout: 20)?.status
                return (most, whileFull, afterwards)
            }
            // NIO accepts up to 4 per read before the cap handler stops it.
            #expect((10...13).contains(outcome.most), "at most \(outcome.most) accepted at once with a cap of 10")
            #expect(outcome.whileFull == nil, "answered while the cap was full: the cap did not hold")
            #expect(outcome.afterwards == 200)
        }
    }

    @Test("the defaults: 10 s to send a request head, 60 s idle, 512 connections")
    func defaults() {
        let configuration = ServerConfiguration()
        #expect(configuration.headerTimeout == .seconds(10))
        #expect(configuration.idleTimeout == .seconds(60))
        #expect(configuration.maxConnections == 512)
        #expect(ServerConfiguration(maxConnections: 0).refusal != nil)
        #expect(ServerConfiguration(headerTimeout: .zero).refusal != nil)
        #expect(ServerConfiguration(idleTimeout: .seconds(-1)).refusal != nil)
    }

    @Test("a cap the descriptor limit cannot hold is refused at start")
    func capBeyondTheDescriptorLimit() async throws {
        let index = try IndexFixture.make(calls: 5)
        defer { index.remove() }
        await #expect(throws: TranscriptsServer.StartError.self) {
            try await withServer(index, ServerConfiguration(maxConnections: 100_000_000)) { _ in }
        }
    }
}

/// Runs blocking socket work off Swift's cooperative pool (two threads on this machine), which the server's
/// tests and URLSession's callbacks need.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
    }
}
