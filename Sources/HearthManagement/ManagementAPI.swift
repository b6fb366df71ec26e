import HearthCore
public import HearthListeners
public import HearthStore
public import Hummingbird
public import Logging
import NIOCore
import ServiceLifecycle

/// The management REST API: tenants, apps, deployments, settings, keys, invocation logs and API tokens.
///
/// ```swift
/// let api = ManagementAPI(store: store, configuration: ManagementConfiguration(), logger: logger)
/// let app = api.makeApplication(configuration: .init(address: .hostname("127.0.0.1", port: 7070)))
/// // run `app` (and `api.retentionService()`) in the process's ServiceGroup
/// ```
public struct ManagementAPI: Sendable {
    /// The store everything is read from and written to.
    public let store: any ManagementStore
    /// API settings.
    public let configuration: ManagementConfiguration
    /// The API's logger.
    public let logger: Logger
    /// Processes Kudu deployments; runs as a service of ``makeApplication(configuration:)``.
    public let deploymentQueue: DeploymentQueue
    /// Parsed app metadata per package digest, for showing apps and deployments.
    let appCache = ValidatedPackageCache()
    /// The fleet `GET /api/lb/haproxy` describes: ``StoreFleetProvider`` (registered workers and
    /// placements; the pre-fleet view of ``SingleWorkerFleetProvider`` while no worker has registered).
    package var loadBalancerFleet: any LoadBalancerFleetProvider

    /// Creates the API.
    /// - Parameters:
    ///   - store: The instance's store.
    ///   - configuration: API settings.
    ///   - logger: Where requests and failures are logged (never secret values or tokens).
    public init(
        store: any ManagementStore,
        configuration: ManagementConfiguration = ManagementConfiguration(),
        logger: Logger = Logger(label: "hearth.management")
    ) {
        self.store = store
        self.configuration = configuration
        self.logger = logger
        self.deploymentQueue = DeploymentQueue(store: store, configuration: configuration, logger: logger)
        self.loadBalancerFleet = StoreFleetProvider(store: store, configuration: configuration)
    }

    /// The router with every route. `GET /api/health` needs no token; everything else under `/api`
    /// goes through ``TokenAuthMiddleware``; the Kudu-compatible endpoint under `/scm/{app}/api`
    /// through ``KuduAuthMiddleware`` (publishing credentials or a token); errors become JSON
    /// through ``ErrorMiddleware``. Serve it through ``ScmHostRouter`` to answer `{app}.scm.{baseDomain}`.
    public func buildRouter() -> Router<ManagementRequestContext> {
        let router = Router(context: ManagementRequestContext.self)
        router.add(middleware: ErrorMiddleware<ManagementRequestContext>())
        HealthRoutes(warnings: configuration.securityWarnings).register(on: router)
        KuduRoutes(store: store, configuration: configuration, queue: deploymentQueue, appCache: appCache).register(on: router)
        let api = router.group("api")
            .add(middleware: AuditMiddleware(trail: auditTrail, store: store))
            .add(middleware: TokenAuthMiddleware(store: store))
            .add(middleware: AuditCallerCapture())
        TenantRoutes(store: store).register(on: api)
        TenantDomainRoutes(store: store, configuration: configuration).register(on: api)
        AppRoutes(store: store, configuration: configuration, appCache: appCache).register(on: api)
        DeploymentRoutes(store: store, configuration: configuration).register(on: api)
        SettingsRoutes(store: store).register(on: api)
        KeyRoutes(store: store).register(on: api)
        InvocationRoutes(store: store).register(on: api)
        TokenRoutes(store: store).register(on: api)
        PublishingRoutes(store: store, configuration: configuration).register(on: api)
        AuditRoutes(store: store).register(on: api)
        QueueRoutes(store: store, signals: configuration.queueSignals).register(on: api)
        QueueAccountRoutes(store: store).register(on: api)
        WorkerRoutes(store: store, liveness: WorkerStatus.Liveness(downAfter: Double(configuration.workerDownAfter.components.seconds))).register(
            on: api
        )
        LoadBalancerRoutes(provider: loadBalancerFleet).register(on: api)
        return router
    }

