import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A plain TCP connection to the server, for what URLSession will not do: stay idle, send half a request head,
/// send malformed framing, stream a chunked body. Blocking calls with short timeouts; the socket closes on deinit.
final class RawConnection: @unchecked Sendable {
    let descriptor: Int32
    /// Bytes received past the last response read (the start of the next one).
    private var unread: [UInt8] = []

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let code = errno
            Glibc.close(descriptor)
            throw Failure(description: "connect: errno \(code)")
        }
    }

    deinit { Glibc.close(descriptor) }

    /// Sends everything; false once the server has closed or reset the connection.
    @discardableResult
    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += sent
        }
        return true
    }

    enum State: Equatable { case open, closed }

    /// Whether the server closed (FIN or RST) this connection, without waiting; data the server sent is consumed.
    func state() -> State {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if count > 0 { continue }
            if count == 0 { return .closed }
            return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? .open : .closed
        }
    }

    /// Reads one response (head, and a body of its Content-Length), or nil when none arrives within `timeout`.
    func readResponse(timeout: TimeInterval) -> (status: Int, headers: [String: String], body: String)? {
        var received = unread
        unread = []
        let deadline = Date().addingTimeInterval(timeout)
        var headEnd: Int?
        var headers: [String: String] = [:]
        var status = 0
        while Date() < deadline {
            if headEnd == nil, let range = received.firstRange(of: Array("\r\n\r\n".utf8)) {
                headEnd = range.upperBound
                let lines = String(decoding: received[..<range.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
                status = Int(lines.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
                for line in lines.dropFirst() {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                }
            }
            if let headEnd {
                let length = Int(headers["content-length"] ?? "0") ?? 0
                if received.count - headEnd >= length {
                    unread = Array(received[(headEnd + length)...])
                    return (status, headers, String(decoding: received[headEnd..<(headEnd + length)], as: UTF8.self))
                }
            }
            var pollDescriptor = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let remaining = Int32(max(1, deadline.timeIntervalSinceNow * 1000))
            guard poll(&pollDescriptor, 1, min(remaining, 100)) >= 0 else { return nil }
            if pollDescriptor.revents == 0 { continue }
            var buffer = [UInt8](repeating: 0, count: 65_536)
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count <= 0 { return nil }
            received += buffer[..<count]
        }
        return nil
    }

    /// Waits until the server closes the connection; false if it is still open after `timeout`.
    func waitUntilClosed(timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        repeat {
            if state() == .closed { return true }
            Thread.sleep(forTimeInterval: 0.02)
        } while Date() < deadline
        return state() == .closed
    }
}

/// The server's accepted connections, counted as the kernel sees them: sockets this process holds open whose
/// local port is the server's. Connections waiting in the listen backlog have no descriptor and do not count, nor
/// do the test's own client sockets (their local port is an ephemeral one).
func acceptedConnections(port: Int) -> Int {
    let socketInodes = Set(((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap {
        name -> String? in
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + name),
              target.hasPrefix("socket:[") else { return nil }
        return String(target.dropFirst("socket:[".count).dropLast())
    })
    let portHex = String(format: "%04X", port)
    var count = 0
    for table in ["/proc/self/net/tcp", "/proc/self/net/tcp6"] {
        guard let text = procFile(table) else { continue }
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: " ")
            // local_address is fields[1] ("0100007F:1F90"), st fields[3] (01 = established), inode fields[9].
            guard fields.count > 9, fields[1].hasSuffix(":" + portHex), fields[3] == "01" else { continue }
            if socketInodes.contains(String(fields[9])) { count += 1 }
        }
    }
    return count
}

/// A /proc file's whole text (they report a size of 0, and a single read returns one page).
private func procFile(_ path: String) -> String? {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
        let count = read(descriptor, &buffer, buffer.count)
        if count <= 0 { break }
        bytes += buffer[..<count]
    }
    return String(decoding: bytes, as: UTF8.self)
}
