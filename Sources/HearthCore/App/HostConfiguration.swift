/// The parts of host.json (v2+) that Hearth uses, plus the document itself.
///
/// Create one with ``parse(_:file:)``.
public struct HostConfiguration: Sendable {
    /// `version`; always `"2.0"` for a loaded app.
    public var version: String
    /// `functionTimeout`; `nil` = unbounded (`"-1"` or `null`). Defaults to ``defaultFunctionTimeout``.
    public var functionTimeout: Duration?
    /// `extensions.http.routePrefix` without surrounding slashes; default `"api"`, `""` = no prefix.
    public var routePrefix: String
    /// `extensions.http.maxConcurrentRequests`: HTTP invocations of the app running at once; `nil` =
    /// not set (the instance's default applies), `-1` = unbounded.
    public var maxConcurrentRequests: Int?
    /// `extensions.http.maxOutstandingRequests`: HTTP requests of the app running or waiting to run;
    /// more are answered 429. `nil` = not set (the instance's default applies), `-1` = unbounded.
    public var maxOutstandingRequests: Int?
    /// `customHandler` (or legacy `httpWorker`).
    public var customHandler: CustomHandlerConfiguration?
    /// `extensions.queues` (or v1's top-level `queues`): the queue trigger's settings.
    public var queues = QueuesConfiguration()
    /// `logging.logLevel`: category → level (`"default"`, `"Function"`, `"Host.Results"` …).
    public var logLevels: [String: String]
    /// The whole document, as written.
    public var raw: JSONValue
    /// Warnings found while parsing (unknown keys, legacy spellings).
    public var warnings: [AppValidationIssue]

    /// 30 minutes: the host's default outside the Consumption plan.
    public static let defaultFunctionTimeout: Duration = .seconds(30 * 60)

    /// The route prefix used when host.json does not set one.
    public static let defaultRoutePrefix = "api"

    /// Creates a configuration directly (tests and tools); loaders use ``parse(_:file:)``.
    public init(
        version: String = "2.0",
        functionTimeout: Duration? = HostConfiguration.defaultFunctionTimeout,
        routePrefix: String = HostConfiguration.defaultRoutePrefix,
        customHandler: CustomHandlerConfiguration? = nil,
        logLevels: [String: String] = [:],
        raw: JSONValue = ["version": "2.0"],
        warnings: [AppValidationIssue] = []
    ) {
        self.version = version
        self.functionTimeout = functionTimeout
        self.routePrefix = routePrefix
        self.customHandler = customHandler
        self.logLevels = logLevels
        self.raw = raw
        self.warnings = warnings
    }

    /// The top-level host.json keys the Functions host knows (v2+).
    public static let knownKeys: Set<String> = [
        "version", "functiontimeout", "retry", "functions", "http", "watchdirectories", "watchfiles", "queues", "servicebus",
        "eventhub", "singleton", "logging", "aggregator", "healthmonitor", "extensionbundle", "manageddependencies",
        "customhandler", "httpworker", "extensions", "concurrency", "isdefaulthostconfig", "$schema",
    ]
}
