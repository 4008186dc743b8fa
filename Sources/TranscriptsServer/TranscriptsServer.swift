import Hummingbird
import Logging
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
    public static func start(database: IndexDatabase, configuration: ServerConfiguration,
                             stopOnSignals: Bool = false, logger: Logger = Logger(label: "transcripts.serve"))
        async throws -> TranscriptsServer {
        if let refusal = configuration.refusal { throw StartError.refused(refusal) }
        let router = Router()
        router.add(middleware: AccessLogMiddleware(logQueries: configuration.logQueries, logger: logger))
        if let origin = configuration.corsOrigin {
            router.add(middleware: CORSMiddleware(allowOrigin: .custom(origin),
                                                  allowHeaders: [.accept, .authorization],
                                                  allowMethods: [.get, .head, .options]))
        }
        router.add(middleware: ErrorBodyMiddleware())
        if let token = configuration.token {
            router.add(middleware: BearerTokenMiddleware(token: token))
        } else {
            router.add(middleware: LoopbackHostMiddleware())
        }
        Routes(database: database).register(on: router)

        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port),
                                                    serverName: nil),
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
