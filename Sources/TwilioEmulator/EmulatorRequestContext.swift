import Hummingbird

/// Hummingbird's basic context plus a way to drop the request's connection, which fault injection needs and
/// the basic context does not expose.
struct EmulatorRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// Closes the TCP connection at once, without a response.
    let dropConnection: @Sendable () -> Void

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        let channel = source.channel
        dropConnection = { channel.close(promise: nil) }
    }
}
