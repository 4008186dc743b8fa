import Hummingbird
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// Answers a request that is not HTTP/1.1 — a garbage request line, a bad header, conflicting lengths — with
/// the API's JSON error body (400 `bad_request`) and closes the connection. Hummingbird answers such a
/// request itself, from inside its connection loop, with a 400 and an empty body, and offers no hook to change
/// it; so the parser's error is caught here, in the channel pipeline before it reaches that loop, and only
/// errors the loop would have answered the same way are taken.
///
/// An error in the body of a request being answered goes on to whatever reads that body (the request's
/// handler answers it); an error in the *next* request of a pipelined connection is answered once the
/// response in progress has been written, so the two responses never interleave.
final class MalformedRequestHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// Request heads read whose response has not been written to its end.
    private var responsesOwed = 0
    /// Whether the last request's end has been read (a parse error after it belongs to the next request).
    private var lastRequestComplete = true
    /// The answer to give once the responses owed are written.
    private var pendingAnswer: APIError?
    private var answered = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // After a parse error nothing more is read as a request.
        guard !answered, pendingAnswer == nil else { return }
        switch unwrapInboundIn(data) {
        case .head:
            responsesOwed += 1
            lastRequestComplete = false
        case .body: break
        case .end: lastRequestComplete = true
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        context.write(data, promise: promise)
        guard case .end = unwrapOutboundIn(data) else { return }
        responsesOwed = max(0, responsesOwed - 1)
        if responsesOwed == 0, let pendingAnswer {
            self.pendingAnswer = nil
            answer(pendingAnswer, context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // Later reads in the decoder's error state report it again (ByteToMessageDecoderError): answered already.
        if answered || pendingAnswer != nil { return }
        guard let problem = Self.problem(error) else {
            context.fireErrorCaught(error)
            return
        }
        if responsesOwed == 0 {
            answer(problem, context)
        } else if lastRequestComplete {
            pendingAnswer = problem
        } else {
            context.fireErrorCaught(error)
        }
    }

    /// The answer for errors that mean "this is not a valid HTTP/1.1 request"; nil for any other error.
    static func problem(_ error: Error) -> APIError? {
        let detail: String
        switch error {
        case let error as HTTPParserError: detail = "\(error)"
        case let error as HTTP1TypeConversionError: detail = "\(error)"
        default: return nil
        }
        return APIError(status: .badRequest, code: "bad_request",
                        message: "the request is not valid HTTP/1.1 (\(detail))")
    }

    /// Writes the JSON error with `Connection: close` (CloseAfterResponseHandler then closes the connection).
    private func answer(_ problem: APIError, _ context: ChannelHandlerContext) {
        answered = true
        let body = ByteBuffer(string: problem.body)
        var fields = HTTPFields()
        fields[.contentType] = "application/json; charset=utf-8"
        fields[.contentLength] = "\(body.readableBytes)"
        fields[.connection] = "close"
        context.write(wrapOutboundOut(.head(HTTPResponse(status: problem.status, headerFields: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
