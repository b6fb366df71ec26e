import Foundation
import HearthCore
import HearthRuntimes
import HearthStore
import Logging

/// Runs one app's functions in a language worker over FunctionRpc (the Python worker), as the
/// Azure Functions host does: start the worker (or take a pre-started one from the
/// ``PythonWorkerPool`` and specialise it), `WorkerInitRequest`, a `FunctionLoadRequest` per
/// function, then an `InvocationRequest` per call, many at once on the one stream. Restarts with
/// backoff, recycling past `functionTimeout` and idle stops are the ``WorkerSupervisor``'s.
final class RpcWorkerHost: Sendable {
    /// A ready worker with the app's functions loaded.
    struct Worker: SupervisedWorker {
        let base: RpcWorkerProcess
        /// Function ids by lower-cased function name.
        let functionIDs: [String: String]
        /// Functions the worker could not load, with its reason.
        let loadErrors: [String: String]
        /// The same failures as the Azure host writes them.
        var loadFailures: [String: AzureFailure] = [:]
        /// The pool slot the app's files were linked into (removed when the worker stops).
        let slot: URL?
        /// How it started, for the app status.
        let origin: String

        var startedAt: ContinuousClock.Instant { base.startedAt }

        var processIdentity: ObjectIdentifier { ObjectIdentifier(base.process) }

        var isAlive: Bool { base.process.exitStatus == nil && !base.connection.isClosed }

        var statusDescription: String {
            var text = "Python worker pid \(base.process.pid) (\(origin))"
            if !loadErrors.isEmpty {
                text +=
                    "; functions that failed to load: "
                    + loadErrors.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ")
            }
            return text
        }

        func failureDescription() async -> String {
            let exit = await base.process.exitStatus(waitingUpTo: .milliseconds(500))
            return "the language worker \(exit.map { "\($0)" } ?? "closed its connection")\(base.output.suffix())"
        }

        func terminate(grace: Duration) async {
            await base.stop(grace: grace)
            if let slot { PythonWorkerPool.remove(slot) }
        }
    }

    let appName: String
    let appID: UUID
    let appRoot: URL
    let functions: [FunctionDefinition]
    let settings: [String: String]
    let runtime: PythonRuntime
    let server: FunctionRpcServer
    let pool: PythonWorkerPool?
    let launcher: any ProcessLauncher
    let workerConfiguration: WorkerConfiguration
    let logger: Logger
    let supervisor: WorkerSupervisor<Worker>

    init(
        appName: String,
        appID: UUID,
        appRoot: URL,
        functions: [FunctionDefinition],
        settings: [String: String],
        runtime: PythonRuntime,
        server: FunctionRpcServer,
        pool: PythonWorkerPool?,
        launcher: any ProcessLauncher,
        store: any WorkerStore,
        workerConfiguration: WorkerConfiguration,
        logger: Logger
    ) {
        self.appName = appName
        self.appID = appID
        self.appRoot = appRoot
        self.functions = functions
        self.settings = settings
        self.runtime = runtime
        self.server = server
        self.pool = pool
        self.launcher = launcher
        self.workerConfiguration = workerConfiguration
        self.logger = logger
        supervisor = WorkerSupervisor(
            appName: appName,
            appID: appID,
            kind: "language worker",
            store: store,
            configuration: workerConfiguration,
            note: launcher.statusNote,
            logger: logger
        )
    }

    /// The ready worker, starting it if needed.
    func worker() async throws -> Worker { try await supervisor.worker { try await self.start() } }

    func recycle(_ worker: Worker, reason: String) async { await supervisor.recycle(worker, reason: reason) }

