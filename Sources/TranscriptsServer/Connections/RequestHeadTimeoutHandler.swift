import NIOCore
import NIOHTTPTypes

/// Closes a connection whose request does not arrive in time: from its first byte (for a connection's first
/// request, from the moment it was accepted) to its last — the head, and the body if it sends one — a request
/// has `timeout`. Without it a silent or slowloris connection (a head that never ends) held its descriptor
/// forever, and the bearer token is only checked once a head is read, so anyone who could connect could fill
/// the server. It is a deadline, not an inactivity timer: trickling a header line now and then does not extend it.
///
/// Between requests a kept-alive connection is not timed here: Hummingbird's idle timeout closes it. (One
/// gap, bounded by that idle timeout: the first bytes of a next head that arrive in the same read as the end of
/// the previous request cannot be seen here; the clock starts with the next bytes of that head.)
///
/// It sits after the HTTP decoder, which says when a request starts (`head`) and ends (`end`). Bytes that
/// complete no part — the start of a head — show as a read that delivered nothing: `channelReadComplete`
/// without a `channelRead` before it.
final class RequestHeadTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let timeout: TimeAmount
    private var deadline: Scheduled<Void>?
    private var partsSinceLastReadComplete = false

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { startClock(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stopClock()
    }

    func channelActive(context: ChannelHandlerContext) {
        startClock(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopClock()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        partsSinceLastReadComplete = true
        switch unwrapInboundIn(data) {
        case .head: startClock(context)  // running already when the head's first bytes came in an earlier read
        case .body: break
        case .end: stopClock()  // the request is all here; answering it is not timed
        }
        context.fireChannelRead(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        // Bytes arrived and completed nothing: a request has begun (or continues) and must finish in time.
        if !partsSinceLastReadComplete { startClock(context) }
        partsSinceLastReadComplete = false
        context.fireChannelReadComplete()
    }

    private func startClock(_ context: ChannelHandlerContext) {
        guard deadline == nil else { return }
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            self.deadline = nil
            context.close(promise: nil)
        }
    }

    private func stopClock() {
        deadline?.cancel()
        deadline = nil
    }
}
