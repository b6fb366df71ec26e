import Foundation
import HearthCore
import HearthRuntimes
import HearthStore
import Logging
import ServiceLifecycle
import Synchronization

/// The apps this worker serves, kept in step with the store.
///
/// Every ``WorkerConfiguration/pollInterval`` it reads the store's change counter; when it moved,
/// it reloads apps, deployments, settings and keys. A new deployment is unpacked (once per package
/// SHA-256) and parsed before it replaces the old one, so requests never see a half-loaded app.
/// Replaced handlers are stopped after a grace period, letting in-flight invocations finish.
final class AppCatalog: Sendable {
    struct Snapshot: Sendable {
        var apps: [String: LoadedApp] = [:]
        var hostNames: [String: String] = [:]
    }

    private let store: any WorkerStore
    private let configuration: WorkerConfiguration
    private let launcher: any ProcessLauncher
    private let logger: Logger
    private let state = Mutex(Snapshot())
    private let refresher: Refresher
    private let unpacker: PackageUnpacker
    /// The gRPC server language workers connect to, and the pre-started Python workers.
    private let rpcServer: FunctionRpcServer
    let pythonPool: PythonWorkerPool?
    /// This worker's standing in the fleet: once revoked it serves no apps.
    let membership: FleetMembership
    /// Where each app is served in the fleet: apps placed only elsewhere are not started, timed
    /// or queue-polled here, and their requests are forwarded.
    let routing: FleetRouting
    /// Parts that live exactly as long as the catalog (the fleet heartbeat), run beside its loop.
    private let companions = Mutex<[any Service]>([])

    init(
        store: any WorkerStore,
        configuration: WorkerConfiguration,
        launcher: any ProcessLauncher,
        rpcServer: FunctionRpcServer,
        pythonPool: PythonWorkerPool?,
        membership: FleetMembership = FleetMembership(),
        routing: FleetRouting? = nil,
        logger: Logger
    ) {
        self.membership = membership
        self.routing = routing ?? FleetRouting(key: configuration.fleet.forwardingKey)
        self.store = store
        self.configuration = configuration
        self.launcher = launcher
        self.rpcServer = rpcServer
        self.pythonPool = pythonPool
        self.logger = logger
        self.refresher = Refresher()
        self.unpacker = PackageUnpacker(dataDirectory: configuration.dataDirectory, logger: logger)
    }

    /// The app setting that overrides ``WorkerConfiguration/idleTimeout`` (seconds, 0 = never).
    static let idleTimeoutSetting = "HEARTH_IDLE_TIMEOUT_SECONDS"

    var snapshot: Snapshot { state.withLock { $0 } }

    func app(named name: String) -> LoadedApp? {
        let key = name.lowercasedIfNeeded()
        return state.withLock { $0.apps[key] }
    }

    func app(hostName: String) -> LoadedApp? {
        let key = hostName.lowercasedIfNeeded()
        return state.withLock { s in s.hostNames[key].flatMap { s.apps[$0] } }
    }

    /// Runs `service` beside the catalog's loop, from its start until its graceful shutdown.
    func runBeside(_ service: any Service) { companions.withLock { $0.append(service) } }

    /// Polls the store until cancelled, then stops every handler.
    func run() async {
        unpacker.prepareAtStart()
        let companions = self.companions.withLock { $0 }
        await withTaskGroup(of: Void.self) { group in
            for companion in companions {
                group.addTask {
                    do { try await companion.run() } catch { self.logger.error("\(type(of: companion)) failed", metadata: ["error": "\(error)"]) }
                }
            }
            group.addTask { await self.keepAlwaysReadyStarted() }
            await self.poll()
            group.cancelAll()
        }
        let all = state.withLock { s in
            defer { s = Snapshot() }
            return Array(s.apps.values)
        }
        for app in all { await app.handler.stop() }
        await refresher.stopRetired(force: true)
    }

    /// The loop: refreshes from the store and stops idle workers until graceful shutdown.
    private func poll() async {
        await cancelWhenGracefulShutdown {
            var lastIdleCheck = ContinuousClock.now
            while !Task.isCancelled {
                await self.refresh()
                if ContinuousClock.now - lastIdleCheck >= .seconds(1) {
                    lastIdleCheck = .now
                    await self.stopIdleWorkers()
                }
                try? await Task.sleep(for: self.configuration.pollInterval)
            }
        }
    }

