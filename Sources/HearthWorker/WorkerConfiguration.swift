import Crypto
public import Foundation
import HearthCore
public import HearthListeners
public import HearthRuntimes
import HearthSystem

/// Settings of the worker role.
public struct WorkerConfiguration: Sendable {
    /// This worker's name in the store (invocation log, app status, leases), stable across its
    /// restarts: `worker-{host}-{8 hex digits of the data directory's path}` by default, so two
    /// workers on one machine with their own data directories have different names.
    public var workerID: String
    /// This process of the worker: a UUIDv7, so a later process's id sorts after an earlier one's.
    /// Recorded with each invocation; at start, rows an earlier process left `running` are marked
    /// `abandoned`.
    public var instanceID = UUID.timeOrdered().uuidString.lowercased()
    /// Where the worker unpacks deployments (`<dir>/packages/<sha256>/`).
    public var dataDirectory: URL
    /// The HTTP front's address and port.
    public var host = "127.0.0.1"
    public var port = 7071
    /// Apps are served at `{app}.{baseDomain}`; with the default `localhost`, `http://myapp.localhost:7071/api/…`.
    public var baseDomain = "localhost"
    /// The first path segment of the path form for machines without DNS: `/_app/{app}/api/…`.
    public var pathFormPrefix = "_app"
    /// Addresses (IPv4/IPv6, optionally CIDR) whose `X-Forwarded-For/Proto/Host` headers are believed.
    public var trustedProxies: [String] = []
    /// Time limits for slow and idle callers, the connection cap and TLS of the HTTP front.
    public var listener = ListenerConfiguration(name: "function host")
    /// HTTP invocations of one app running at once, for apps whose host.json does not set
    /// `extensions.http.maxConcurrentRequests`; `nil` or -1 = unbounded. Default 100 (Azure's
    /// Consumption plan).
    public var maxConcurrentRequests: Int? = 100
    /// HTTP requests of one app running or waiting at once (more get 429), for apps whose host.json
    /// does not set `extensions.http.maxOutstandingRequests`; `nil` or -1 = unbounded. Default 200.
    public var maxOutstandingRequests: Int? = 200
    /// How often the worker looks for changes in the store.
    public var pollInterval: Duration = .milliseconds(250)
    /// How long a custom handler may take to start listening.
    public var handlerStartTimeout: Duration = .seconds(30)
    /// The longest wait between restarts of a crashing handler.
    public var maxRestartBackoff: Duration = .seconds(30)
    /// Largest request body the front accepts.
    public var maxRequestBodyBytes = 100 * 1024 * 1024
    /// Idle keep-alive connections kept per custom handler and event loop.
    public var connectionsPerHandler = 64
    /// The `node` program for `FUNCTIONS_WORKER_RUNTIME=node` apps; `nil` = `node` on the handlers' `PATH`
    /// (inside the sandbox it must be below `/usr` or in ``SandboxConfiguration/extraReadOnlyPaths``).
    public var nodeExecutable: String?
    /// The Python worker's environment (`hearth runtimes install python`); `nil` = `runtimes/python`
    /// next to this worker's data directory.
    public var pythonRuntimeDirectory: URL?
    /// Python workers kept started ahead of any app (0 = none); an app's first call takes one.
    public var pythonPoolSize = 1
    /// A worker process of an app that had no invocation for this long is stopped (scale to zero);
    /// `nil` = never. An app overrides it with the setting `HEARTH_IDLE_TIMEOUT_SECONDS` (0 = never).
    public var idleTimeout: Duration? = .seconds(20 * 60)
    /// Serve requests for running custom handlers on the connection's event loop (``FrontFastPath``);
    /// off, every request takes the general path (for comparison and diagnosis).
    public var fastPath = true
    /// How long a message taken for a queue-triggered function stays invisible to other workers;
    /// renewed every half of it while the function runs, so it only bounds how soon the messages
    /// of a worker that died run elsewhere. Default 10 minutes, as the Azure Functions host.
    public var queueLease: Duration = .seconds(600)
    /// The sandbox every app runs in (used by ``BubblewrapLauncher``): limits, cgroups, visible system paths.
    public var sandbox = SandboxConfiguration()
    /// How the worker presents itself to the fleet (name, advertised URL, capacity, labels, hours,
    /// enrolment token) and how often it heartbeats.
    public var fleet = WorkerFleetConfiguration()
    /// Where the worker's metrics go (`--metrics-bind`); the process's `MetricsSystem` by default.
    public var metrics = WorkerMetrics()

    /// The Python worker's environment this worker uses.
    public var pythonRuntime: PythonRuntime {
        PythonRuntime(directory: pythonRuntimeDirectory ?? dataDirectory.deletingLastPathComponent().appendingPathComponent("runtimes/python"))
    }

    public init(dataDirectory: URL) {
        self.dataDirectory = dataDirectory
        self.workerID = Self.defaultWorkerID(dataDirectory: dataDirectory)
    }

    static func defaultWorkerID(dataDirectory: URL) -> String {
        let digest = SHA256.hash(data: Data(dataDirectory.standardizedFileURL.path.utf8)).prefix(4).map { String(format: "%02x", $0) }.joined()
        return "worker-\(MachineName.current)-\(digest)"
    }
}
