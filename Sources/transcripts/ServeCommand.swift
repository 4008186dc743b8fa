import ArgumentParser
import Foundation
import Logging
import TranscriptIndex
import TranscriptsServer
import TwilioHarvest
import IntelligenceHarvest

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Answer searches over local HTTP (JSON): /v1/search, /v1/transcriptions/{sid}, /v1/stats, /healthz.",
        discussion: """
            Binds 127.0.0.1 by default. Any other address needs a bearer token (--token-file, TRANSCRIPTS_API_TOKEN
            or --token: 16 or more visible ASCII characters, no spaces), which every request must then send as
            `Authorization: Bearer <token>`.
            Access logs (stderr) carry method, path, status and latency; query strings only with --log-queries.
            A request head must arrive within --header-timeout, a kept-alive connection is closed after
            --idle-timeout without a request, and beyond --max-connections new connections wait to be accepted.
            SIGINT/SIGTERM stop gracefully: requests in flight finish.
            --media (opt-in) gives the server Twilio credentials (the same as harvest) so that
            /v1/transcriptions/{GT…}/media answers a fresh signed media URL of an Intelligence transcript, asked of
            Twilio on each request and never stored. Without it that route answers 404 media_unavailable.
            """)

    @Flag(help: "Serve /v1/transcriptions/{GT…}/media with Twilio credentials (TWILIO_* or --credentials-file).")
    var media = false

    @Option(name: .customLong("api-base"), help: ArgumentHelp("With --media: the Twilio API base URL (tests, the emulator).",
                                                              valueName: "url"))
    var apiBase: String?

    @Option(name: .customLong("credentials-file"),
            help: ArgumentHelp("With --media: a 0600 file of TWILIO_* lines.", valueName: "path"))
    var credentialsFile: String?

    @Option(name: .long, help: ArgumentHelp("The index file.", valueName: "path"))
    var db: String?

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0: any free port, printed at start).")
    var port = 8080

    @Option(help: ArgumentHelp("Bearer token required from clients (default: $TRANSCRIPTS_API_TOKEN). Prefer the "
                               + "variable or --token-file: a command line is visible to every local user.", valueName: "token"))
    var token: String?

    @Option(name: .customLong("token-file"),
            help: ArgumentHelp("Read the bearer token from this file (mode 0600 or stricter).", valueName: "path"))
    var tokenFile: String?

    @Option(name: .customLong("cors-origin"), help: ArgumentHelp("Allow this browser origin (CORS).", valueName: "origin"))
    var corsOrigin: String?

    @Flag(name: .customLong("log-queries"), help: "Include query strings (search words) in access logs.")
    var logQueries = false

    @Option(name: .customLong("header-timeout"),
            help: ArgumentHelp("Close a connection whose request head has not fully arrived this long after its first "
                               + "byte (or after the connection opened) (default: 10s).", valueName: "interval"))
    var headerTimeout: String?

    @Option(name: .customLong("idle-timeout"),
            help: ArgumentHelp("Close a kept-alive connection with no request for this long (default: 60s).",
                               valueName: "interval"))
    var idleTimeout: String?

    @Option(name: .customLong("max-connections"),
            help: ArgumentHelp("Connections served at once; more wait in the kernel's listen queue (default: 512; "
                               + "the descriptor limit, ulimit -n, must hold it plus 64).", valueName: "n"))
    var maxConnections: Int?

    func run() async throws {
        let path = CommonOptions.databasePath(db)
        let database = try IndexDatabase.openForReading(path: path, announce: Output.standardError)
        let configuration = ServerConfiguration(
            host: host, port: port,
            // Taken as given (an empty TRANSCRIPTS_API_TOKEN means unset); ServerConfiguration.refusal checks the shape.
            token: try token ?? tokenFile.map(Self.readTokenFile)
                ?? ProcessInfo.processInfo.environment["TRANSCRIPTS_API_TOKEN"].flatMap { $0.isEmpty ? nil : $0 },
            corsOrigin: corsOrigin, logQueries: logQueries,
            headerTimeout: try Self.interval(headerTimeout, option: "header-timeout")
                ?? ServerConfiguration.defaultHeaderTimeout,
            idleTimeout: try Self.interval(idleTimeout, option: "idle-timeout") ?? ServerConfiguration.defaultIdleTimeout,
            maxConnections: maxConnections ?? ServerConfiguration.defaultMaxConnections)
        if let refusal = configuration.refusal { throw IndexError(.invalidParameter, refusal) }
        var provider: MediaURLProvider?
        if media {
            let client = try TwilioAccess.client(credentialsFile: credentialsFile, apiBase: apiBase)
            provider = { sid in try await TranscriptMedia.url(client: client, transcriptSid: sid) }
        }
        let server = try await TranscriptsServer.start(database: database, configuration: configuration,
                                                       stopOnSignals: true, media: provider)
        // The first stdout line says where: scripts and tests read the port from it.
        FileHandle.standardOutput.write(Data("listening \(server.baseURL)\n".utf8))
        try await server.waitUntilStopped()
    }

    /// "10s", "2m", "90" (seconds): the same intervals as `harvest --every` (whole seconds, at least 1).
    static func interval(_ text: String?, option: String) throws -> Duration? {
        guard let text else { return nil }
        guard let seconds = HarvestInterval.seconds(text) else {
            throw IndexError(.invalidParameter, "--\(option) \(text) is not an interval like 10s, 60s or 2m")
        }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    /// The token in a file only its owner can read; a readable token file is a leaked token.
    static func readTokenFile(_ path: String) throws -> String {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue,
              let data = FileManager.default.contents(atPath: path),
              let text = String(data: data, encoding: .utf8) else {
            throw IndexError(.invalidParameter, "cannot read the token file \(path)")
        }
        guard mode & 0o077 == 0 else {
            throw IndexError(.invalidParameter, "the token file \(path) is readable by others; run: chmod 600 \(path)")
        }
        // The line break an editor or `echo` leaves at the end is not part of the token; anything else is, so
        // a file of spaces is refused like `--token "                "` rather than trimmed to nothing.
        var token = Substring(text)
        while let last = token.unicodeScalars.last, last == "\n" || last == "\r" { token.unicodeScalars.removeLast() }
        guard !token.isEmpty else { throw IndexError(.invalidParameter, "the token file \(path) is empty") }
        return String(token)
    }
}
