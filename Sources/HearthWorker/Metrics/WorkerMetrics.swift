public import CoreMetrics
import HearthCore

/// What the worker role counts, through swift-metrics into the factory it is given (Prometheus'
/// registry behind `--metrics-bind`; no-op by default). Handles are made once per app and function
/// (``FunctionMetrics``, kept with the loaded app) so the warm path only increments them.
///
/// The factory is passed in rather than read from `MetricsSystem`, which can be bootstrapped only
/// once per process: tests run several servers in one process, each with a registry of its own.
public final class WorkerMetrics: Sendable {
    /// The metric names the worker writes (README, "Metrics").
    public enum Name {
        /// Counter by `app`, `function`, `outcome` (`success`, `failure`, `timeout`).
        public static let invocations = "hearth_invocations_total"
        /// Histogram (seconds) by `app`, `function`.
        public static let duration = "hearth_invocation_duration_seconds"
        /// Gauge by `app`, `function`: invocations running now.
        public static let inFlight = "hearth_invocations_in_flight"
        /// Counter by `app`: worker processes started for an app.
        public static let coldStarts = "hearth_cold_starts_total"
        /// Counter by `app`: worker processes that failed to start.
        public static let startFailures = "hearth_worker_start_failures_total"
        /// Counter by `app`, `reason` (`memory`, `processes`, `timeout`): sandboxes Hearth killed.
        public static let sandboxKills = "hearth_sandbox_kills_total"
    }

    /// Invocation outcomes, the `outcome` label's values.
    enum Outcome {
        static let success = "success"
        static let failure = "failure"
        static let timeout = "timeout"
    }

    let factory: any MetricsFactory

    /// - Parameter factory: Where the metrics go; `MetricsSystem.factory` (the process's
    ///   bootstrapped one, no-op without one) by default.
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
    }

    /// Handles for one function of an app.
    func function(app: String, function: String) -> FunctionMetrics {
        FunctionMetrics(factory: factory, app: app, function: function)
    }

    /// A worker process of `app` started (a cold start).
    func coldStart(app: String) {
        Counter(label: Name.coldStarts, dimensions: [("app", app)], factory: factory).increment()
    }

    /// A worker process of `app` failed to start.
    func startFailed(app: String) {
        Counter(label: Name.startFailures, dimensions: [("app", app)], factory: factory).increment()
    }

    /// Hearth killed `app`'s sandbox or worker process for `reason` (`memory`, `processes`, `timeout`).
    func sandboxKilled(app: String, reason: String) {
        Counter(label: Name.sandboxKills, dimensions: [("app", app), ("reason", reason)], factory: factory).increment()
    }
}
