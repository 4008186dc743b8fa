import Hummingbird
import Logging
// ServiceLifecycle comes with Hummingbird (it is Hummingbird's dependency, not declared for this target): its
// ServiceGroup is the only way to stop an Application gracefully from code. Cancelling the task instead works
// but makes Hummingbird log errors about cancelled child channels on every stop.
import ServiceLifecycle

/// A running emulator: an HTTP server on `host:port` over an `EmulatorStore`. Tests start one on an ephemeral
/// loopback port, read `port`/`baseURL`, drive `store`, `faults` and `stats` in-process, and `stop()` it.
public final class EmulatorServer: Sendable {
    public let store: EmulatorStore
    public let stats: RequestStats
    public let faults: FaultInjector
    public let host: String
    /// The bound port (the real one when started with port 0).
    public let port: Int
    private let group: ServiceGroup
    private let running: Task<Void, any Error>

    /// "http://127.0.0.1:PORT": what a client takes as its API base.
    public var baseURL: String { "http://\(host):\(port)" }

    public enum StartError: Error, CustomStringConvertible {
        case notListening(host: String, port: Int)

        public var description: String {
            switch self {
            case .notListening(let host, let port): return "the emulator stopped before listening on \(host):\(port)"
            }
        }
    }

    private init(store: EmulatorStore, stats: RequestStats, faults: FaultInjector, host: String, port: Int,
                 group: ServiceGroup, running: Task<Void, any Error>) {
        self.store = store
        self.stats = stats
        self.faults = faults
        self.host = host
        self.port = port
        self.group = group
        self.running = running
    }

    /// Seeds a store from `configuration` and serves it; returns once the server is listening.
    /// - Parameters:
    ///   - port: 0 picks a free ephemeral port.
    ///   - stopOnSignals: stop gracefully on SIGINT/SIGTERM (for the executable; tests stop with `stop()`).
    ///   - logger: defaults to warnings and errors only.
    public static func start(_ configuration: EmulatorConfiguration = EmulatorConfiguration(),
                             host: String = "127.0.0.1", port: Int = 0, stopOnSignals: Bool = false,
                             logger: Logger? = nil) async throws -> EmulatorServer {
        let store = EmulatorStore(configuration: configuration)
        let stats = RequestStats()
        let faults = FaultInjector(configuration.faults)
        let router = EmulatorRouter.build(configuration: configuration, store: store, stats: stats, faults: faults)
        // Hummingbird reports the bound address only through this callback; a stream carries it back here.
        let (boundPorts, boundPort) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                boundPort.yield(channel.localAddress?.port ?? port)
                boundPort.finish()
            },
            logger: logger ?? Self.quietLogger)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [app], gracefulShutdownSignals: stopOnSignals ? [.sigterm, .sigint] : [], logger: app.logger))
        let running = Task {
            defer { boundPort.finish() }
            try await group.run()
        }
        guard let bound = await boundPorts.first(where: { _ in true }) else {
            try await running.value  // rethrows why it did not start (e.g. address in use)
            throw StartError.notListening(host: host, port: port)
        }
        return EmulatorServer(store: store, stats: stats, faults: faults, host: host, port: bound, group: group,
                              running: running)
    }

    /// Starts an emulator, runs `body` against it, and stops it whether `body` succeeds or throws (tests).
    public static func withRunning<T>(_ configuration: EmulatorConfiguration,
                                      _ body: (EmulatorServer) async throws -> T) async throws -> T {
        let server = try await start(configuration)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    /// Stops gracefully (in-flight requests finish, idle connections close) and waits until the server is down.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await running.value
    }

    /// Waits until the server stops (on a signal, when started with `stopOnSignals`).
    public func waitUntilStopped() async throws {
        try await running.value
    }

    private static var quietLogger: Logger {
        var logger = Logger(label: "twilio-emulator")
        logger.logLevel = .warning
        return logger
    }
}
