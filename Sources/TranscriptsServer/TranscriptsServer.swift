import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle
import TranscriptIndex

/// The local JSON HTTP endpoint over an index: `transcripts serve`.
///
/// Reads go through the index's pool of read-only WAL connections (GRDB's DatabasePool), each keeping its
/// prepared statements, so a harvest writing at the same time neither blocks nor breaks a request, and no
/// request opens a connection or re-prepares a statement.
public final class TranscriptsServer: Sendable {
    public let configuration: ServerConfiguration
    /// The bound port (the configured one, or the one the system chose for port 0).
    public let port: Int
    private let group: ServiceGroup
    private let running: Task<Void, Error>

    public enum StartError: Error, CustomStringConvertible {
        case refused(String)
        case notListening(host: String, port: Int)

        public var description: String {
            switch self {
            case .refused(let reason): return reason
            case .notListening(let host, let port): return "the server did not start listening on \(host):\(port)"
            }
        }
    }

    private init(configuration: ServerConfiguration, port: Int, group: ServiceGroup, running: Task<Void, Error>) {
        self.configuration = configuration
        self.port = port
        self.group = group
        self.running = running
    }

    public var baseURL: String {
        configuration.host.contains(":") ? "http://[\(configuration.host)]:\(port)" : "http://\(configuration.host):\(port)"
    }

    /// Starts serving and returns once listening. `stopOnSignals`: SIGINT/SIGTERM stop gracefully (in-flight
    /// requests finish), for the CLI; tests call `stop()`.
    /// `media`: how to get a transcript's fresh media URL from Twilio (`serve --media`); nil serves none.
    public static func start(database: IndexDatabase, configuration: ServerConfiguration,
                             stopOnSignals: Bool = false, media: MediaURLProvider? = nil,
                             logger: Logger = Logger(label: "transcripts.serve"))
        async throws -> TranscriptsServer {
        if let refusal = configuration.refusal ?? DescriptorBudget.problem(connections: configuration.maxConnections) {
            throw StartError.refused(refusal)
        }
        let router = Router()
        router.add(middleware: AccessLogMiddleware(logQueries: configuration.logQueries, logger: logger))
        if let origin = configuration.corsOrigin {
            let allowed = CORSMiddleware<BasicRequestContext>.AllowOriginExtended.custom(origin)
            router.add(middleware: CORSMiddleware(allowOrigin: allowed,
                                                  allowHeaders: [.accept, .authorization],
                                                  allowMethods: [.get, .head, .options]))
        }
        // Bodies first: a body over the limit is refused (and not read) whatever the method or path.
        router.add(middleware: RequestBodyLimitMiddleware())
        router.add(middleware: ErrorBodyMiddleware())
        if let token = configuration.token {
            router.add(middleware: BearerTokenMiddleware(token: token))
        } else {
            router.add(middleware: LoopbackHostMiddleware())
        }
        Routes(database: database).register(on: router)
        MediaRoutes(provider: media, logger: logger).register(on: router)

        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router,
            server: .http1(configuration: connectionHandling(configuration)),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: nil,
                // Hummingbird's cap: at the limit the listener stops accepting; new connections wait in the
                // kernel's listen queue, holding no descriptor, until a connection closes.
                availableConnectionsDelegate: MaximumAvailableConnections(configuration.maxConnections, logger: logger)),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? configuration.port)
                portContinuation.finish()
            },
            logger: logger)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [app], gracefulShutdownSignals: stopOnSignals ? [.sigterm, .sigint] : [], logger: logger))
        let running = Task {
            defer { portContinuation.finish() }
            try await group.run()
        }
        guard let bound = await ports.first(where: { _ in true }) else {
            try await running.value
            throw StartError.notListening(host: configuration.host, port: configuration.port)
        }
        return TranscriptsServer(configuration: configuration, port: bound, group: group, running: running)
    }

    /// Each connection's HTTP/1 pipeline: Hummingbird's idle timeout for kept-alive connections, and after the
    /// decoder, in order, the handlers that close after `Connection: close`, time a request's arrival, and
    /// answer malformed framing (its 400 passes the first two on its way out).
    private static func connectionHandling(_ configuration: ServerConfiguration) -> HTTP1Channel.Configuration {
        let headerTimeout = TimeAmount(configuration.headerTimeout)
        return HTTP1Channel.Configuration(
            additionalChannelHandlers: [
                CloseAfterResponseHandler(), RequestHeadTimeoutHandler(timeout: headerTimeout), MalformedRequestHandler(),
            ],
            idleTimeout: TimeAmount(configuration.idleTimeout))
    }

    /// Stops gracefully: in-flight requests finish, then the listener closes.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await running.value
    }

    /// Waits until the server stops (after a signal when started with `stopOnSignals`).
    public func waitUntilStopped() async throws {
        try await running.value
    }
}