    /// A Hummingbird application serving ``buildRouter()`` (with `{app}.scm.{baseDomain}` requests
    /// mapped to the Kudu routes by ``ScmHostRouter``), to run as a `Service`. The application
    /// also runs ``deploymentQueue``.
    /// - Parameters:
    ///   - configuration: Address and server options (default `127.0.0.1:8080`; pass the
    ///     management port).
    ///   - listener: Time limits for slow and idle clients, the connection cap and TLS; the
    ///     certificate files are looked at every 2 s and reloaded when they change.
    ///   - onServerRunning: Called with the bound port once the API listens (port 0 picks a free one).
    public func makeApplication(
        configuration: ApplicationConfiguration,
        listener: ListenerConfiguration = ListenerConfiguration(name: "management API"),
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        makeApplication(
            configuration: configuration,
            listener: listener,
            router: ScmHostRouter(buildRouter(), baseDomain: self.configuration.baseDomain),
            onServerRunning: onServerRunning
        )
    }

    /// The same application with another responder in front of the routes: a
    /// ``ManagementFrontDoor`` that also serves the portal under `/`.
    /// - Parameters:
    ///   - configuration: Address and server options.
    ///   - listener: Time limits, the connection cap and TLS.
    ///   - router: The responder (``ScmHostRouter`` over ``buildRouter()``, or a ``ManagementFrontDoor``).
    ///   - onServerRunning: Called with the bound port once the API listens.
    public func makeApplication<Builder: HTTPResponderBuilder>(
        configuration: ApplicationConfiguration,
        listener: ListenerConfiguration = ListenerConfiguration(name: "management API"),
        router: Builder,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol
    where Builder.Responder.Context: InitializableFromSource<ApplicationRequestContextSource> {
        var configuration = configuration
        configuration.availableConnectionsDelegate = ConnectionCap(limit: listener.maxConnections, listener: listener.name, logger: logger)
        var services: [any Service] = [deploymentQueue]
        if let tls = listener.tls { services.append(TLSReloadService(reloader: tls, logger: logger)) }
        return Application(
            router: router,
            server: .hearth(listener),
            configuration: configuration,
            services: services,
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger
        )
    }

    /// Disables stored custom host names that break ``HostNameRules`` (names kept from before the
    /// rules: IP literals, Hearth's own names, names outside the tenant's domains), logging each.
    /// - Returns: One line per disabled name, for the operator.
    public func disableInvalidHostNames() async throws -> [String] {
        try await HostNameAudit(store: store, rules: HostNameRules(configuration), logger: logger).run().map {
            "custom host name '\($0.hostName)' of app '\($0.appName)' no longer routes: \($0.reason)"
        }
    }

    /// Where changes are recorded (the API's and Kudu's middleware, the portal, the CLI).
    public var auditTrail: AuditTrail { AuditTrail(store: store, logger: logger) }

    /// The service that prunes the audit log to ``InstanceSettings/auditRetentionDays`` daily.
    public func auditRetentionService() -> AuditRetentionService {
        AuditRetentionService(store: store, logger: logger)
    }

    /// The placer (``PlacerService``): one management instance at a time places the apps on the
    /// fleet's workers, `--worker-down-after` deciding when a silent worker is `down`.
    public func placerService() -> PlacerService {
        var placer = PlacerService.Configuration()
        placer.liveness = WorkerStatus.Liveness(downAfter: PlacerService.seconds(configuration.workerDownAfter))
        return PlacerService(store: store, configuration: placer, metrics: configuration.metrics, logger: logger)
    }

    /// The service that deletes expired queue messages every ``ManagementConfiguration/queuePurgeInterval``.
    public func queuePurgeService() -> QueuePurgeService {
        QueuePurgeService(store: store, interval: configuration.queuePurgeInterval, logger: logger)
    }

    /// The service that prunes the invocation log to ``ManagementConfiguration/invocationRetention``.
    public func retentionService() -> InvocationRetentionService {
        InvocationRetentionService(
            store: store,
            retention: configuration.invocationRetention,
            interval: configuration.retentionInterval,
            logger: logger
        )
    }
}
