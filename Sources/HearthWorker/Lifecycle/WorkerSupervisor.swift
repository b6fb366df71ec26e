import Foundation
import HearthCore
import HearthStore
import Logging
import Synchronization

/// Starts one app's worker process on demand and keeps it, for every kind of worker
/// (``CustomHandlerHost``, ``RpcWorkerHost``): concurrent callers share one start; a worker that
/// died is started again on the next call, after a backoff that doubles with each consecutive
/// failure (0.5 s … ``WorkerConfiguration/maxRestartBackoff``), while calls fail fast with 503
/// instead of hanging; `recycle` kills a stuck worker; `stopIfIdle` stops an unused one (scale to
/// zero); `warm` starts it ahead of any call (`HEARTH_ALWAYS_READY`); every change is written to
/// the app's status.
actor WorkerSupervisor<Worker: SupervisedWorker> {
    let appName: String
    let appID: UUID
    /// "custom handler", "language worker": for logs.
    let kind: String
    let store: any WorkerStore
    let configuration: WorkerConfiguration
    /// A remark for the running status (the launcher's warning when apps are not isolated).
    let note: String?
    let logger: Logger

    private var machine: StateMachine
    private var waiters: [CheckedContinuation<Worker, any Error>] = []
    /// The running worker, readable without hopping onto the actor (the hot path).
    private nonisolated let current = Mutex<Worker?>(nil)
    /// Calls in flight and the last use, for ``stopIfIdle(_:)``.
    private nonisolated let activity = Mutex(WorkerActivity())

    init(
        appName: String,
        appID: UUID,
        kind: String,
        store: any WorkerStore,
        configuration: WorkerConfiguration,
        note: String?,
        logger: Logger
    ) {
        self.appName = appName
        self.appID = appID
        self.kind = kind
        self.store = store
        self.configuration = configuration
        self.note = note
        self.logger = logger
        self.machine = StateMachine(
            backoff: Backoff(initial: .milliseconds(500), maximum: .seconds(configuration.maxRestartBackoff.components.seconds))
        )
    }

    /// The running worker, started with `start` if needed.
    nonisolated func worker(start: @escaping @Sendable () async throws -> Worker) async throws -> Worker {
        if let running = current.withLock({ $0 }), running.isAlive { return running }
        return try await startIfNeeded(start)
    }

    /// The worker when it runs now, without starting one or waiting (the front's warm path).
    nonisolated var runningWorker: Worker? {
        guard let running = current.withLock({ $0 }), running.isAlive else { return nil }
        return running
    }

    /// Runs `body` as one call: the worker is not idle while it runs.
    nonisolated func tracking<T>(_ body: () async throws -> T) async rethrows -> T {
        beginCall()
        defer { endCall() }
        return try await body()
    }

    /// A call begins: the worker is not idle until the matching ``endCall()``.
    nonisolated func beginCall() { activity.withLock { $0.begin() } }

    nonisolated func endCall() { activity.withLock { $0.end() } }

    /// Calls running now (the fleet heartbeat's in-flight figure).
    nonisolated var callsInFlight: Int { activity.withLock { $0.running } }

    private func startIfNeeded(_ start: @escaping @Sendable () async throws -> Worker) async throws -> Worker {
        switch machine.requestWorker(now: .now) {
        case .use(let worker):
            return worker
        case .reap(let worker):
            await reap(worker)
            return try await startIfNeeded(start)
        case .wait:
            return try await withCheckedThrowingContinuation { waiters.append($0) }
        case .reject(.stopped):
            throw WorkerError(.unavailable, "app '\(appName)' is being replaced; retry")
        case .reject(.backingOff(let reason, let retryIn)):
            let wait = retryIn.formatted(.units(allowed: [.seconds, .milliseconds], width: .narrow))
            throw WorkerError(.unavailable, "app '\(appName)' is not running: \(reason) (next start attempt in \(wait))")
        case .start:
            return try await runStart(start)
        }
    }

    /// Starts the worker with `start` unless it runs, starts or backs off, or the supervisor
    /// stopped (``StateMachine/warm(now:)``): `HEARTH_ALWAYS_READY` keeps it started ahead of any
    /// call. A failed start is one like any other (metrics, backoff, status, log); it is not thrown.
    func warm(_ start: @escaping @Sendable () async throws -> Worker) async {
        switch machine.warm(now: .now) {
        case .nothing:
            return
        case .reap(let worker):
            await reap(worker)
            await warm(start)
        case .start:
            logger.info("starting \(kind) ahead of calls", metadata: ["app": "\(appName)", "reason": "HEARTH_ALWAYS_READY"])
            _ = try? await runStart(start)
        }
    }

    /// Collects why the running `worker` died, releases it and records the failure (backoff).
    private func reap(_ worker: Worker) async {
        let reason = await worker.failureDescription()
        await worker.terminate(grace: .zero)  // releases what it holds; the process is gone
        // The actor may have been re-entered meanwhile: only the same worker's death counts.
        if let failure = machine.workerDied(worker, reason: reason, now: .now) {
            enteredBackoff(failure)
            await setStatus("restarting", reason)
        }
    }

    /// Runs the start the machine asked for and reports its outcome to the machine and the waiters.
    private func runStart(_ start: @escaping @Sendable () async throws -> Worker) async throws -> Worker {
        // The start runs in its own task: a caller that goes away (a client disconnect) must not
        // cancel a start that other callers wait for.
        let starting = Task { try await start() }
        switch await starting.result {
        case .success(let worker):
            switch machine.startSucceeded(worker) {
            case .discard(let worker):
                await worker.terminate(grace: .seconds(2))
                throw replacedWhileStarting()
            case .publish(let worker):
                configuration.metrics.coldStart(app: appName)
                current.withLock { $0 = worker }
                resumeWaiters(with: .success(worker))
                await setStatus("running", runningReason(worker))
                return worker
            }
        case .failure(let error):
            configuration.metrics.startFailed(app: appName)
            let message = (error as? WorkerError)?.message ?? "\(error)"
            switch machine.startFailed(reason: message, now: .now) {
            case .stopped:
                throw replacedWhileStarting()
            case .backoff(let failure):
                enteredBackoff(failure)
                resumeWaiters(with: .failure(error))
                await setStatus("failed", message)
                throw error
            }
        }
    }

    /// Fails the callers waiting for a start that finished after ``stop()``.
    private func replacedWhileStarting() -> WorkerError {
        let error = WorkerError(.unavailable, "app '\(appName)' was replaced while starting; retry")
        resumeWaiters(with: .failure(error))
        return error
    }

    private func resumeWaiters(with result: Result<Worker, any Error>) {
        for waiter in waiters { waiter.resume(with: result) }
        waiters = []
    }

    private func runningReason(_ worker: Worker) -> String {
        var parts = [worker.statusDescription]
        if let note { parts.append(note) }
        if let lastFailure = machine.lastFailure { parts.append("restarted after: \(lastFailure)") }
        return parts.joined(separator: "; ")
    }

    /// The worker failed and the machine entered its backoff.
    private func enteredBackoff(_ failure: StateMachine.Failure) {
        current.withLock { $0 = nil }
        let seconds = Double(failure.retryIn.components.seconds) + Double(failure.retryIn.components.attoseconds) / 1e18
        logger.warning("\(kind) failed", metadata: ["app": "\(appName)", "reason": "\(failure.reason)", "retryInSeconds": "\(seconds)"])
    }

    /// Kills `worker` if it is still the running one (after a timeout, or when it stopped
    /// answering); the next call starts a new one.
    func recycle(_ worker: Worker, reason: String) async {
        guard machine.recycle(worker, reason: reason) else { return }
        current.withLock { $0 = nil }
        // Both callers recycle a worker that ran past functionTimeout.
        configuration.metrics.sandboxKilled(app: appName, reason: "timeout")
        logger.warning("recycling \(kind)", metadata: ["app": "\(appName)", "reason": "\(reason)"])
        // A worker past its timeout is stuck: no grace period.
        await worker.terminate(grace: .zero)
        await setStatus("restarting", reason)
    }

    /// Stops the worker when nothing was invoked for `idle` and nothing runs (scale to zero).
    func stopIfIdle(_ idle: Duration) async -> Bool {
        let stopping = machine.stopIfIdle {
            // Checked and cleared together: a call that begins now either counts or finds no worker.
            activity.withLock { activity -> Bool in
                guard activity.isIdle(for: idle, now: .now) else { return false }
                current.withLock { $0 = nil }
                return true
            }
        }
        guard let worker = stopping else { return false }
        logger.info("stopping idle \(kind)", metadata: ["app": "\(appName)", "idle": "\(idle)"])
        await worker.terminate(grace: .seconds(2))
        if machine.isIdle {
            await setStatus("idle", "stopped after \(idle) without invocations; the next invocation starts it")
        }
        return true
    }

    /// Stops the worker for good (the app was replaced or removed).
    func stop() async {
        let running = machine.stop()
        current.withLock { $0 = nil }
        if let running { await running.terminate(grace: .seconds(5)) }
    }

    private func setStatus(_ state: String, _ reason: String?) async {
        try? await store.setAppStatus(appID: appID, AppStatus(state: state, reason: reason, workerID: configuration.workerID))
    }
}