    /// Starts a new language worker (the supervisor's; callers use ``worker()``).
    func start() async throws -> Worker {
        let limits = try ResourceLimits(settings: settings, defaults: workerConfiguration.sandbox.defaultLimits)
        let timeout = workerConfiguration.handlerStartTimeout
        let defaults = workerConfiguration.sandbox.defaultLimits
        // A pooled sandbox's /tmp and network were fixed when it started: only an app with the same takes one.
        let poolable =
            limits.tmpBytes == defaults.tmpBytes && limits.outboundNetwork == defaults.outboundNetwork
            && limits.outboundAllow == defaults.outboundAllow
        if poolable, let pool, let slot = await pool.take() {
            do {
                // The pooled sandbox started with the default limits; the app's own take effect now.
                _ = try slot.worker.process.changeLimits(to: limits)
                let began = ContinuousClock.now
                try PythonWorkerPool.populate(slot.directory, from: appRoot)
                let linked = ContinuousClock.now
                try await slot.worker.specialise(appName: appName, settings: settings, appRoot: slot.directory.path, timeout: timeout)
                let reloaded = ContinuousClock.now
                let worker = try await load(slot.worker, slot: slot.directory, origin: "specialised from the pre-started pool")
                logger.debug(
                    "specialised a pre-started worker",
                    metadata: [
                        "app": "\(appName)", "linkFiles": "\(linked - began)", "environmentReload": "\(reloaded - linked)",
                        "functionLoad": "\(ContinuousClock.now - reloaded)",
                    ]
                )
                return worker
            } catch {
                // A pooled worker that fails to specialise is dropped; the app starts cold instead.
                logger.warning("cannot specialise a pre-started worker; starting one", metadata: ["app": "\(appName)", "error": "\(error)"])
                await PythonWorkerPool.discard(slot)
            }
        }
        let base = try await RpcWorkerProcess.startPython(
            runtime: runtime,
            appRoot: appRoot.path,
            label: appName,
            settings: settings,
            limits: limits,
            server: server,
            launcher: launcher,
            startTimeout: timeout,
            logger: logger
        )
        return try await load(base, slot: nil, origin: "started on demand")
    }

    /// `FunctionLoadRequest` for every enabled function, all at once.
    private func load(_ base: RpcWorkerProcess, slot: URL?, origin: String) async throws -> Worker {
        let timeout = workerConfiguration.handlerStartTimeout
        var ids: [String: String] = [:]
        var errors: [String: String] = [:]
        var failures: [String: AzureFailure] = [:]
        do {
            try await withThrowingTaskGroup(of: (String, String, RpcStatusResult?).self) { group in
                for function in functions where !function.disabled {
                    let id = UUID().uuidString.lowercased()
                    var message = RpcMessage()
                    message.functionLoadRequest = RpcInvocationMapping.loadRequest(function: function, functionID: id, appRoot: base.visibleRoot)
                    group.addTask {
                        let reply = try await base.call(
                            message,
                            expecting: .functionLoad(functionID: id),
                            timeout: timeout,
                            what: "FunctionLoadRequest"
                        )
                        guard case .functionLoadResponse(let response) = reply.content else {
                            var unexpected = RpcStatusResult()
                            unexpected.status = .failure
                            unexpected.exception.message = "an unexpected reply"
                            return (function.name, id, unexpected)
                        }
                        return (function.name, id, response.result.status == .success ? nil : response.result)
                    }
                }
                for try await (name, id, failure) in group {
                    guard let failure else {
                        ids[name.lowercased()] = id
                        continue
                    }
                    errors[name.lowercased()] = failure.failureText
                    failures[name.lowercased()] = failure.azureFailure
                    // What the Azure host logs for it.
                    let line = AzureFailure.loadFailedLine(function: name, functionID: id)
                    logger.warning(
                        "\(line)\n\(failure.azureFailure.text)",
                        metadata: ["app": "\(appName)", "function": "\(name)"]
                    )
                }
            }
        } catch {
            await base.stop(grace: .zero)
            if let slot { PythonWorkerPool.remove(slot) }
            throw error
        }
        logger.info(
            "language worker ready",
            metadata: ["app": "\(appName)", "pid": "\(base.process.pid)", "origin": "\(origin)", "functions": "\(ids.count)"]
        )
        return Worker(base: base, functionIDs: ids, loadErrors: errors, loadFailures: failures, slot: slot, origin: origin)
    }
}
