// swift-tools-version:6.1
import PackageDescription

// One set of settings for every target (see STYLE.md, "Layout").
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "hearth",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "hearth", targets: ["hearth"]),
        .library(name: "HearthCore", targets: ["HearthCore"]),
        .library(name: "HearthStore", targets: ["HearthStore"]),
        .library(name: "HearthWorker", targets: ["HearthWorker"]),
        .library(name: "HearthManagement", targets: ["HearthManagement"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-async-algorithms", from: "1.1.4"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/grpc/grpc-swift-2", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport", from: "2.9.2"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // Domain model, host.json / function.json, NCRONTAB, routes, keys. No I/O.
        .target(name: "HearthCore", swiftSettings: swiftSettings),

        // The store both roles share: SQLite (GRDB) now, SQL Server later; migrations embedded at build time.
        .target(
            name: "HearthStore",
            dependencies: [
                "HearthCore",
                "CFreeTDS",
                "HearthSystem",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, for the invocation log's INSERT (InvocationLogStatements binds its values itself).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings,
            plugins: ["EmbedMigrations"]
        ),

        // Function-app packages: zip inspection within limits, safe extraction, zipping a folder.
        .target(
            name: "HearthPackages",
            dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: swiftSettings
        ),
        // Low-level machinery every role shares: the one process launcher (posix_spawn, exit status,
        // output lines, timeouts) and the machine's name read without resolving it. Foundation only.
        .target(name: "HearthSystem", swiftSettings: swiftSettings),

        // Language runtimes on the machine: the Python worker's environment, requirements.txt builds.
        .target(name: "HearthRuntimes", dependencies: ["HearthSystem"], swiftSettings: swiftSettings),

        // What both roles' HTTP listeners share: time limits for slow and idle clients, the connection
        // cap, TLS from certificate files reloaded when they change.
        .target(
            name: "HearthListeners",
            dependencies: [
                "HearthCore",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),

        // Helpers for the test targets (not a product): a test CA and certificates made with openssl,
        // programs run to completion, builders of hostile input (a zip that lies about its sizes), HAProxy,
        // temporary folders removed when their owner goes.
        .target(
            name: "HearthTestSupport",
            dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: swiftSettings
        ),

        // Runs function code: launcher, custom handlers, HTTP front, timers, invocation pipeline.
        .target(
            name: "HearthWorker",
            dependencies: [
                "HearthCore",
                "HearthStore",
                "HearthPackages",
                "HearthSystem",
                "HearthRuntimes",
                "HearthListeners",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            exclude: ["Node/Scripts"],  // embedded by EmbedMigrations (the Node worker's .js)
            swiftSettings: swiftSettings,
            plugins: ["EmbedMigrations"]
        ),

        // Everything a person changes: REST API, deployments, settings, keys, tokens.
        .target(
            name: "HearthManagement",
            dependencies: [
                "HearthCore",
                "HearthStore",
                "HearthPackages",
                "HearthProfiles",
                "HearthRuntimes",
                "HearthListeners",
                "HearthUpgrade",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),

        // The management portal: server-rendered pages (swift-mustache templates and assets embedded at
        // build time), security headers, Debian's browser libraries under /static/vendor.
        .target(
            name: "HearthPortal",
            dependencies: [
                "HearthCore",
                "HearthStore",
                "HearthManagement",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            exclude: ["Templates", "Assets"],  // embedded by EmbedMigrations
            swiftSettings: swiftSettings,
            plugins: ["EmbedMigrations"]
        ),

        // C libraries, each behind one owning Swift class in the module that uses it.
        .systemLibrary(name: "CFreeTDS", providers: [.apt(["freetds-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),

        // Publish profiles (.PublishSettings): parse, validate, emit.
        .target(name: "HearthProfiles", dependencies: ["CLibXML2"], swiftSettings: swiftSettings),

        // v1 -> v4 app upgrade: plan, apply, report.
        .target(name: "HearthUpgrade", dependencies: ["HearthCore"], swiftSettings: swiftSettings),

        // Both roles assembled into one ServiceGroup from one configuration: `serve`, `management`,
        // `worker` (the CLI parses arguments into it; tests start it in-process).
        .target(
            name: "HearthServer",
            dependencies: [
                "HearthListeners",
                "HearthManagement",
                "HearthPortal",
                "HearthRuntimes",
                "HearthStore",
                "HearthSystem",
                "HearthWorker",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),

        // Thin CLI.
        .executableTarget(
            name: "hearth",
            dependencies: [
                "HearthServer",
                "HearthCore",
                "HearthStore",
                "HearthPackages",
                "HearthManagement",
                "HearthUpgrade",
                "HearthProfiles",
                "HearthRuntimes",
                "HearthListeners",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // Build-time tool: turns Migrations/<backend>/NNNN_name.sql (HearthStore), the Node worker's
        // .js (HearthWorker) and the portal's templates and assets (HearthPortal) into Swift source.
        .executableTarget(name: "HearthEmbedTool", swiftSettings: swiftSettings),
        .plugin(name: "EmbedMigrations", capability: .buildTool(), dependencies: ["HearthEmbedTool"]),

        .testTarget(name: "HearthCoreTests", dependencies: ["HearthCore", "HearthTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "HearthProfilesTests", dependencies: ["HearthProfiles"], swiftSettings: swiftSettings),
        .testTarget(
            name: "HearthUpgradeTests",
            dependencies: ["HearthUpgrade", "HearthCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HearthStoreTests",
            dependencies: [
                "HearthStore", "HearthCore", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // FreeTDS driver against a TDS protocol peer (a test fixture: no SQL Server exists on CI machines).
        .testTarget(
            name: "HearthSQLServerTests",
            dependencies: ["HearthStore", "HearthCore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HearthListenersTests",
            dependencies: [
                "HearthListeners",
                "HearthTestSupport",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HearthRuntimesTests",
            dependencies: ["HearthRuntimes"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "HearthSystemTests", dependencies: ["HearthSystem"], swiftSettings: swiftSettings),
        .testTarget(
            name: "HearthWorkerTests",
            dependencies: [
                "HearthWorker", "HearthStore", "HearthPackages", "HearthCore", "HearthSystem", "HearthTestSupport", "HearthRuntimes",
                "HearthListeners",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HearthManagementTests",
            dependencies: [
                "HearthManagement", "HearthStore", "HearthPackages", "HearthCore", "HearthProfiles", "HearthTestSupport", "HearthUpgrade",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdOTP", package: "hummingbird-auth"),  // an independent TOTP for the RFC 6238 tests
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HearthPortalTests",
            dependencies: [
                "HearthPortal", "HearthManagement", "HearthStore", "HearthCore", "HearthPackages", "HearthWorker", "HearthTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HearthServerTests",
            dependencies: [
                "HearthServer",
                "HearthStore",  // which keys the store opens with (ServerStoreKeysTests)
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "HearthStore",  // a newer hearth's migration applied to a store before the binary starts
                "HearthCore",  // the browser suites read the server's audit log
                "HearthTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
