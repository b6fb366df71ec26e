public import Foundation
public import HearthCore
public import HearthPackages
public import HearthRuntimes

/// Settings of the management API.
///
/// ```swift
/// var configuration = ManagementConfiguration()
/// configuration.baseDomain = "fn.example.local"
/// configuration.workerPublicURL = "http://fn.example.local:7071"
/// let api = ManagementAPI(store: store, configuration: configuration)
/// ```
public struct ManagementConfiguration: Sendable {
    /// Where management's metrics go (`--metrics-bind`); the process's `MetricsSystem` by default.
    public var metrics = ManagementMetrics()
    /// Apps are served at `{app}.{baseDomain}`. Default `localhost`.
    public var baseDomain: String
    /// Where callers reach the worker, e.g. `http://127.0.0.1:7071`. Function URLs are built from it
    /// in two forms: `http://{app}.{baseDomain}:{port}/api/…` and `{workerPublicURL}/_app/{app}/api/…`.
    public var workerPublicURL: String
    /// The largest deployment upload accepted, in bytes; larger uploads get 413 before they are
    /// buffered. Default 100 MiB.
    public var maxUploadBytes: Int
    /// How long invocation log entries are kept. Default 7 days.
    public var invocationRetention: Duration
    /// How often ``InvocationRetentionService`` prunes the log. Default 1 hour.
    public var retentionInterval: Duration
    /// How often ``QueuePurgeService`` deletes expired queue messages. Default 60 seconds.
    public var queuePurgeInterval: Duration = .seconds(60)
    /// Limits applied when a package is inspected (files, unpacked size, compression ratio).
    public var packageLimits: PackageArchive.Limits
    /// The Kudu-compatible deploy endpoint as publish profiles name it, with `{app}` standing for the
    /// app's name: `https://{app}.scm.fn.example.local` (host-name form; the management role answers
    /// requests for `{app}.scm.{baseDomain}`) or `http://10.0.0.5:7070/scm/{app}` (path form).
    /// `nil` (the default): the path form on the scheme-less address the caller used to reach the
    /// management API, over `http://`.
    public var scmURL: String?
    /// How many Kudu deployments may wait in the queue at once; more get 503. Default 16.
    public var deploymentQueueLimit: Int
    /// `https` when the management listener serves TLS, else `http`: the scheme of Kudu URLs in
    /// publish profiles and deployment records when ``scmURL`` does not name one. Default `http`.
    public var scheme = "http"
    /// Listeners reachable from other machines that serve plain HTTP, as ``GET /api/health`` and
    /// the portal show them. Default none.
    public var securityWarnings: [String] = []
    /// The Python environment that installs a Python app's `requirements.txt` at deploy time (the
    /// remote build); `nil` = such deployments are refused with the fix.
    public var pythonRuntime: PythonRuntime?
    /// Host names Hearth itself answers to besides the hosts of ``workerPublicURL`` and ``scmURL``
    /// (the machine's name, the listeners' addresses): no app may claim them as custom host names.
    public var reservedHostNames: [String] = []
    /// How long a worker may stay silent before `GET /api/workers` lists it `down`.
    public var workerDownAfter: Duration = .seconds(10)
    /// The data directory (master.key), for a factory reset from the portal; `nil` when unknown.
    public var dataDirectory: URL?
    /// Poked when a message is put through the API; a worker in the same process (`hearth serve`)
    /// shares it, so it polls its queues at once.
    public var queueSignals = QueueSignals()

    /// Creates a configuration; every parameter has a default.
    /// - Parameters:
    ///   - baseDomain: The domain apps are served under.
    ///   - workerPublicURL: The worker's public base URL.
    ///   - maxUploadBytes: The largest upload accepted.
    ///   - invocationRetention: How long invocation records are kept.
    ///   - retentionInterval: How often the log is pruned.
    ///   - packageLimits: Package inspection limits.
    ///   - scmURL: The public Kudu endpoint template (see ``scmURL``).
    ///   - deploymentQueueLimit: The Kudu deployment queue's capacity.
    public init(
        baseDomain: String = "localhost",
        workerPublicURL: String = "http://127.0.0.1:7071",
        maxUploadBytes: Int = 100 << 20,
        invocationRetention: Duration = .seconds(7 * 24 * 3600),
        retentionInterval: Duration = .seconds(3600),
        packageLimits: PackageArchive.Limits = PackageArchive.Limits(),
        scmURL: String? = nil,
        deploymentQueueLimit: Int = 16
    ) {
        self.baseDomain = baseDomain
        self.workerPublicURL = workerPublicURL
        self.maxUploadBytes = maxUploadBytes
        self.invocationRetention = invocationRetention
        self.retentionInterval = retentionInterval
        self.packageLimits = packageLimits
        self.scmURL = scmURL
        self.deploymentQueueLimit = deploymentQueueLimit
    }
}
