import Foundation
import HearthCore
import HearthStore
import HearthSystem
import Logging
import NIOCore
import NIOHTTP1
import Synchronization

/// Runs one app's custom handler process and talks to it, as the Azure Functions host does:
/// start the executable with `FUNCTIONS_CUSTOMHANDLER_PORT`, wait until it answers HTTP, then send
/// invocations to it. Starting, restarting with backoff, recycling and idle stops are the
/// ``WorkerSupervisor``'s.
final class CustomHandlerHost: Sendable {
    /// A running handler: its process, port and connections. A class: the warm path hands it on
    /// (the supervisor's state, the routed call, the call's completion), and copying its fields
    /// each time cost ~0.3 k instructions a copy, ~2 k a request (bench/README.md, "The JSON
    /// payload's strings written through one pointer").
    final class Endpoint: SupervisedWorker {
        let process: any LaunchedProcess
        let port: Int
        let startedAt: ContinuousClock.Instant
        /// Keep-alive connections to the handler.
        let pool: UpstreamPool
        let output: OutputTail

        init(process: any LaunchedProcess, port: Int, startedAt: ContinuousClock.Instant, pool: UpstreamPool, output: OutputTail) {
            self.process = process
            self.port = port
            self.startedAt = startedAt
            self.pool = pool
            self.output = output
        }

        var processIdentity: ObjectIdentifier { ObjectIdentifier(process) }

        var isAlive: Bool { process.exitStatus == nil }

        var statusDescription: String { "custom handler pid \(process.pid) on port \(port)" }

        func failureDescription() async -> String {
            let exit = await process.exitStatus(waitingUpTo: .milliseconds(500))
            return "the handler \(exit.map { "\($0)" } ?? "stopped")\(output.suffix())"
        }

        func terminate(grace: Duration) async {
            pool.close()
            await process.terminate(grace: grace)
        }
    }

    let appName: String
    let appID: UUID
    let appRoot: URL
    let configuration: CustomHandlerConfiguration
    let settings: [String: String]
    /// Files of Hearth's the process needs besides the app (the Node worker script).
    let mounts: [ProcessSpec.Mount]
    let launcher: any ProcessLauncher
    let workerConfiguration: WorkerConfiguration
    let logger: Logger
    let supervisor: WorkerSupervisor<Endpoint>
    private let outputTail = OutputTail()

    init(
        appName: String,
        appID: UUID,
        appRoot: URL,
        configuration: CustomHandlerConfiguration,
        settings: [String: String],
        mounts: [ProcessSpec.Mount] = [],
        launcher: any ProcessLauncher,
        store: any WorkerStore,
        workerConfiguration: WorkerConfiguration,
        logger: Logger
    ) {
        self.appName = appName
        self.appID = appID
        self.appRoot = appRoot
        self.configuration = configuration
        self.settings = settings
        self.mounts = mounts
        self.launcher = launcher
        self.workerConfiguration = workerConfiguration
        self.logger = logger
        supervisor = WorkerSupervisor(
            appName: appName,
            appID: appID,
            kind: "custom handler",
            store: store,
            configuration: workerConfiguration,
            note: launcher.statusNote,
            logger: logger
        )
    }

    /// The running handler, starting it if needed.
    func endpoint() async throws -> Endpoint { try await supervisor.worker { try await self.start() } }

    func recycle(_ endpoint: Endpoint, reason: String) async { await supervisor.recycle(endpoint, reason: reason) }

    /// Starts a new handler process (the supervisor's; callers use ``endpoint()``).
    func start() async throws -> Endpoint {
        let port = try FreePort.find()
        let environment = CustomHandlerEnvironment.make(
            settings: settings,
            port: port,
            workerID: workerConfiguration.workerID,
            appRoot: appRoot.path
        )
        let executable = try CustomHandlerEnvironment.resolveExecutable(configuration.executablePath, appRoot: appRoot, environment: environment)
        let workingDirectory = configuration.workingDirectory.map { $0.hasPrefix("/") ? $0 : appRoot.appendingPathComponent($0).path } ?? appRoot.path
        let arguments = configuration.arguments.map { CustomHandlerEnvironment.expand($0, environment: environment) }
        let limits = try ResourceLimits(settings: settings, defaults: workerConfiguration.sandbox.defaultLimits)
        let spec = ProcessSpec(
            executable: executable,
            arguments: arguments,
            environment: environment,
            workingDirectory: workingDirectory,
            appRoot: appRoot.path,
            label: appName,
            mounts: mounts,
            limits: limits
        )
        let tail = outputTail
        let logger = self.logger
        let app = appName
        tail.clear()
        let process: any LaunchedProcess
        do {
            process = try await launcher.launchOnOwnThread(spec) { line in
                tail.append(line.text)
                logger.info("\(line.text)", metadata: ["app": "\(app)", "stream": "\(line.stream)"])
            }
        } catch let error as WorkerError {
            // What the sandbox printed before it failed (bwrap's own error) belongs with the reason.
            throw WorkerError(error.code, error.message + tail.suffix(), cause: error.cause)
        }
        // The readiness probe goes through the pool the endpoint then keeps: one HTTP client per handler.
        let namespace = (process as? SandboxedProcess)?.network
        let pool = UpstreamPool(
            port: port,
            namespace: namespace,
            maxBodyBytes: workerConfiguration.maxRequestBodyBytes,
            maxIdlePerLoop: workerConfiguration.connectionsPerHandler
        )
        do {
            try await waitUntilListening(process: process, port: port, pool: pool, isolated: namespace != nil)
        } catch {
            pool.close()
            await process.terminate(grace: .milliseconds(500))
            throw error
        }
        logger.info("custom handler ready", metadata: ["app": "\(appName)", "pid": "\(process.pid)", "port": "\(port)"])
        return Endpoint(process: process, port: port, startedAt: .now, pool: pool, output: tail)
    }

    /// Polls `http://127.0.0.1:<port>/` until any HTTP reply (the Azure host's readiness rule).
    /// - Parameter isolated: The handler listens in its own network namespace, where the host's
    ///   port check cannot look: only the HTTP probe tells.
    private func waitUntilListening(process: any LaunchedProcess, port: Int, pool: UpstreamPool, isolated: Bool) async throws {
        let started = ContinuousClock.now
        let deadline = started + workerConfiguration.handlerStartTimeout
        while true {
            if let exit = process.exitStatus {
                throw WorkerError(.startFailed, "the handler \(exit) before it listened on port \(port)\(outputTail.suffix())")
            }
            if ContinuousClock.now > deadline {
                throw WorkerError(
                    .startFailed,
                    "the handler did not listen on FUNCTIONS_CUSTOMHANDLER_PORT (\(port)) within \(workerConfiguration.handlerStartTimeout); make it listen on that port\(outputTail.suffix())"
                )
            }
            if isolated || FreePort.isListening(port) {
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
