import Foundation
import Testing
import TranscriptsServer

/// What the server does with requests that are not well-formed HTTP/1.1, and with bodies (no endpoint takes
/// one): issue 9's minor items. Sent over a raw socket, since URLSession only writes well-formed requests.
@Suite("HTTP: malformed framing and request bodies")
struct RequestFramingTests {
    static func expectJSONError(_ response: (status: Int, headers: [String: String], body: String)?, status: Int,
                                code: String, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(response?.status == status, "\(label): \(String(describing: response))", sourceLocation: sourceLocation)
        #expect(response?.headers["content-type"] == "application/json; charset=utf-8", "\(label)",
                sourceLocation: sourceLocation)
        let json = response.flatMap { try? JSONSerialization.jsonObject(with: Data($0.body.utf8)) as? [String: Any] }
        let error = json?["error"] as? [String: Any]
        #expect(error?["code"] as? String == code, "\(label): \(response?.body ?? "no response")", sourceLocation: sourceLocation)
        #expect((error?["message"] as? String)?.isEmpty == false, "\(label)", sourceLocation: sourceLocation)
    }

    @Test("malformed framing gets a 400 with the JSON error body, then the connection closes")
    func malformedFraming() async throws {
        let index = try IndexFixture.make(calls: 10)
        defer { index.remove() }
        let requests = [
            "GARBAGE\r\n\r\n",
            "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header: x\r\n\r\n",
            "GET /healthz HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n",
            "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nabcde",
            "GET /he\u{1}lthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        ]
        try await withServer(index) { server in
            let port = server.port
            for text in requests {
                let (answer, closed) = try await offPool {
                    let connection = try RawConnection(port: port)
                    connection.send(text)
                    return (connection.readResponse(timeout: 15), connection.waitUntilClosed(timeout: 15))
                }
                Self.expectJSONError(answer, status: 400, code: "bad_request", text.debugDescription)
                #expect(closed, "\(text.debugDescription): still open")
            }
            // A good request first, then garbage on the same connection: the first is answered, then the 400.
            let (first, second, closed) = try await offPool {
                let connection = try RawConnection(port: port)
                connection.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGARBAGE\r\n\r\n")
                return (connection.readResponse(timeout: 15), connection.readResponse(timeout: 15),
                        connection.waitUntilClosed(timeout: 15))
            }
            #expect(first?.status == 200)
            Self.expectJSONError(second, status: 400, code: "bad_request", "after a request")
            #expect(closed)
        }
    }

    @Test("a chunked 200 MB body gets 413 too_large and the server stops reading it")
    func largeChunkedBody() async throws {
        let index = try IndexFixture.make(calls: 10)
        defer { index.remove() }
        try await withServer(index) { server in
            let port = server.port
            let started = Date()
            let (answer, finished, sent) = try await offPool {
                let connection = try RawConnection(port: port)
                let total = 200 * 1024 * 1024
                let chunk = Array("10000\r\n".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: 0x10000) + Array("\r\n".utf8)
                let sent = LockedCounter()
                // The upload runs on its own thread, as a client's would; this one reads the answer meanwhile.
                let uploader = Thread {
                    if connection.send("GET /v1/search?q=refund HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                       + "Transfer-Encoding: chunked\r\n\r\n") {
                        while sent.value < total, connection.send(chunk) { sent.add(0x10000) }
                    }
                    sent.finish()
                }
                uploader.start()
                let answer = connection.readResponse(timeout: 10)
                return (answer, sent.waitUntilFinished(timeout: 10), sent.value)
            }
            Self.expectJSONError(answer, status: 413, code: "too_large", "chunked upload")
            #expect(answer?.headers["connection"] == "close")
            #expect(finished, "the upload was still going after 10 s")
            #expect(sent < 64 * 1024 * 1024, "the server read \(sent) bytes of a refused body")
            #expect(Date().timeIntervalSince(started) < 10)
        }
    }

    @Test("a small chunked body is answered and the connection stays usable")
    func smallChunkedBody() async throws {
        let index = try IndexFixture.make(calls: 10)
        defer { index.remove() }
        try await withServer(index) { server in
            let port = server.port
            let (first, second) = try await offPool {
                let connection = try RawConnection(port: port)
                connection.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + "400\r\n" + String(repeating: "a", count: 1024) + "\r\n0\r\n\r\n")
                let first = connection.readResponse(timeout: 15)?.status
                connection.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                return (first, connection.readResponse(timeout: 15)?.status)
            }
            #expect(first == 200 && second == 200)
        }
    }

    @Test("a Content-Length over 64 KiB gets 413 without the body being read, and the connection closes")
    func largeDeclaredBody() async throws {
        let index = try IndexFixture.make(calls: 10)
        defer { index.remove() }
        try await withServer(index) { server in
            let port = server.port
            let (answer, closed) = try await offPool {
                let connection = try RawConnection(port: port)
                connection.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 209715200\r\n\r\n")
                return (connection.readResponse(timeout: 15), connection.waitUntilClosed(timeout: 15))
            }
            Self.expectJSONError(answer, status: 413, code: "too_large", "declared body")
            #expect(answer?.headers["connection"] == "close")
            #expect(closed)
        }
    }
}

/// A byte count shared by the uploading thread and the test.
final class LockedCounter: @unchecked Sendable {
    private let condition = NSCondition()
    private var count = 0
    private var finished = false

    var value: Int { condition.lock(); defer { condition.unlock() }; return count }
    func add(_ n: Int) { condition.lock(); count += n; condition.unlock() }
    func finish() { condition.lock(); finished = true; condition.broadcast(); condition.unlock() }

    func waitUntilFinished(timeout: TimeInterval) -> Bool {
        condition.lock(); defer { condition.unlock() }
        let deadline = Date().addingTimeInterval(timeout)
        while !finished { if !condition.wait(until: deadline) { return finished } }
        return true
    }
}
