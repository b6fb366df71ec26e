public import CoreMetrics

/// What the management role counts, through swift-metrics into the factory it is given
/// (Prometheus' registry behind `--metrics-bind`; no-op by default). The factory is passed in
/// rather than read from `MetricsSystem`, which can be bootstrapped only once per process.
public final class ManagementMetrics: Sendable {
    /// The metric names management writes (README, "Metrics").
    public enum Name {
        /// Counter by `outcome` (`success`, `failure`): deployments finished, every way in (API, Kudu).
        public static let deployments = "hearth_deployments_total"
        /// Gauge by `account`, `queue`: unexpired messages, leased ones included, sampled every 15 s
        /// (``QueueDepthSampler``).
        public static let queueDepth = "hearth_queue_depth"
    }

    private let succeeded: Counter
    private let failed: Counter

    /// - Parameter factory: Where the metrics go; `MetricsSystem.factory` (the process's
    ///   bootstrapped one, no-op without one) by default.
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        succeeded = Counter(label: Name.deployments, dimensions: [("outcome", "success")], factory: factory)
        failed = Counter(label: Name.deployments, dimensions: [("outcome", "failure")], factory: factory)
    }

    /// A deployment finished, serving (`succeeded`) or not.
    func deployed(succeeded: Bool) {
        (succeeded ? self.succeeded : failed).increment()
    }
}
