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
        let configuration = ServerConfiguration(headerTimeout: .seconds(1), idleTimeout: .seconds(3), maxConnections: 512)
        try await withServer(index, configuration) { server in
            let port = server.port
            let (idle, slow, keptAlive, keptAliveStatus, start) = try await offPool {
                let idle = try (0..<200).map { _ in try RawConnection(port: port) }
                // Slowloris: a request head that never ends.
                let slow = try (0..<50).map { _ in
                    let connection = try RawConnection(port: port)
                    connection.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                    return connection
                }
                // One complete request on a connection that then stays open (keep-alive).
                let keptAlive = try RawConnection(port: port)
                keptAlive.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                let status = keptAlive.readResponse(timeout: 5)?.status
                return (idle, slow, keptAlive, status, Date())
            }
            #expect(keptAliveStatus == 200)
            // All 250 are open, and an ordinary client is served.
            let normal = try await request(server, "/healthz")
            #expect(normal.status == 200)
            // Not closed at once: the timeout closes them, not their mere existence.
            #expect(idle.allSatisfy { $0.state() == .open } && slow.allSatisfy { $0.state() == .open })

            // A trickle of header lines does not extend the deadline (it is not an inactivity timer).
            let closedAfter: [TimeInterval] = try await offPool {
                var closedAfter: [Int: TimeInterval] = [:]
                while Date().timeIntervalSince(start) < 3.0, closedAfter.count < slow.count {
                    for (number, connection) in slow.enumerated() where closedAfter[number] == nil {
                        if !connection.send("X-Slow: 1\r\n") || connection.state() == .closed {
                            closedAfter[number] = Date().timeIntervalSince(start)
                        }
                    }
                    Thread.sleep(forTimeInterval: 0.2)
                }
                return Array(closedAfter.values)
            }
            #expect(closedAfter.count == slow.count, "\(slow.count - closedAfter.count) slowloris connections still open")
            #expect(closedAfter.allSatisfy { $0 >= 0.7 }, "closed before the timeout: \(closedAfter.min() ?? 0) s")

            let idleOpen = try await offPool {
                idle.filter { !$0.waitUntilClosed(timeout: max(0, 2.5 - Date().timeIntervalSince(start))) }.count
            }
            #expect(idleOpen == 0, "\(idleOpen) idle connections still open 2.5 s after a 1 s header timeout")

            // The kept-alive connection answered a request: the idle timeout (3 s) applies to it, not the header one.
            #expect(keptAlive.state() == .open, "closed \(Date().timeIntervalSince(start)) s after its response")
            let keptAliveClosed = try await offPool { keptAlive.waitUntilClosed(timeout: 4.5 - Date().timeIntervalSince(start)) }
            #expect(keptAliveClosed, "still open \(Date().timeIntervalSince(start)) s after its response, idle timeout 3 s")
        }
    }

    @Test("beyond the cap, connections wait without a descriptor and are served as slots free up")
    func connectionCap() async throws {
        let index = try IndexFixture.make(calls: 20)
        defer { index.remove() }
        let configuration = ServerConfiguration(headerTimeout: .seconds(1), idleTimeout: .seconds(1), maxConnections: 20)
        try await withServer(index, configuration) { server in
            let port = server.port
            let (waiting, mostAccepted) = try await offPool { () throws -> ([RawConnection], Int) in
                let connections = try (0..<80).map { _ in try RawConnection(port: port) }
                // Watch the accepted count for most of the first header timeout (the server accepts asynchronously).
                var most = 0
                let until = Date().addingTimeInterval(0.8)
                while Date() < until {
                    most = max(most, acceptedConnections(port: port))
                    Thread.sleep(forTimeInterval: 0.05)
                }
                return (connections, most)
            }
            // NIO accepts up to 4 per read before the cap handler stops it.
            #expect((20...24).contains(mostAccepted), "accepted \(mostAccepted) at once with a cap of 20")
            // Queued behind the silent connections, each batch of 20 closed after 1 s: answered in a few seconds.
            let started = Date()
            let normal = try await request(server, "/healthz")
            #expect(normal.status == 200)
            #expect(Date().timeIntervalSince(started) < 8)
            let open = try await offPool {
                waiting.filter { !$0.waitUntilClosed(timeout: 8 - Date().timeIntervalSince(started)) }.count
            }
            #expect(open == 0, "\(open) of the waiting connections were never served and closed")
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
