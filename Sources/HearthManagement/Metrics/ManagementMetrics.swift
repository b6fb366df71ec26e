public import CoreMetrics
import HearthCore

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
        /// Counter by `kind` (`place`, `remove`): placement moves the placer carried out
        /// (``PlacerService``).
        public static let placementMoves = "hearth_placement_moves_total"
        /// Gauge by `worker`: seconds since the worker's last heartbeat, sampled by every
        /// management instance's placer about every 2 s.
        public static let heartbeatAge = "hearth_worker_heartbeat_age_seconds"
    }

    private let succeeded: Counter
    private let failed: Counter
    private let placed: Counter
    private let removed: Counter
    private let factory: any MetricsFactory

    /// - Parameter factory: Where the metrics go; `MetricsSystem.factory` (the process's
    ///   bootstrapped one, no-op without one) by default.
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        succeeded = Counter(label: Name.deployments, dimensions: [("outcome", "success")], factory: factory)
        failed = Counter(label: Name.deployments, dimensions: [("outcome", "failure")], factory: factory)
        placed = Counter(label: Name.placementMoves, dimensions: [("kind", "place")], factory: factory)
        removed = Counter(label: Name.placementMoves, dimensions: [("kind", "remove")], factory: factory)
        self.factory = factory
    }

    /// A deployment finished, serving (`succeeded`) or not.
    func deployed(succeeded: Bool) {
        (succeeded ? self.succeeded : failed).increment()
    }

    /// The placer carried out `count` moves of `kind`.
    func moved(_ kind: PlacementMove.Kind, count: Int) {
        guard count > 0 else { return }
        (kind == .place ? placed : removed).increment(by: count)
    }

    /// The worker named `worker` was last heard from `seconds` ago.
    func heartbeatAge(worker: String, seconds: Double) {
        Gauge(label: Name.heartbeatAge, dimensions: [("worker", worker)], factory: factory).record(seconds)
    }
}
