import Foundation
import HearthRuntimes
import Logging
import ServiceLifecycle

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Python workers started ahead of any app, each in its own sandbox with an empty app folder (a
/// "slot"), connected and initialised. An app's first invocation takes one instead of starting a
/// worker: Hearth links the app's files into the slot, which the sandbox sees at
/// `/home/site/wwwroot`, and sends `FunctionEnvironmentReloadRequest` with the app's settings (what
/// the Azure host does to specialise a placeholder worker). The pool then starts a replacement.
///
/// A pooled sandbox starts with the default limits; the app's own memory, process and CPU limits
/// are set on its cgroup when it is taken. Apps with another `/tmp` size (fixed when a sandbox
/// starts) start cold.
actor PythonWorkerPool {
    /// A pre-started worker and the slot that becomes its app folder.
    struct Slot: Sendable {
        let worker: RpcWorkerProcess
        let directory: URL
    }

    let size: Int
    private let runtime: PythonRuntime
    private let server: FunctionRpcServer
    private let launcher: any ProcessLauncher
    private let configuration: WorkerConfiguration
    private let logger: Logger
    private var ready: [Slot] = []
    private var starting = 0
    private var stopped = false
    private var reportedProblem = false

    init(
        size: Int,
        runtime: PythonRuntime,
        server: FunctionRpcServer,
        launcher: any ProcessLauncher,
        configuration: WorkerConfiguration,
        logger: Logger
    ) {
        self.size = size
        self.runtime = runtime
        self.server = server
        self.launcher = launcher
        self.configuration = configuration
        self.logger = logger
    }

    /// The environment of a worker waiting for an app: it imports `azure.functions` while it waits
    /// (see `PythonRuntimeInstaller.writePreimportHook`), so specialising it does not.
    static let placeholderSettings = ["HEARTH_PYTHON_PREIMPORT": "azure.functions"]

    /// Workers ready to be taken.
    var readyCount: Int { ready.count }

    var slotsDirectory: URL { configuration.dataDirectory.appendingPathComponent("slots") }

    /// A ready worker, or `nil` when none is (the caller starts one cold).
    func take() async -> Slot? {
        while !ready.isEmpty {
            let slot = ready.removeFirst()
            if slot.worker.process.exitStatus == nil, !slot.worker.connection.isClosed { return slot }
            await Self.discard(slot)
        }
        return nil
    }

    /// Stops a pooled worker and removes its slot (1.1.9 does not exit when its stream ends).
    static func discard(_ slot: Slot) async {
        await slot.worker.stop(grace: .zero)
        remove(slot.directory)
    }

    /// Keeps the pool full until shutdown, then stops the workers it holds.
    func run() async {
        try? FileManager.default.removeItem(at: slotsDirectory)  // slots of an earlier run
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.fill()
                try? await Task.sleep(for: .milliseconds(500))
            }
        }
        stopped = true
        let held = ready
        ready = []
        for slot in held { await Self.discard(slot) }
    }

    private func fill() async {
        let dead = ready.filter { $0.worker.process.exitStatus != nil || $0.worker.connection.isClosed }
        ready.removeAll { slot in dead.contains { $0.directory == slot.directory } }
        for slot in dead { await Self.discard(slot) }
        guard !stopped, ready.count + starting < size else { return }
        if let problem = runtime.problem {
            if !reportedProblem { logger.info("no pre-started Python workers", metadata: ["reason": "\(problem)"]) }
            reportedProblem = true
            return
        }
        reportedProblem = false
        starting += 1
        defer { starting -= 1 }
        let directory = slotsDirectory.appendingPathComponent(UUID().uuidString.lowercased())
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let worker = try await RpcWorkerProcess.startPython(
                runtime: runtime,
                appRoot: directory.path,
                label: "python-pool",
                settings: Self.placeholderSettings,
                limits: configuration.sandbox.defaultLimits,
                server: server,
                launcher: launcher,
                startTimeout: configuration.handlerStartTimeout,
                logger: logger
            )
            let slot = Slot(worker: worker, directory: directory)
            if stopped { return await Self.discard(slot) }
            ready.append(slot)
            logger.debug("pre-started a Python worker", metadata: ["pid": "\(worker.process.pid)", "ready": "\(ready.count)"])
        } catch {
            Self.remove(directory)
            logger.warning("cannot pre-start a Python worker", metadata: ["error": "\(error)"])
            try? await Task.sleep(for: .seconds(5))
        }
    }

    /// Links (or copies, across file systems) every file of `source` into the empty slot `slot`.
    static func populate(_ slot: URL, from source: URL) throws {
        let fm = FileManager.default
        let prefix = source.standardizedFileURL.path.count + 1
        guard let items = fm.enumerator(at: source, includingPropertiesForKeys: [.isDirectoryKey]) else { return }
        for case let url as URL in items {
            let relative = String(url.standardizedFileURL.path.dropFirst(prefix))
            let target = slot.appendingPathComponent(relative)
            if (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true {
                try fm.createDirectory(at: target, withIntermediateDirectories: true)
            } else if link(url.path, target.path) != 0 {
                try fm.copyItem(at: url, to: target)
            }
        }
    }

    static func remove(_ directory: URL) {
        try? FileManager.default.removeItem(at: directory)
    }
}
