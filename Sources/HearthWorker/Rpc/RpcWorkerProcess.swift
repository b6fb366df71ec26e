import Foundation
import HearthCore
import HearthRuntimes
import HearthSystem
import Logging
import Synchronization

/// A language worker process that connected back and answered `WorkerInitRequest`: the part of a
/// worker's start that is the same for a cold start and for the pre-started pool.
struct RpcWorkerProcess: Sendable {
    let process: any LaunchedProcess
    let connection: RpcWorkerConnection
    let spec: ProcessSpec
    /// The app root as the worker sees it (`/home/site/wwwroot` in a sandbox).
    let visibleRoot: String
    let output: OutputTail
    /// The app its output is logged under ("python-pool" until a pooled worker is specialised).
    let name: WorkerName
    let startedAt: ContinuousClock.Instant
    /// The worker's own FunctionRpc endpoint when its sandbox has its own network.
    let endpoint: RpcSandboxEndpoint?

    /// Starts the Python worker for the app root `appRoot` and waits until it is ready.
    static func startPython(
        runtime: PythonRuntime,
        appRoot: String,
        label: String,
        settings: [String: String],
        limits: ResourceLimits,
        server: FunctionRpcServer,
        launcher: any ProcessLauncher,
        startTimeout: Duration,
        logger: Logger
    ) async throws -> RpcWorkerProcess {
        if let problem = runtime.problem { throw WorkerError(.launchFailed, "FUNCTIONS_WORKER_RUNTIME is 'python' but \(problem)") }
        let workerID = UUID().uuidString.lowercased()
        let connection = RpcWorkerConnection(workerID: workerID, logger: logger)
        server.registry.expect(connection)
        var host = "127.0.0.1"
        let port: Int
        var mounts = [ProcessSpec.Mount(source: runtime.directory.path, destination: PythonRuntime.sandboxDirectory)]
        var endpoint: RpcSandboxEndpoint?
        do {
            if launcher.isolatesNetwork {
                // The shared server's port is out of the sandbox's reach: an endpoint of its own.
                let own = try await server.sandboxEndpoint(workerID: workerID)
                endpoint = own
                mounts.append(own.mount)
                host = RpcSandboxEndpoint.host
                port = RpcSandboxEndpoint.port
            } else {
                port = try await server.port()
            }
        } catch {
            server.registry.remove(workerID: workerID)
            throw error
        }
        let spec = ProcessSpec(
            executable: runtime.python,
            arguments: runtime.arguments(
                host: host,
                port: port,
                workerID: workerID,
                requestID: UUID().uuidString.lowercased(),
                hostLogLevel: logger.logLevel
            ),
            environment: PythonRuntime.environment(settings: settings, appRoot: appRoot, workerID: workerID),
            workingDirectory: appRoot,
            appRoot: appRoot,
            label: label,
            mounts: mounts,
            limits: limits
        )
        let output = OutputTail()
        let name = WorkerName(label)
        let process: any LaunchedProcess
        do {
            process = try await launcher.launchOnOwnThread(spec) { line in
                output.append(line.text)
                logger.info("\(line.text)", metadata: ["app": "\(name.value)", "stream": "\(line.stream)", "worker": "\(workerID)"])
            }
        } catch {
            server.registry.remove(workerID: workerID)
            endpoint?.stop()
            throw error
        }
        let started = RpcWorkerProcess(
            process: process,
            connection: connection,
            spec: spec,
            visibleRoot: launcher.visiblePath(appRoot, in: spec),
            output: output,
            name: name,
            startedAt: .now,
            endpoint: endpoint
        )
        do {
            try await started.waitUntilConnected(registry: server.registry, timeout: startTimeout)
            try await started.initialise(timeout: startTimeout)
        } catch {
            server.registry.remove(workerID: workerID)
            await started.stop(grace: .milliseconds(500))
            throw error
        }
        server.registry.remove(workerID: workerID)
        return started
    }