    /// The loop that starts the apps this worker keeps started, every poll interval until graceful
    /// shutdown: at start, after a reload or a routing change, after a crash (once the supervisor's
    /// backoff is over). Beside ``poll()``, so a slow start never holds up reloads.
    private func keepAlwaysReadyStarted() async {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.startAlwaysReadyWorkers()
                try? await Task.sleep(for: self.configuration.pollInterval)
            }
        }
    }

    /// Whether this worker keeps `app` started: `HEARTH_ALWAYS_READY` > 0 and this is one of the
    /// first that many workers of its placement, or it is placed nowhere (served by every worker).
    func keepsStarted(_ app: LoadedApp, routes: FleetRoutes) -> Bool {
        routes.keepsStarted(appID: app.record.id, alwaysReady: app.alwaysReady)
    }

    /// Starts, side by side, the handlers of the apps this worker keeps started that do not run.
    /// The supervisor decides: a start in flight, a backoff or a stop leaves an app as it is.
    func startAlwaysReadyWorkers() async {
        let routes = routing.current
        let due = snapshot.apps.values.filter { keepsStarted($0, routes: routes) && !$0.handler.isRunning }
        await withTaskGroup(of: Void.self) { group in
            for app in due { group.addTask { await app.handler.warm() } }
        }
    }

    /// The load the fleet heartbeat reports: apps whose process runs, and calls running (in all and
    /// by app). Sandbox memory is not measured here yet (reported as 0).
    var fleetLoad: WorkerLoad {
        let apps = snapshot.apps.values
        return WorkerLoad(
            appsRunning: apps.filter { $0.handler.isRunning }.count,
            sandboxMemoryBytes: 0,
            inFlightInvocations: apps.reduce(0) { $0 + $1.handler.callsInFlight },
            inFlightByApp: Dictionary(
                apps.compactMap { $0.handler.callsInFlight > 0 ? ($0.record.id, $0.handler.callsInFlight) : nil },
                uniquingKeysWith: +
            )
        )
    }

    /// Stops the worker processes of apps idle for longer than their idle timeout (scale to zero),
    /// except those this worker keeps started (``keepsStarted(_:routes:)``).
    func stopIdleWorkers() async {
        let routes = routing.current
        for app in snapshot.apps.values {
            if keepsStarted(app, routes: routes) { continue }
            let idle: Duration?
            if let value = app.settings[Self.idleTimeoutSetting], let seconds = Int(value.trimmingCharacters(in: .whitespaces)), seconds >= 0 {
                idle = seconds == 0 ? nil : .seconds(seconds)
            } else {
                idle = configuration.idleTimeout
            }
            if let idle { _ = await app.handler.stopIfIdle(idle) }
        }
    }

    /// Reloads from the store if anything changed (or always, with `force`). Serialised: concurrent
    /// callers wait for the reload in progress.
    func refresh(force: Bool = false) async {
        await refresher.run { lastVersion in
            let version: Int64
            do {
                version = try await self.store.changeVersion()
            } catch {
                self.logger.error("cannot read the store", metadata: ["error": "\(error)"])
                return lastVersion
            }
            guard force || version != lastVersion else { return lastVersion }
            do {
                let retired = try await self.reload()
                await self.refresher.retire(retired)
            } catch {
                self.logger.error("cannot reload apps", metadata: ["error": "\(error)"])
                return lastVersion
            }
            return version
        }
        await refresher.stopRetired(force: false)
    }

    /// Builds the new snapshot; returns the handlers that were replaced.
    private func reload() async throws -> [any AppWorker] {
        let current = snapshot
        var next = Snapshot()
        var retired: [any AppWorker] = []
        // A revoked worker serves no apps: their handlers stop, timers and queue triggers find none.
        for record in membership.isRevoked ? [] : try await store.apps(tenantID: nil) {
            guard let deploymentID = record.activeDeploymentID else { continue }
            let existing = current.apps[record.name]
            do {
                let settingsList = try await store.settings(appID: record.id)
                let settings = Dictionary(settingsList.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
                let keys = Self.keySet(try await store.keys(appID: record.id))
                let app: LoadedApp
                if let existing, existing.deployment.id == deploymentID, existing.settings == settings {
                    app = existing
                } else {
                    app = try await load(record: record, deploymentID: deploymentID, settings: settings, keys: keys)
                    if let existing { retired.append(existing.handler) }
                    let start = keepsStarted(app, routes: routing.current) ? "is started now (HEARTH_ALWAYS_READY)" : "starts on the first invocation"
                    try? await store.setAppStatus(
                        appID: record.id,
                        AppStatus(state: "ready", reason: "deployment \(deploymentID) loaded; the handler \(start)", workerID: configuration.workerID)
                    )
                }
                next.apps[record.name] = app.with(record: record, keys: keys)
                for host in record.hostNames { next.hostNames[host.lowercased()] = record.name }
            } catch  where !routing.isLocal(appID: record.id) {
                // Placed only on other workers: a joined worker holds no key to its secrets, and the
                // workers it runs on report its status, so this one neither serves nor marks it.
                logger.debug("app placed elsewhere is not loaded here", metadata: ["app": "\(record.name)", "error": "\(error)"])
                if let existing { next.apps[record.name] = existing }
            } catch {
                logger.error("cannot load app", metadata: ["app": "\(record.name)", "error": "\(error)"])
                try? await store.setAppStatus(appID: record.id, AppStatus(state: "failed", reason: "\(error)", workerID: configuration.workerID))
                if let existing { next.apps[record.name] = existing }
            }
        }
        for (name, app) in current.apps where next.apps[name] == nil { retired.append(app.handler) }
        state.withLock { $0 = next }
        return retired
    }

    private func load(record: AppRecord, deploymentID: UUID, settings: [String: String], keys: KeySet) async throws -> LoadedApp {
        guard let deployment = try await store.deployment(id: deploymentID) else {
            throw WorkerError(.packageMissing, "deployment \(deploymentID) of app '\(record.name)' is not in the store")
        }
        let root = try await unpacker.unpack(deployment, store: store)
        let files = Self.listFiles(root)
        let model: FunctionApp
        do {
            model = try FunctionAppLoader.load(files: files, settings: settings) { try PackageUnpacker.readDescriptor($0, in: root) }
        } catch {
            throw WorkerError(.badResponse, "deployment \(deploymentID) does not load with the current settings: \(error)")
        }
        var routes: [RouteTable.Entry] = []
        var functions: [String: FunctionDefinition] = [:]
        for function in model.functions {
            functions[function.name.lowercased()] = function
            if case .http(let trigger) = function.trigger, !function.disabled {
                routes.append(RouteTable.Entry(functionName: function.name, route: trigger.route, methods: trigger.methods))
            }
        }
        let handler: any AppWorker
        if model.host.customHandler == nil, model.workerRuntime?.lowercased() == "python" {
            // Python apps run in the official Python worker, over FunctionRpc.
            handler = RpcWorkerHost(
                appName: record.name,
                appID: record.id,
                appRoot: root,
                functions: model.functions,
                settings: settings,
                runtime: configuration.pythonRuntime,
                server: rpcServer,
                pool: pythonPool,
                launcher: launcher,
                store: store,
                workerConfiguration: configuration,
                logger: logger
            )
        } else {
            var handlerConfiguration =
                model.host.customHandler
                ?? CustomHandlerConfiguration(executablePath: "", arguments: [], workingDirectory: nil, enableForwardingHttpRequest: false)
            var mounts: [ProcessSpec.Mount] = []
            if model.host.customHandler == nil, model.workerRuntime?.lowercased() == "node" {
                // Classic JavaScript apps run under Hearth's own Node worker, which speaks the custom-handler protocol.
                (handlerConfiguration, mounts) = try NodeWorkerScript.install(
                    dataDirectory: configuration.dataDirectory,
                    node: configuration.nodeExecutable
                )
            }
            handler = CustomHandlerHost(
                appName: record.name,
                appID: record.id,
                appRoot: root,
                configuration: handlerConfiguration,
                settings: settings,
                mounts: mounts,
                launcher: launcher,
                store: store,
                workerConfiguration: configuration,
                logger: logger
            )
        }
        let timeZone = settings["WEBSITE_TIME_ZONE"].flatMap { TimeZone(identifier: $0) } ?? TimeZone(identifier: "UTC")!
        return LoadedApp(
            record: record,
            deployment: deployment,
            model: model,
            root: root,
            routes: RouteTable(routes),
            functions: functions,
            keys: keys,
            settings: settings,
            timeZone: timeZone,
            handler: handler,
            requestGate: AppRequestGate.make(
                maxConcurrent: model.host.maxConcurrentRequests ?? configuration.maxConcurrentRequests,
                maxOutstanding: model.host.maxOutstandingRequests ?? configuration.maxOutstandingRequests
            ),
            metrics: Dictionary(
                functions.values.map { ($0.name, configuration.metrics.function(app: record.name, function: $0.name)) },
                uniquingKeysWith: { first, _ in first }
            )
        )
    }

    static func listFiles(_ root: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        let prefix = root.standardizedFileURL.path.count + 1
        var files: [String] = []
        for case let url as URL in enumerator where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            files.append(String(url.standardizedFileURL.path.dropFirst(prefix)))
        }
        return files.sorted()
    }

    static func keySet(_ keys: [FunctionKey]) -> KeySet {
        var set = KeySet()
        for key in keys {
            switch key.scope {
            case .master: set.masterKey = key.value
            case .host: set.hostKeys[key.name] = key.value
            case .system: set.systemKeys[key.name] = key.value
            default:
                if let function = key.functionName { set.functionKeys[function.lowercased(), default: [:]][key.name] = key.value }
            }
        }
        return set
    }
}

/// Serialises reloads and keeps replaced handlers until their grace period is over.
private actor Refresher {
    private var lastVersion: Int64 = -1
    private var retired: [(handler: any AppWorker, at: ContinuousClock.Instant)] = []

    func run(_ body: @Sendable (Int64) async -> Int64) async {
        lastVersion = await body(lastVersion)
    }

    func retire(_ handlers: [any AppWorker]) {
        retired += handlers.map { ($0, ContinuousClock.now) }
    }

    /// Stops handlers replaced more than 10 s ago (all of them with `force`).
    func stopRetired(force: Bool) async {
        let due = retired.filter { force || ContinuousClock.now - $0.at > .seconds(10) }
        retired.removeAll { entry in due.contains { $0.handler === entry.handler } }
        for entry in due { await entry.handler.stop() }
    }
}
