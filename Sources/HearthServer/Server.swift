import CoreMetrics
public import Foundation
import HearthListeners
import HearthManagement
import HearthPortal
import HearthRuntimes
import HearthStore
import HearthWorker
import Hummingbird
public import Logging
import Prometheus
public import ServiceLifecycle
public import UnixSignals

/// Hearth's roles assembled into one `ServiceGroup`: opens the data directory, the master key and
/// the store, then builds the management API and the worker role from a ``ServerConfiguration``.
/// `hearth serve`, `hearth management` and `hearth worker` run it; tests start it in-process.
///
/// ```swift
/// let server = Server(configuration: configuration, logger: logger) { print($0) }
/// let group = try await server.makeServiceGroup()
/// try await group.run()  // until SIGTERM or SIGINT; or call `group.triggerGracefulShutdown()`
/// ```
public struct Server: Sendable {
    /// What runs, and how.
    public let configuration: ServerConfiguration
    /// Where `HEARTH_STORE` and `HEARTH_MASTER_KEY` are read.
    public let environment: [String: String]
    /// The server's logger.
    public let logger: Logger
    /// Receives the lines for the operator: warnings, the admin token (once), the addresses.
    let say: @Sendable (String) -> Void
    /// Called with each listener's bound port once it listens.
    let onListening: @Sendable (ServerListener, Int) async -> Void

    /// - Parameters:
    ///   - configuration: What runs, and how.
    ///   - environment: Where `HEARTH_STORE` and `HEARTH_MASTER_KEY` are read.
    ///   - logger: The server's logger.
    ///   - onListening: Called with each listener's bound port once it listens.
    ///   - say: Receives the lines for the operator (the CLI prints them on stdout).
    public init(
        configuration: ServerConfiguration,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        logger: Logger,
        onListening: @escaping @Sendable (ServerListener, Int) async -> Void = { _, _ in },
        say: @escaping @Sendable (String) -> Void
    ) {
        self.configuration = configuration
        self.environment = environment
        self.logger = logger
        self.onListening = onListening
        self.say = say
    }

    /// Runs ``makeServiceGroup(gracefulShutdownSignals:)`` until SIGTERM or SIGINT.
    public func run() async throws {
        try await makeServiceGroup().run()
    }

