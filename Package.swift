// swift-tools-version:6.0
import PackageDescription

// One module per responsibility; the folders under Sources/ are the architecture:
//   TranscriptIndex  — models, schema migrations (Schema/*.sql, embedded), ingest, query. No HTTP, no Twilio transport.
//   TwilioCorpus     — deterministic Twilio-shaped corpus (emulator, benchmarks, tests). No dependencies.
//   TwilioClient     — the Twilio REST client over URLSession: auth, paging, retries.
//   TwilioHarvest    — the harvest core, source-agnostic: plans, per-page commits, checkpoints, run log,
//                      reconciliation, time limits. A source plugs in as a `HarvestSource`.
//   TranscriptionHarvest — the v2010 Recording Transcriptions source.
//   IntelligenceHarvest  — the Conversational Intelligence v2 Transcripts source.
//   TranscriptsServer — the local JSON HTTP endpoint (Hummingbird): the same bodies as the CLI's --json.
//   TwilioEmulator   — a local Twilio API emulator (Hummingbird) with fault injection; `twilio-emulator` runs it.
//   transcripts      — the command-line interface (swift-argument-parser).
//   transcripts-corpus — writes a deterministic Twilio-shaped corpus as NDJSON (benchmarks, demos).
//   transcripts-bench  — query latencies through the library and through the sqlite3 shell (Scripts/bench).
let package = Package(
    name: "transcripts",
    platforms: [.macOS(.v15)],  // Synchronization.Mutex
    products: [
        .executable(name: "transcripts", targets: ["transcripts"]),
        .executable(name: "twilio-emulator", targets: ["twilio-emulator"]),
        .executable(name: "transcripts-corpus", targets: ["transcripts-corpus"]),
        .executable(name: "transcripts-bench", targets: ["transcripts-bench"]),
        .library(name: "TranscriptIndex", targets: ["TranscriptIndex"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // The emulator is an HTTP server; Hummingbird replaces a hand-written NIO server.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Hummingbird runs inside a ServiceGroup; the emulator stops it gracefully through it (cancelling the
        // task instead made Hummingbird log errors on every stop). Already in the graph through Hummingbird.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // The server's connection handlers (header timeout, malformed framing, Connection: close) are NIO channel
        // handlers in Hummingbird's HTTP/1 pipeline; both packages are already in the graph through Hummingbird.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
    ],
    targets: [
        .target(
            name: "TranscriptIndex",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, for the progress handler that bounds a query's time (GRDB has no wrapper).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "TwilioCorpus"),
        .target(
            name: "TwilioClient",
            dependencies: [
                "TranscriptIndex",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "TwilioHarvest",
            dependencies: [
                "TwilioClient",
                "TranscriptIndex",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "TranscriptionHarvest",
            dependencies: ["TwilioHarvest", "TwilioClient", "TranscriptIndex"]
        ),
        .target(
            name: "IntelligenceHarvest",
            dependencies: ["TwilioHarvest", "TwilioClient", "TranscriptIndex"]
        ),
        .target(
            name: "TranscriptsServer",
            dependencies: [
                "TranscriptIndex",
                .product(name: "Hummingbird", package: "hummingbird"),
                // HTTP1Channel's configuration (idle timeout, extra handlers) and the connection cap.
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
            ]
        ),
        .target(
            name: "TwilioEmulator",
            dependencies: [
                "TwilioCorpus",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "twilio-emulator",
            dependencies: [
                "TwilioEmulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "transcripts-bench",
            dependencies: ["TranscriptIndex"]
        ),
        .executableTarget(
            name: "transcripts-corpus",
            dependencies: [
                "TwilioCorpus",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "transcripts",
            dependencies: [
                "TranscriptIndex",
                "TwilioClient",
                "TwilioHarvest",
                "TranscriptionHarvest",
                "IntelligenceHarvest",
                "TranscriptsServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "TranscriptIndexTests",
            dependencies: ["TranscriptIndex", "TwilioCorpus"]
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["TranscriptIndex", "TwilioEmulator", "TwilioHarvest", "TranscriptionHarvest",
                           "IntelligenceHarvest"]
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: ["TranscriptsServer", "TranscriptIndex", "TwilioCorpus", "TwilioEmulator", "TwilioClient",
                           "TwilioHarvest", "TranscriptionHarvest", "IntelligenceHarvest"]
        ),
        .testTarget(
            name: "TwilioTests",
            dependencies: ["TwilioClient", "TwilioEmulator", "TwilioCorpus", "TranscriptIndex", "TwilioHarvest",
                           "TranscriptionHarvest", "IntelligenceHarvest"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
