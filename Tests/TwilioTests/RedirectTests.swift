import Foundation
import Synchronization
import Testing
import TwilioClient

/// Twilio's API never redirects. A redirect must not be followed: URLSession would replay the Authorization
/// header (account SID and token) to whatever host the Location names.
@Suite("Redirects")
struct RedirectTests {
    @Test("a 302 to another origin is an error, and that origin receives nothing")
    func redirectsAreNotFollowed() async throws {
        let thief = try RawHTTPListener { _ in "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}" }
        let redirector = try RawHTTPListener { _ in
            "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:\(thief.port)/steal\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        }
        defer { thief.stop(); redirector.stop() }
        let client = TwilioClient(
            credentials: TestCredentials.token,
            configuration: TwilioClientConfiguration(
                baseURL: try APIBase.resolve(explicit: "http://127.0.0.1:\(redirector.port)", environment: [:]),
                retry: fastRetries))
        await #expect(throws: TwilioError.self) { _ = try await client.transcriptionsPage(pageSize: 10) }
        try await Task.sleep(for: .milliseconds(200))
        #expect(redirector.requests.count >= 1)
        #expect(thief.requests.isEmpty, "the redirect target got: \(thief.requests)")
    }
}

/// A minimal HTTP/1.1 listener on 127.0.0.1 (POSIX sockets, a thread): records each request's head and answers
/// with `respond`. Enough to play a misbehaving server that Hummingbird would not let the emulator be.
final class RawHTTPListener: @unchecked Sendable {
    let port: Int
    private let socketDescriptor: Int32
    private let received = Mutex<[String]>([])
    private let respond: @Sendable (String) -> String

    var requests: [String] { received.withLock { $0 } }

    init(respond: @escaping @Sendable (String) -> String) throws {
        self.respond = respond
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0, listen(descriptor, 8) == 0 else { throw POSIXError(.EADDRINUSE) }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        socketDescriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in serve() }
    }

    private func serve() {
        while true {
            let connection = accept(socketDescriptor, nil, nil)
            guard connection >= 0 else { return }
            var buffer = [UInt8](repeating: 0, count: 65_536)
            let count = read(connection, &buffer, buffer.count)
            let head = count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : ""
            received.withLock { $0.append(head) }
            let answer = Array(respond(head).utf8)
            _ = answer.withUnsafeBytes { write(connection, $0.baseAddress, answer.count) }
            close(connection)
        }
    }

    func stop() {
        shutdown(socketDescriptor, Int32(SHUT_RDWR))
        close(socketDescriptor)
    }
}
