import Foundation
import HearthCore
import HearthStore
import Logging
import NIOCore
import NIOHTTP1
import Synchronization

/// Runs one app's custom handler process and talks to it, as the Azure Functions host does:
/// start the executable with `FUNCTIONS_CUSTOMHANDLER_PORT`, wait until it answers HTTP, then send
/// invocations to it. A handler that exits is started again on the next request, after a backoff
/// that doubles with each consecutive failure (0.5 s … ``WorkerConfiguration/maxRestartBackoff``);
/// while it waits, requests fail fast with 503 instead of hanging.
actor CustomHandlerHost {
    struct Endpoint: Sendable {
        let process: any LaunchedProcess
        let port: Int
        let startedAt: ContinuousClock.Instant
        /// Keep-alive connections to the handler.
        let pool: UpstreamPool
    }

    private enum State {
        case idle
        case starting
        case running(Endpoint)
        case backoff(reason: String, until: ContinuousClock.Instant)
        case stopped
    }

    let appName: String
    let appID: UUID
    let appRoot: URL
    let configuration: CustomHandlerConfiguration
    let settings: [String: String]
    /// Files of Hearth's the process needs besides the app (the Node worker script).
    let mounts: [ProcessSpec.Mount]
    let launcher: any ProcessLauncher
    let store: any Store
    let workerConfiguration: WorkerConfiguration
    let logger: Logger

    private var state = State.idle
    private var failures = 0
    /// Why the handler last stopped unexpectedly; kept in the app status after it restarted.
    private var lastFailure: String?
    private var waiters: [CheckedContinuation<Endpoint, any Error>] = []
    /// The running endpoint, readable without hopping onto the actor (the hot path).
    private nonisolated let current = Mutex<Endpoint?>(nil)
    private nonisolated let outputTail = OutputTail()
    /// Calls in flight and the last use, for ``stopIfIdle(_:)``.
    nonisolated let activity = Mutex(WorkerActivity())

    init(
        appName: String, appID: UUID, appRoot: URL, configuration: CustomHandlerConfiguration, settings: [String: String],
        mounts: [ProcessSpec.Mount] = [], launcher: any ProcessLauncher, store: any Store, workerConfiguration: WorkerConfiguration, logger: Logger
    ) {
        self.appName = appName
        self.appID = appID
        self.appRoot = appRoot
        self.configuration = configuration
        self.settings = settings
        self.mounts = mounts
        self.launcher = launcher
        self.store = store
        self.workerConfiguration = workerConfiguration
        self.logger = logger
    }

    /// The running handler, starting it if needed.
    nonisolated func endpoint() async throws -> Endpoint {
        if let running = current.withLock({ $0 }), running.process.exitStatus == nil { return running }
        return try await startIfNeeded()
    }

    private func startIfNeeded() async throws -> Endpoint {
        switch state {
        case .running(let endpoint):
            if let exit = endpoint.process.exitStatus {
                let reason = "the handler \(exit)\(outputTail.suffix())"
                recordFailure(reason, ranSince: endpoint.startedAt)
                try? await store.setAppStatus(appID: appID, AppStatus(state: "restarting", reason: reason, workerID: workerConfiguration.workerID))
                return try await startIfNeeded()
            }
            return endpoint
        case .starting:
            return try await withCheckedThrowingContinuation { waiters.append($0) }
        case .stopped:
            throw WorkerError(.unavailable, "app '\(appName)' is being replaced; retry")
        case .backoff(let reason, let until):
            if ContinuousClock.now < until {
                throw WorkerError(.unavailable, "app '\(appName)' is not running: \(reason) (next start attempt in \((until - ContinuousClock.now).formatted(.units(allowed: [.seconds, .milliseconds], width: .narrow))))")
            }
            fallthrough
        case .idle:
            state = .starting
            do {
                let endpoint = try await start()
                if case .stopped = state {
                    await endpoint.process.terminate(grace: .seconds(2))
                    throw WorkerError(.unavailable, "app '\(appName)' was replaced while starting; retry")
                }
                state = .running(endpoint)
                current.withLock { $0 = endpoint }
                for waiter in waiters { waiter.resume(returning: endpoint) }
                waiters = []
                try? await store.setAppStatus(appID: appID, AppStatus(state: "running", reason: runningReason(endpoint), workerID: workerConfiguration.workerID))
                return endpoint
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

    /// The status reason of a running handler: where it runs, the launcher's note (a warning when
    /// apps are not isolated), and why it was last restarted.
    private func runningReason(_ endpoint: Endpoint) -> String {
        var parts = ["custom handler pid \(endpoint.process.pid) on port \(endpoint.port)"]
        if let note = launcher.statusNote { parts.append(note) }
        if let lastFailure { parts.append("restarted after: \(lastFailure)") }
        return parts.joined(separator: "; ")
    }

    private func recordFailure(_ reason: String, ranSince: ContinuousClock.Instant? = nil) {
        lastFailure = reason
        // A handler that ran for a minute was healthy: its crash starts a fresh backoff.
        if let ranSince, ContinuousClock.now - ranSince > .seconds(60) { failures = 0 }
        failures += 1
        current.withLock { $0 = nil }
        let seconds = min(0.5 * pow(2, Double(failures - 1)), Double(workerConfiguration.maxRestartBackoff.components.seconds))
        state = .backoff(reason: reason, until: .now + .milliseconds(Int(seconds * 1000)))
        logger.warning("custom handler failed", metadata: ["app": "\(appName)", "reason": "\(reason)", "retryInSeconds": "\(seconds)"])
    }

    /// Kills the running handler (after a timeout, or when it stopped answering); the next request starts it again.
    func recycle(reason: String) async {
        guard case .running(let endpoint) = state else { return }
        lastFailure = reason
        current.withLock { $0 = nil }
        state = .idle
        logger.warning("recycling custom handler", metadata: ["app": "\(appName)", "reason": "\(reason)"])
        // A handler past its timeout is stuck: no grace period.
        endpoint.pool.close()
        await endpoint.process.terminate(grace: .zero)
        try? await store.setAppStatus(appID: appID, AppStatus(state: "restarting", reason: reason, workerID: workerConfiguration.workerID))
    }

    /// Stops an idle handler (scale to zero); the next request starts it again.
    func stopIfIdle(_ idle: Duration) async -> Bool {
        guard case .running(let endpoint) = state, activity.withLock({ $0.isIdle(for: idle) }) else { return false }
        current.withLock { $0 = nil }
        state = .idle
        logger.info("stopping idle custom handler", metadata: ["app": "\(appName)", "idle": "\(idle)"])
        endpoint.pool.close()
        await endpoint.process.terminate(grace: .seconds(2))
        try? await store.setAppStatus(appID: appID, AppStatus(state: "idle", reason: "stopped after \(idle) without invocations; the next invocation starts it", workerID: workerConfiguration.workerID))
        return true
    }

    /// Stops the handler for good (the app was replaced or removed).
    func stop() async {
        let previous = state
        state = .stopped
        current.withLock { $0 = nil }
        if case .running(let endpoint) = previous {
            endpoint.pool.close()
            await endpoint.process.terminate(grace: .seconds(5))
        }
    }

    private func start() async throws -> Endpoint {
        let port = try FreePort.find()
        let environment = CustomHandlerEnvironment.make(
            settings: settings, port: port, workerID: workerConfiguration.workerID, appRoot: appRoot.path)
        let executable = try CustomHandlerEnvironment.resolveExecutable(configuration.executablePath, appRoot: appRoot, environment: environment)
        let workingDirectory = configuration.workingDirectory.map { $0.hasPrefix("/") ? $0 : appRoot.appendingPathComponent($0).path } ?? appRoot.path
        let arguments = configuration.arguments.map { CustomHandlerEnvironment.expand($0, environment: environment) }
        let limits = try ResourceLimits(settings: settings, defaults: workerConfiguration.sandbox.defaultLimits)
        let spec = ProcessSpec(
            executable: executable, arguments: arguments, environment: environment, workingDirectory: workingDirectory,
            appRoot: appRoot.path, label: appName, mounts: mounts, limits: limits)
        let tail = outputTail
        let logger = self.logger
        let app = appName
        tail.clear()
        let process = try launcher.launch(spec) { line in
            tail.append(line.text)
            logger.info("\(line.text)", metadata: ["app": "\(app)", "stream": "\(line.stream)"])
        }
        // The readiness probe goes through the pool the endpoint then keeps: one HTTP client per handler.
        let pool = UpstreamPool(
            port: port, maxBodyBytes: workerConfiguration.maxRequestBodyBytes, maxIdlePerLoop: workerConfiguration.connectionsPerHandler)
        do {
            try await waitUntilListening(process: process, port: port, pool: pool)
        } catch {
            pool.close()
            await process.terminate(grace: .milliseconds(500))
            throw error
        }
        logger.info("custom handler ready", metadata: ["app": "\(appName)", "pid": "\(process.pid)", "port": "\(port)"])
        return Endpoint(process: process, port: port, startedAt: .now, pool: pool)
    }

    /// Polls `http://127.0.0.1:<port>/` until any HTTP reply (the Azure host's readiness rule).
    private func waitUntilListening(process: any LaunchedProcess, port: Int, pool: UpstreamPool) async throws {
        let started = ContinuousClock.now
        let deadline = started + workerConfiguration.handlerStartTimeout
        while true {
            if let exit = process.exitStatus {
                throw WorkerError(.startFailed, "the handler \(exit) before it listened on port \(port)\(outputTail.suffix())")
            }
            if ContinuousClock.now > deadline {
                throw WorkerError(
                    .startFailed,
                    "the handler did not listen on FUNCTIONS_CUSTOMHANDLER_PORT (\(port)) within \(workerConfiguration.handlerStartTimeout); make it listen on that port\(outputTail.suffix())")
            }
            if FreePort.isListening(port) {
                var head = HTTPRequestHead(version: .http1_1, method: .GET, uri: "/")
                head.headers.add(name: "Host", value: "127.0.0.1:\(port)")
                if (try? await pool.execute(head, body: nil, deadline: .now() + .seconds(2))) != nil { return }
            }
            // Compiled handlers listen within milliseconds: poll fast at first, then every 25 ms.
            try await Task.sleep(for: ContinuousClock.now - started < .milliseconds(200) ? .milliseconds(2) : .milliseconds(25))
        }
    }
}

/// The last lines a handler printed, for failure reasons.
final class OutputTail: Sendable {
    private let lines = Mutex<[String]>([])

    func append(_ line: String) {
        lines.withLock {
            $0.append(String(line.prefix(500)))
            if $0.count > 10 { $0.removeFirst($0.count - 10) }
        }
    }

    func clear() { lines.withLock { $0 = [] } }

    /// `"; last output: …"`, or empty.
    func suffix() -> String {
        let text = lines.withLock { $0.joined(separator: " | ") }
        return text.isEmpty ? "" : "; last output: \(text)"
    }
}
