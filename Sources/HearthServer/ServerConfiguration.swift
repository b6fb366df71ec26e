public import Foundation
public import HearthListeners

/// What ``Server`` runs and how: the options of `hearth serve`, `hearth management` and
/// `hearth worker`, with the same defaults.
///
/// ```swift
/// var configuration = ServerConfiguration(dataDirectory: URL(fileURLWithPath: ".hearth"))
/// configuration.managementPort = 0  // a free port; ``Server``'s `onListening` tells which
/// configuration.httpPort = 0
/// ```
public struct ServerConfiguration: Sendable {
    /// The roles this process runs.
    public var roles: ServerRoles = .all
    /// Where Hearth keeps its database, master key and unpacked deployments.
    public var dataDirectory: URL
    /// SQL Server connection string or `mssql://` URL; `nil`: `HEARTH_STORE` from the environment,
    /// else the embedded SQLite store in ``dataDirectory``.
    public var store: String?
    /// SQL Server: apply pending schema migrations at start.
    public var migrate = false
    /// The address both servers listen on (`0.0.0.0` for every interface).
    public var bind = "127.0.0.1"
    /// Port of the management REST API (0 picks a free one).
    public var managementPort = 7070
    /// Port of the function host (0 picks a free one).
    public var httpPort = 7071
    /// Port of the Azure-Storage-compatible queue endpoint, served with the management role
    /// (0 picks a free one); `nil`: not served.
    public var queuePort: Int?
    /// The operators' address for `/metrics` (Prometheus text format), served by every role this
    /// process runs; `nil`: not served. Never the function port.
    public var metricsBind: MetricsAddress?
    /// Apps are served at `{app}.{baseDomain}`.
    public var baseDomain = "localhost"
    /// The function host's URL as callers see it; `nil`: `{scheme}://{bind}:{httpPort}`.
    public var publicURL: String?
    /// The portal's public URL (e.g. `https://functions.example.com`), the only origin its forms are
    /// accepted from; `nil`: the address each request was sent to (`http://127.0.0.1:{managementPort}`
    /// when opened on this machine).
    public var portalURL: String?
    /// The Kudu deploy endpoint publish profiles name, `{app}` standing for the app.
    public var scmURL: String?
    /// Addresses or CIDR ranges whose `X-Forwarded-*` headers are trusted.
    public var trustedProxies: [String] = []
    /// How long the invocation log is kept.
    public var invocationRetention: Duration = .seconds(7 * 86_400)
    /// How often expired queue messages are purged (the management role's `QueuePurgeService`).
    public var queuePurgeInterval: Duration = .seconds(60)
    /// How long a worker holds a queue message it took before another may take it (renewed every
    /// half of it while the function runs); see ``QueueLeaseOption``.
    public var queueLease: Duration = QueueLeaseOption.defaultLease
    /// Largest deployment upload accepted.
    public var maxUploadBytes = 100 << 20
    /// Run apps in the sandbox (bubblewrap namespaces and cgroup limits); `false` runs them as this user.
    public var isolation = true
    /// Let sandboxed apps share the host's network instead of a network namespace each.
    public var sharedNetwork = false
    /// The Python worker's environment; `nil`: `<dataDirectory>/runtimes/python`.
    public var pythonRuntime: URL?
    /// Python workers kept pre-started for the first request of Python apps (0 = none).
    public var pythonPool = 1
    /// Time without invocations after which an app's worker process stops (`nil` = never).
    public var idleTimeout: Duration? = .seconds(1200)
    /// Time an app's worker process may take to start.
    public var workerStartTimeout: Duration = .seconds(30)
    /// The largest function request body accepted.
    public var maxRequestBodyBytes = 100 << 20
    /// Serve requests for running custom handlers on the connection's own thread.
    public var fastPath = true
    /// Serve HTTPS on every listener with these PEM files (reloaded when they change); `nil`: HTTP.
    public var tls: TLSFiles?
    /// Time a caller may take to send a request's head.
    public var requestHeadTimeout: Duration = .seconds(20)
    /// Time a connection may wait for its next request or for more of a request body.
    public var connectionIdleTimeout: Duration = .seconds(60)
    /// Connections each listener serves at once.
    public var maxConnections = 4096
    /// Invocations of one app running at once, unless its host.json says otherwise (-1 = unbounded).
    public var maxConcurrentRequests = 100
    /// Requests of one app running or waiting at once, unless its host.json says otherwise (-1 = unbounded).
    public var maxOutstandingRequests = 200
    /// The worker's name in the fleet; `nil`: the machine's host name.
    public var workerName: String?
    /// The URL other workers and load balancers reach this worker at; `nil`: its front's
    /// `{scheme}://{bind}:{port}` (the host name when bound to every interface).
    public var advertiseURL: String?
    /// Memory the worker offers to apps, in MiB; `nil`: the machine's memory.
    public var capacityMB: Int?
    /// The worker's labels (`zone=b`).
    public var workerLabels: [String: String] = [:]
    /// The hours the worker offers its capacity in (`--available`), in its time zone; `nil`: always.
    public var availability: String?
    /// A one-time enrolment token the worker redeems at its first start (`--join`).
    public var joinToken: String?
    /// How often the worker heartbeats.
    public var heartbeatInterval: Duration = .seconds(2)
    /// How long a worker may stay silent before management lists it `down`.
    public var workerDownAfter: Duration = .seconds(10)
    /// How long a drain waits for the worker's apps to be placed elsewhere (`--drain-timeout`).
    public var drainTimeout: Duration = .seconds(30)
    /// How long a stopping worker keeps serving after its health check answers 503.
    public var drainLinger: Duration = .seconds(8)

    /// A configuration with the defaults of `hearth serve`.
    /// - Parameter dataDirectory: Where Hearth keeps its database, master key and deployments.
    public init(dataDirectory: URL) {
        self.dataDirectory = dataDirectory
    }
}