    /// Opens the data directory, master key and store, and returns the roles' services in one group.
    ///
    /// The group stops in reverse order: the worker's parts first, then the invocation log's
    /// retention, then the management API. A stop never hangs: the worker's drain (bounded) and
    /// 10 s to finish gracefully, then cancellation, then 5 s more at most.
    /// - Parameter gracefulShutdownSignals: Signals that start a graceful shutdown (none in tests).
    public func makeServiceGroup(gracefulShutdownSignals: [UnixSignal] = [.sigterm, .sigint]) async throws -> ServiceGroup {
        let roles = configuration.roles
        let bind = configuration.bind
        let tls = try configuration.tls.map { try TLSCertificateReloader(files: $0) }
        let scheme = tls == nil ? "http" : "https"
        var plainHTTPWarnings: [String] = []
        if roles.contains(.management) {
            plainHTTPWarnings += [
                PlainHTTPWarning.message(listener: "management API", host: bind, port: configuration.managementPort, tls: tls != nil)
            ].compactMap { $0 }
        }
        if roles.contains(.worker) {
            plainHTTPWarnings += [
                PlainHTTPWarning.message(listener: "function host", host: bind, port: configuration.httpPort, tls: tls != nil)
            ].compactMap { $0 }
        }
        for warning in plainHTTPWarnings { say("WARNING: \(warning)") }
        let listeners = (roles.contains(.management) ? 1 : 0) + (roles.contains(.worker) ? 1 : 0)
        if let fileLimit = OpenFileLimit.raise(),
            let warning = OpenFileLimit.warning(limit: fileLimit, listeners: listeners, maxConnections: configuration.maxConnections)
        {
            say("WARNING: \(warning)")
        }
        let dataDirectory = configuration.dataDirectory.standardizedFileURL
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try PrivateFiles.restrict(dataDirectory)  // data directories made by older versions were 0755

        let keys = try storeKeys(dataDirectory: dataDirectory)
        let store = try await StoreFactory.open(
            connectionString: configuration.store ?? environment["HEARTH_STORE"],
            dataDirectory: dataDirectory,
            keys: keys.source,
            migrate: configuration.migrate,
            logger: logger
        )
        if roles.contains(.management), let token = try await AdminBootstrap.ensureAdminToken(store: store) {
            say("Admin token (shown once, store it now): \(token)")
            say("  export HEARTH_TOKEN=\(token)")
        }
        let host = bind == "0.0.0.0" ? "127.0.0.1" : bind
        if roles.contains(.management), let token = try await FirstAdmin.ensure(store: store) {
            let portal = await FirstAdmin.portalURL(store: store, fallback: "\(scheme)://\(host):\(configuration.managementPort)")
            say("Set the first admin's password (link valid 24 h, shown once; a new one: 'hearth user admin-link'):")
            say("  \(SetupLinkIssuer.link(portalURL: portal, token: token))")
        }

        let python = PythonRuntime(
            directory: configuration.pythonRuntime?.standardizedFileURL ?? PythonRuntime.defaultDirectory(dataDirectory: dataDirectory)
        )
        // Each server its own registry, passed to the roles (see ProcessMetrics).
        let metricsRegistry = configuration.metricsBind.map { _ in ProcessMetrics.registry(bootstrap: true) }
        let metricsFactory = metricsRegistry.map { PrometheusMetricsFactory(registry: $0) }
        var management = managementConfiguration(scheme: scheme, host: host, warnings: plainHTTPWarnings, python: python)
        if let metricsFactory { management.metrics = ManagementMetrics(factory: metricsFactory) }
        let api = ManagementAPI(store: store, configuration: management, logger: logger)
        if roles.contains(.management) {
            for line in try await api.disableInvalidHostNames() { say("WARNING: \(line)") }
        }
        let onListening = self.onListening
        let portal = try makePortal(store: store, api: api, cipher: keys.cipher, tls: tls != nil, host: host)
        // Puts through the API and the queue endpoint wake this process's queue trigger at once.
        let queueSignals = api.configuration.queueSignals
        let managementApp = api.makeApplication(
            configuration: ApplicationConfiguration(address: .hostname(bind, port: configuration.managementPort), serverName: "Hearth"),
            listener: listener("management API", tls: tls),
            router: ManagementFrontDoor(management: api.buildRouter(), portal: portal.buildRouter(), baseDomain: configuration.baseDomain)
        ) { port in await onListening(.management, port) }

        var workerConfiguration = try workerConfiguration(dataDirectory: dataDirectory, python: python, tls: tls)
        if let metricsFactory { workerConfiguration.metrics = WorkerMetrics(factory: metricsFactory) }
        // Every worker with the same primary master key derives the same key (see ForwardingProof).
        // A joined worker without the master key reads the same key from the store, where the
        // placer wraps it for its public key (FleetStore.fleetForwardingKey).
        if keys.cipher.hasMasterKey {
            workerConfiguration.fleet.forwardingKey = keys.cipher.derivedKey(purpose: "fleet forwarding")
        }
        let launcher = makeLauncher(sandbox: workerConfiguration.sandbox, metrics: workerConfiguration.metrics)
        let baseDomain = configuration.baseDomain
        let say = self.say
        let worker = WorkerRole(
            store: store,
            configuration: workerConfiguration,
            launcher: launcher,
            queueSignals: queueSignals,
            logger: logger
        ) { port in
            say("Function host listening on \(scheme)://\(host):\(port) (apps at \(scheme)://{app}.\(baseDomain):\(port)/api/…)")
            await onListening(.worker, port)
        }
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if roles.contains(.management) {
            say("Management API on \(scheme)://\(host):\(configuration.managementPort)")
            say("Portal on \(configuration.portalURL ?? "\(scheme)://\(host):\(configuration.managementPort)")")
            services += [.init(service: managementApp), .init(service: api.retentionService()), .init(service: api.auditRetentionService())]
            services.append(.init(service: api.queuePurgeService()))
            services.append(.init(service: api.placerService()))
            if let queuePort = configuration.queuePort {
                let queueApp = QueueServiceEndpoint(store: store, logger: logger, signals: queueSignals).makeApplication(
                    configuration: ApplicationConfiguration(address: .hostname(bind, port: queuePort), serverName: "Hearth"),
                    listener: listener("queue endpoint", tls: tls)
                ) { port in
                    say("Queue endpoint on \(scheme)://\(host):\(port)/{account} (Azure Storage queue REST API)")
                    await onListening(.queue, port)
                }
                services.append(.init(service: queueApp))
            }
        }
        if roles.contains(.worker) {
            services += try await worker.makeServices(drainOnStop: true).map { .init(service: $0) }
        }
        if let metricsRegistry, let address = configuration.metricsBind {
            let metricsApp = MetricsEndpoint(registry: metricsRegistry, logger: logger).makeApplication(
                configuration: ApplicationConfiguration(address: .hostname(address.host, port: address.port), serverName: "Hearth"),
                listener: listener("metrics", tls: tls)
            ) { port in
                say("Metrics on \(scheme)://\(address.host.contains(":") ? "[\(address.host)]" : address.host):\(port)/metrics")
                await onListening(.metrics, port)
            }
            services.append(.init(service: metricsApp))
            if roles.contains(.management), let metricsFactory {
                services.append(.init(service: QueueDepthSampler(store: store, factory: metricsFactory, logger: logger)))
            }
        }

        var groupConfiguration = ServiceGroupConfiguration(
            services: services,
            gracefulShutdownSignals: gracefulShutdownSignals,
            logger: logger
        )
        // A worker drains before its front stops (bounded; see WorkerFleetConfiguration.longestDrain).
        let drain = roles.contains(.worker) ? workerConfiguration.fleet.longestDrain : .zero
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(10) + drain
        groupConfiguration.maximumCancellationDuration = .seconds(5)
        return ServiceGroup(configuration: groupConfiguration)
    }
}