    /// Waits for the worker's event stream; fails when the process exits first or the time is up.
    private func waitUntilConnected(registry: RpcWorkerRegistry, timeout: Duration) async throws {
        let process = self.process
        let output = self.output
        let workerID = connection.workerID
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { _ = try await registry.connected(workerID: workerID) }
            group.addTask {
                let deadline = ContinuousClock.now + timeout
                while ContinuousClock.now < deadline {
                    if let exit = process.exitStatus {
                        throw WorkerError(.startFailed, "the language worker \(exit) before it connected to the host\(output.suffix())")
                    }
                    try await Task.sleep(for: .milliseconds(10))
                }
                throw WorkerError(
                    .startFailed,
                    "the language worker did not connect back to the host within \(timeout); check that the runtime starts (`hearth runtimes install python` again)\(output.suffix())"
                )
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    /// `WorkerInitRequest` → `WorkerInitResponse`.
    private func initialise(timeout: Duration) async throws {
        var request = AzureFunctionsRpcMessages_WorkerInitRequest()
        request.hostVersion = HearthVersion.compatibleHostVersion
        var message = RpcMessage()
        message.workerInitRequest = request
        let reply = try await call(message, expecting: .workerInit, timeout: timeout, what: "WorkerInitRequest")
        guard case .workerInitResponse(let response) = reply.content, response.result.status == .success else {
            throw WorkerError(.startFailed, "the language worker refused WorkerInitRequest: \(Self.failure(of: reply))")
        }
    }

    /// `FunctionEnvironmentReloadRequest`: turns a pre-started worker into the app's (its
    /// environment replaced by the app's, its working directory the app root).
    func specialise(appName: String, settings: [String: String], appRoot hostRoot: String, timeout: Duration) async throws {
        name.value = appName
        var request = AzureFunctionsRpcMessages_FunctionEnvironmentReloadRequest()
        for (name, value) in PythonRuntime.environment(settings: settings, appRoot: hostRoot, workerID: connection.workerID) {
            request.environmentVariables[name] = visible(value)
        }
        request.functionAppDirectory = visibleRoot
        var message = RpcMessage()
        message.functionEnvironmentReloadRequest = request
        let reply = try await call(message, expecting: .environmentReload, timeout: timeout, what: "FunctionEnvironmentReloadRequest")
        guard case .functionEnvironmentReloadResponse(let response) = reply.content, response.result.status == .success else {
            throw WorkerError(.startFailed, "the pre-started worker refused FunctionEnvironmentReloadRequest: \(Self.failure(of: reply))")
        }
    }

    /// Sends a start-up request (stamped with a request id) and waits up to `timeout` for its reply.
    func call(_ message: RpcMessage, expecting reply: RpcWorkerConnection.Reply, timeout: Duration, what: String) async throws -> RpcMessage {
        var message = message
        message.requestID = UUID().uuidString.lowercased()
        let connection = self.connection
        do {
            return try await connection.request(message, expecting: reply, timeout: timeout)
        } catch is DeadlineExceeded {
            throw WorkerError(.startFailed, "the language worker did not answer \(what) within \(timeout)\(output.suffix())")
        }
    }

    /// The failure a start-up reply reports.
    private static func failure(of reply: RpcMessage) -> String {
        switch reply.content {
        case .workerInitResponse(let response): response.result.failureText
        case .functionEnvironmentReloadResponse(let response): response.result.failureText
        case .functionLoadResponse(let response): response.result.failureText
        default: "an unexpected reply"
        }
    }

    /// Ends the stream and the process (SIGKILL after `grace`).
    func stop(grace: Duration) async {
        connection.close(reason: "was stopped")
        await process.terminate(grace: grace)
        endpoint?.stop()
    }

    /// A host path below the app root as the worker sees it.
    private func visible(_ path: String) -> String {
        path == spec.appRoot ? visibleRoot : path.hasPrefix(spec.appRoot + "/") ? visibleRoot + path.dropFirst(spec.appRoot.count) : path
    }
}

/// The app name a worker's output is logged under; set once more when a pooled worker is specialised.
final class WorkerName: Sendable {
    private let storage: Mutex<String>

    init(_ value: String) { storage = Mutex(value) }

    var value: String {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = newValue } }
    }
}
