import Foundation
public import HearthCore
import HearthListeners
public import HearthStore
import Hummingbird
import HummingbirdCore
public import Logging
import NIOCore
import NIOPosix
public import ServiceLifecycle

/// The worker role: the HTTP front, the app catalog that follows the store, the timer and queue
/// listeners, the invocation log writer, the FunctionRpc server and the pre-started Python workers.
///
/// Each long-lived part is a `Service`; ``makeServices()`` hands them to the process's
/// `ServiceGroup`, which starts them in order and stops them in reverse:
///
/// ```swift
/// let worker = WorkerRole(store: store, configuration: configuration, logger: logger)
/// let group = ServiceGroup(services: try await worker.makeServices(), logger: logger)
/// try await group.run()
/// ```
public final class WorkerRole: Service, Sendable {
    let store: any WorkerStore
    let configuration: WorkerConfiguration
    let launcher: any ProcessLauncher
    let logger: Logger
    let onServerRunning: @Sendable (Int) async -> Void
    /// Poked by whoever puts queue messages in this process, so the queue trigger polls at once.
    let queueSignals: QueueSignals

    /// - Parameters:
    ///   - launcher: How function code is started; ``DirectProcessLauncher`` runs it unisolated.
    ///   - queueSignals: Shared with the other roles of the process that put queue messages.
    ///   - onServerRunning: Called with the bound port once the front listens (port 0 picks a free one).
    public init(
        store: any WorkerStore,
        configuration: WorkerConfiguration,
        launcher: any ProcessLauncher = DirectProcessLauncher(),
        queueSignals: QueueSignals = QueueSignals(),
        logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) {
        self.queueSignals = queueSignals
        self.store = store
        self.configuration = configuration
        self.launcher = launcher
        self.logger = logger
        self.onServerRunning = onServerRunning
    }

    /// Prepares the worker (marks invocations an earlier process left running as abandoned, loads
    /// the apps) and returns its long-lived parts in start order.
    ///
    /// A `ServiceGroup` stops its services in reverse order, so (with `drainOnStop`) the worker
    /// drains first (see ``WorkerFleetConfiguration/drainTimeout``), then the front stops taking
    /// requests and finishes the ones it has; then the timers and the queue trigger, the apps' handlers and the pooled Python
    /// workers stop; the invocation log writer flushes after every invocation ended; the FunctionRpc
    /// server, which the handlers talk to, stops after them; the worker's process lock goes last.
    ///
    /// - Parameter drainOnStop: Whether a graceful shutdown drains the worker first (the process
    ///   runs the role: `hearth serve`, `hearth worker`); without it the front stops at once.
    public func makeServices(drainOnStop: Bool = false) async throws -> [any Service] {
        let proxies = try TrustedProxies(configuration.trustedProxies)
        let identity = try await FleetEnrolment.identity(store: store, configuration: configuration, logger: logger, at: Date())
        let membership = FleetMembership()
        let processLock = try await AbandonedInvocations(store: store, configuration: configuration, logger: logger).markAtStart()
        let logWriter = InvocationLogWriter(store: store, logger: logger)
        let rpcServer = FunctionRpcServer(maxMessageBytes: configuration.maxRequestBodyBytes + (16 << 20), logger: logger)
        let pool =
            configuration.pythonPoolSize > 0
            ? PythonWorkerPool(
                size: configuration.pythonPoolSize,
                runtime: configuration.pythonRuntime,
                server: rpcServer,
                launcher: launcher,
                configuration: configuration,
                logger: logger
            )
            : nil
        let catalog = AppCatalog(
            store: store,
            configuration: configuration,
            launcher: launcher,
            rpcServer: rpcServer,
            pythonPool: pool,
            membership: membership,
            logger: logger
        )
        let invoker = Invoker(
            logWriter: logWriter,
            workerID: configuration.workerID,
            workerInstance: configuration.instanceID,
            logger: logger,
            queueOutputs: QueueOutputWriter(store: store, signals: queueSignals)
        )
        let queues = QueueTriggerService(
            catalog: catalog,
            invoker: invoker,
            store: store,
            signals: queueSignals,
            logger: logger,
            lease: QueueTriggerService.seconds(configuration.queueLease)
        )
        let timers = TimerService(
            catalog: catalog,
            invoker: invoker,
            store: store,
            workerID: configuration.workerID,
            logger: logger,
            queues: queues
        )
        let router = FrontRouter(catalog: catalog, configuration: configuration, proxies: proxies)
        let forwarder = FleetForwarder(routing: catalog.routing, maxBodyBytes: configuration.maxRequestBodyBytes, logger: logger)
        let responder = FrontResponder(router: router, invoker: invoker, logger: logger, forwarder: forwarder)
        let onServerRunning = self.onServerRunning
        let serverName = "Hearth"
        let fastPath = configuration.fastPath
        let listener = configuration.listener
        let application = Application(
            responder: responder,
            server: .hearth(listener) { fastPath ? [FrontFastPath(router: router, invoker: invoker, serverName: serverName)] : [] },
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: serverName,
                availableConnectionsDelegate: ConnectionCap(limit: listener.maxConnections, listener: listener.name, logger: logger)
            ),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                membership.listening(on: port)
                await onServerRunning(port)
            },
            logger: logger
        )
        // The fleet heartbeat lives as long as the catalog whose load it reports; the drain follows it.
        catalog.runBeside(FleetHeartbeatService(store: store, catalog: catalog, configuration: configuration, identity: identity, logger: logger))
        let stopSignal = WorkerStopSignal()
        catalog.runBeside(WorkerDrainService(store: store, catalog: catalog, configuration: configuration, stop: stopSignal, logger: logger))
        await catalog.refresh(force: true)
        await readPlacementsAtStart(catalog.routing)
        var services: [any Service] = [WorkerProcessLockService(lock: processLock), rpcServer, logWriter]
        if let pool { services.append(pool) }
        services += [catalog, timers, application]
        if let tls = listener.tls { services.append(TLSReloadService(reloader: tls, logger: logger)) }
        // Last, so a graceful shutdown drains the worker before the front stops taking requests.
        if drainOnStop { services.append(WorkerStopGate(signal: stopSignal)) }
        return services
    }

    /// Reads the placements before the front listens, so no request reaches an app placed elsewhere
    /// first; the worker's row (by name) gives its id, and a worker without one has nothing placed.
    /// A worker without the master key also reads the forwarding key wrapped for it.
    private func readPlacementsAtStart(_ routing: FleetRouting) async {
        do {
            let row = try await store.worker(named: configuration.fleet.name)
            try await routing.refresh(store: store, selfID: row?.id)
        } catch {
            logger.warning("cannot read the fleet's placements at start; serving every app until the next heartbeat", metadata: ["error": "\(error)"])
        }
        await FleetHeartbeatService.refreshForwardingKey(routing, store: store, configuration: configuration, logger: logger)
    }

    /// Runs ``makeServices()`` in a `ServiceGroup` of its own, which follows the graceful shutdown
    /// of the group this role runs in (or ends on cancellation).
    public func run() async throws {
        let group = ServiceGroup(services: try await makeServices(), logger: logger)
        try await group.run()
    }
}
