import NIOCore
import NIOHTTPTypes

/// Closes the connection after a response that says `Connection: close`, as HTTP/1.1 requires (RFC 9112
/// §9.6). Hummingbird keeps a connection open unless the *request* asked to close it, so after refusing a body
/// it would go on to read the whole upload; the server says `close` exactly when it will not read what the
/// client is still sending (a body over the limit, malformed framing).
///
/// Closing a socket with unread data makes the kernel answer with a reset, and a client that is still
/// uploading may then lose the response it has not read yet. So the close lingers, as nginx's does: the
/// response goes out followed by a FIN (the write side is shut), what the client still sends is discarded
/// for a short while, and the connection closes when the client closes its side, after `lingerTime`, or after
/// `lingerBytes` more bytes — whichever comes first. The server never reads more than that of a refused body.
final class CloseAfterResponseHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    static let lingerTime = TimeAmount.seconds(2)
    static let lingerBytes = 1 << 20

    private var closeAfterResponse = false
    private var lingering = false
    private var discarded = 0
    private var lingerTimer: Scheduled<Void>?

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let response):
            if response.headerFields[.connection]?.lowercased() == "close" { closeAfterResponse = true }
            context.write(data, promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            guard closeAfterResponse else {
                context.write(data, promise: promise)
                return
            }
            let written = context.eventLoop.makePromise(of: Void.self)
            if let promise { written.futureResult.cascade(to: promise) }
            context.writeAndFlush(data, promise: written)
            written.futureResult.assumeIsolated().whenComplete { _ in self.linger(context) }
        }
    }

    private func linger(_ context: ChannelHandlerContext) {
        guard !lingering else { return }
        lingering = true
        let halfClosed = context.eventLoop.makePromise(of: Void.self)
        // A channel that cannot half-close is closed outright.
        halfClosed.futureResult.assumeIsolated().whenFailure { _ in context.close(promise: nil) }
        context.close(mode: .output, promise: halfClosed)
        lingerTimer = context.eventLoop.assumeIsolated().scheduleTask(in: Self.lingerTime) {
            context.close(promise: nil)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard lingering else {
            context.fireChannelRead(data)
            return
        }
        if case .body(let bytes) = unwrapInboundIn(data) {
            discarded += bytes.readableBytes
            if discarded > Self.lingerBytes { context.close(promise: nil) }
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if !lingering { context.fireChannelReadComplete() }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // While lingering, whatever the client sends is ignored, malformed or not.
        if !lingering { context.fireErrorCaught(error) }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if lingering, let event = event as? ChannelEvent, event == .inputClosed {
            context.close(promise: nil)  // the client is done too
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        lingerTimer?.cancel()
        lingerTimer = nil
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        lingerTimer?.cancel()
        lingerTimer = nil
    }
}
