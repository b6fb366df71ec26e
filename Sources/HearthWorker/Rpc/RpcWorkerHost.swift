import Foundation
import HearthRuntimes
import HearthCore
import HearthStore
import Logging
import Synchronization

/// Runs one app's functions in a language worker over FunctionRpc (the Python worker), as the
/// Azure Functions host does: start the worker (or take a pre-started one from the
/// ``PythonWorkerPool`` and specialise it), `WorkerInitRequest`, a `FunctionLoadRequest` per
/// function, then an `InvocationRequest` per call, many at once on the one stream. A worker that
/// exits fails its running invocations and is started again on the next call, after a backoff
/// that doubles with each consecutive failure; one past `functionTimeout` is killed and restarted.
actor RpcWorkerHost {
    /// A ready worker with the app's functions loaded.
    struct Worker: Sendable {
        let base: RpcWorkerProcess
        /// Function ids by lower-cased function name.
        let functionIDs: [String: String]
        /// Functions the worker could not load, with its reason.
        let loadErrors: [String: String]
        /// The pool slot the app's files were linked into (removed when the worker stops).
        let slot: URL?
        /// How it started, for the app status.
        let origin: String
    }

    private enum State {
        case idle
        case starting
        case running(Worker)
        case backoff(reason: String, until: ContinuousClock.Instant)
        case stopped
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
    let store: any Store
    let workerConfiguration: WorkerConfiguration
    let logger: Logger

    private var state = State.idle
    private var failures = 0
    private var lastFailure: String?
    private var waiters: [CheckedContinuation<Worker, any Error>] = []
    private nonisolated let current = Mutex<Worker?>(nil)
    nonisolated let activity = Mutex(WorkerActivity())

    init(
        appName: String, appID: UUID, appRoot: URL, functions: [FunctionDefinition], settings: [String: String], runtime: PythonRuntime,
        server: FunctionRpcServer, pool: PythonWorkerPool?, launcher: any ProcessLauncher, store: any Store, workerConfiguration: WorkerConfiguration,
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
        self.store = store
        self.workerConfiguration = workerConfiguration
        self.logger = logger
    }

    /// The ready worker, starting it if needed.
    nonisolated func worker() async throws -> Worker {
        if let running = current.withLock({ $0 }), running.base.process.exitStatus == nil, !running.base.connection.isClosed { return running }
        return try await startIfNeeded()
    }

    private func startIfNeeded() async throws -> Worker {
        switch state {
        case .running(let worker):
            if worker.base.process.exitStatus != nil || worker.base.connection.isClosed {
                let exit = await exitDescription(worker)
                recordFailure("the language worker \(exit)\(worker.base.output.suffix())", ranSince: worker.base.startedAt)
                cleanUp(worker)
                try? await store.setAppStatus(appID: appID, AppStatus(state: "restarting", reason: lastFailure, workerID: workerConfiguration.workerID))
                return try await startIfNeeded()
            }
            return worker
        case .starting:
            return try await withCheckedThrowingContinuation { waiters.append($0) }
        case .stopped:
            throw WorkerError(.unavailable, "app '\(appName)' is being replaced; retry")
        case .backoff(let reason, let until):
            if ContinuousClock.now < until {
                throw WorkerError(.unavailable, "app '\(appName)' is not running: \(reason)")
            }
            fallthrough
        case .idle:
            state = .starting
            do {
                let worker = try await start()
                if case .stopped = state {
                    await terminate(worker, grace: .seconds(1))
                    throw WorkerError(.unavailable, "app '\(appName)' was replaced while starting; retry")
                }
                state = .running(worker)
                current.withLock { $0 = worker }
                for waiter in waiters { waiter.resume(returning: worker) }
                waiters = []
                try? await store.setAppStatus(appID: appID, AppStatus(state: "running", reason: runningReason(worker), workerID: workerConfiguration.workerID))
                return worker
            } catch {
                let message = (error as? WorkerError)?.message ?? "\(error)"
                recordFailure(message)
                for waiter in waiters { waiter.resume(throwing: error) }
                waiters = []
                try? await store.setAppStatus(appID: appID, AppStatus(state: "failed", reason: message, workerID: workerConfiguration.workerID))
                throw error
            }
        }
    }

    private func runningReason(_ worker: Worker) -> String {
        var parts = ["Python worker pid \(worker.base.process.pid) (\(worker.origin))"]
        if !worker.loadErrors.isEmpty {
            parts.append("functions that failed to load: " + worker.loadErrors.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; "))
        }
        if let note = launcher.statusNote { parts.append(note) }
        if let lastFailure { parts.append("restarted after: \(lastFailure)") }
        return parts.joined(separator: "; ")
    }

    private func recordFailure(_ reason: String, ranSince: ContinuousClock.Instant? = nil) {
        lastFailure = reason
        if let ranSince, ContinuousClock.now - ranSince > .seconds(60) { failures = 0 }
        failures += 1
        current.withLock { $0 = nil }
        let seconds = min(0.5 * pow(2, Double(failures - 1)), Double(workerConfiguration.maxRestartBackoff.components.seconds))
        state = .backoff(reason: reason, until: .now + .milliseconds(Int(seconds * 1000)))
        logger.warning("language worker failed", metadata: ["app": "\(appName)", "reason": "\(reason)", "retryInSeconds": "\(seconds)"])
    }

    /// Kills the worker (past its timeout); the next call starts a new one.
    func recycle(reason: String) async {
        guard case .running(let worker) = state else { return }
        lastFailure = reason
        current.withLock { $0 = nil }
        state = .idle
        logger.warning("recycling language worker", metadata: ["app": "\(appName)", "reason": "\(reason)"])
        await terminate(worker, grace: .zero)
        try? await store.setAppStatus(appID: appID, AppStatus(state: "restarting", reason: reason, workerID: workerConfiguration.workerID))
    }

    func stopIfIdle(_ idle: Duration) async -> Bool {
        guard case .running(let worker) = state, activity.withLock({ $0.isIdle(for: idle) }) else { return false }
        current.withLock { $0 = nil }
        state = .idle
        logger.info("stopping idle language worker", metadata: ["app": "\(appName)", "idle": "\(idle)"])
        await terminate(worker, grace: .seconds(2))
        try? await store.setAppStatus(appID: appID, AppStatus(state: "idle", reason: "stopped after \(idle) without invocations; the next invocation starts it", workerID: workerConfiguration.workerID))
        return true
    }

    func stop() async {
        let previous = state
        state = .stopped
        current.withLock { $0 = nil }
        if case .running(let worker) = previous { await terminate(worker, grace: .seconds(5)) }
    }

    private func terminate(_ worker: Worker, grace: Duration) async {
        worker.base.connection.close(reason: "was stopped")
        await worker.base.process.terminate(grace: grace)
        cleanUp(worker)
    }

    private func cleanUp(_ worker: Worker) {
        if let slot = worker.slot { PythonWorkerPool.remove(slot) }
    }

    /// How the worker ended, waiting briefly for its exit status (the stream closes first).
    private func exitDescription(_ worker: Worker) async -> String {
        for _ in 0..<50 where worker.base.process.exitStatus == nil {
            try? await Task.sleep(for: .milliseconds(10))
        }
        return worker.base.process.exitStatus.map { "\($0)" } ?? "closed its connection"
    }

    private func start() async throws -> Worker {
        let limits = try ResourceLimits(settings: settings, defaults: workerConfiguration.sandbox.defaultLimits)
        let timeout = workerConfiguration.handlerStartTimeout
        if limits == workerConfiguration.sandbox.defaultLimits, let pool, let slot = await pool.take() {
            do {
                let began = ContinuousClock.now
                try PythonWorkerPool.populate(slot.directory, from: appRoot)
                let linked = ContinuousClock.now
                try await slot.worker.specialise(settings: settings, appRoot: slot.directory.path, timeout: timeout)
                let reloaded = ContinuousClock.now
                let worker = try await load(slot.worker, slot: slot.directory, origin: "specialised from the pre-started pool")
                logger.debug("specialised a pre-started worker", metadata: [
                    "app": "\(appName)", "linkFiles": "\(linked - began)", "environmentReload": "\(reloaded - linked)",
                    "functionLoad": "\(ContinuousClock.now - reloaded)",
                ])
                return worker
            } catch {
                // A pooled worker that fails to specialise is dropped; the app starts cold instead.
                logger.warning("cannot specialise a pre-started worker; starting one", metadata: ["app": "\(appName)", "error": "\(error)"])
                slot.worker.connection.close(reason: "was dropped")
                await slot.worker.process.terminate(grace: .zero)
                PythonWorkerPool.remove(slot.directory)
            }
        }
        let base = try await RpcWorkerProcess.startPython(
            runtime: runtime, appRoot: appRoot.path, label: appName, settings: settings, limits: limits, server: server, launcher: launcher,
            startTimeout: timeout, logger: logger)
        return try await load(base, slot: nil, origin: "started on demand")
    }

    /// `FunctionLoadRequest` for every enabled function, all at once.
    private func load(_ base: RpcWorkerProcess, slot: URL?, origin: String) async throws -> Worker {
        let connection = base.connection
        let root = base.visibleRoot
        let timeout = workerConfiguration.handlerStartTimeout
        var ids: [String: String] = [:]
        var errors: [String: String] = [:]
        do {
            try await withThrowingTaskGroup(of: (String, String, String?).self) { group in
                for function in functions where !function.disabled {
                    let id = UUID().uuidString.lowercased()
                    var message = RpcMessage()
                    message.requestID = UUID().uuidString.lowercased()
                    message.functionLoadRequest = RpcInvocationMapping.loadRequest(function: function, functionID: id, appRoot: root)
                    group.addTask {
                        let reply = try await withDeadline(timeout) { [message] in try await connection.request(message, expecting: .functionLoad(functionID: id)) }
                        guard case .functionLoadResponse(let response) = reply.content else { return (function.name, id, "an unexpected reply") }
                        return (function.name, id, response.result.status == .success ? nil : response.result.failureText)
                    }
                }
                for try await (name, id, error) in group {
                    if let error { errors[name.lowercased()] = error } else { ids[name.lowercased()] = id }
                }
            }
        } catch {
            connection.close(reason: "was stopped")
            await base.process.terminate(grace: .zero)
            if let slot { PythonWorkerPool.remove(slot) }
            if error is DeadlineExceeded { throw WorkerError(.startFailed, "the language worker did not answer FunctionLoadRequest within \(timeout)\(base.output.suffix())") }
            throw error
        }
        for (name, error) in errors { logger.warning("function failed to load", metadata: ["app": "\(appName)", "function": "\(name)", "error": "\(error)"]) }
        logger.info("language worker ready", metadata: ["app": "\(appName)", "pid": "\(base.process.pid)", "origin": "\(origin)", "functions": "\(ids.count)"])
        return Worker(base: base, functionIDs: ids, loadErrors: errors, slot: slot, origin: origin)
    }
}
