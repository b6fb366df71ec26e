import Foundation
import HearthListeners
public import HearthStore
import Hummingbird
import HummingbirdCore
public import Logging
import NIOCore
import NIOPosix
public import ServiceLifecycle

/// The worker role as one ``Service``: the HTTP front, the app catalog that follows the store, the
/// timer listener and the invocation log writer. Run it in the process's `ServiceGroup`.
public final class WorkerRole: Service, Sendable {
    let store: any WorkerStore
    let configuration: WorkerConfiguration
    let launcher: any ProcessLauncher
    let logger: Logger
    let onServerRunning: @Sendable (Int) async -> Void

    /// - Parameters:
    ///   - launcher: How function code is started; ``DirectProcessLauncher`` runs it unisolated.
    ///   - onServerRunning: Called with the bound port once the front listens (port 0 picks a free one).
    public init(
        store: any WorkerStore, configuration: WorkerConfiguration, launcher: any ProcessLauncher = DirectProcessLauncher(), logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) {
        self.store = store
        self.configuration = configuration
        self.launcher = launcher
        self.logger = logger
        self.onServerRunning = onServerRunning
    }

    public func run() async throws {
        let proxies = try TrustedProxies(configuration.trustedProxies)
        let processLock = try await AbandonedInvocations(store: store, configuration: configuration, logger: logger).markAtStart()
        defer { withExtendedLifetime(processLock) {} }
        let logWriter = InvocationLogWriter(store: store, logger: logger)
        let rpcServer = FunctionRpcServer(maxMessageBytes: configuration.maxRequestBodyBytes + (16 << 20), logger: logger)
        let pool = configuration.pythonPoolSize > 0
            ? PythonWorkerPool(
                size: configuration.pythonPoolSize, runtime: configuration.pythonRuntime, server: rpcServer, launcher: launcher,
                configuration: configuration, logger: logger)
            : nil
        let catalog = AppCatalog(store: store, configuration: configuration, launcher: launcher, rpcServer: rpcServer, pythonPool: pool, logger: logger)
        let invoker = Invoker(logWriter: logWriter, workerID: configuration.workerID, workerInstance: configuration.instanceID, logger: logger)
        let timers = TimerService(catalog: catalog, invoker: invoker, store: store, workerID: configuration.workerID, logger: logger)
        let router = FrontRouter(catalog: catalog, configuration: configuration, proxies: proxies)
        let responder = FrontResponder(router: router, invoker: invoker, logger: logger)
        let onServerRunning = self.onServerRunning
        let serverName = "Hearth"
        let fastPath = configuration.fastPath
        let listener = configuration.listener
        let application = Application(
            responder: responder,
            server: .hearth(listener) { fastPath ? [FrontFastPath(router: router, invoker: invoker, serverName: serverName)] : [] },
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: serverName,
                availableConnectionsDelegate: ConnectionCap(limit: listener.maxConnections, listener: listener.name, logger: logger)),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
        await catalog.refresh(force: true)
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await rpcServer.run() }
            if let pool { group.addTask { await pool.run() } }
            group.addTask { await catalog.run() }
            group.addTask { try await logWriter.run() }
            group.addTask { await timers.run() }
            group.addTask { try await application.run() }
            if let tls = listener.tls {
                let reload = TLSReloadService(reloader: tls, logger: logger)
                group.addTask { try await reload.run() }
            }
        }
    }
}
