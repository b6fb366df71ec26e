import CoreMetrics
import Prometheus
import Synchronization

/// The registry each ``Server`` writes its metrics to, and the process's one `MetricsSystem`
/// bootstrap. `MetricsSystem.bootstrap` may run only once per process, so Hearth's own metrics
/// never depend on it: each server passes its registry's factory to its roles explicitly (tests
/// start several servers in one process, each with its own registry). The first server that
/// serves `/metrics` also bootstraps `MetricsSystem` with its registry, so that metrics of
/// libraries that use the global system appear there too; later ones leave it.
enum ProcessMetrics {
    private static let bootstrapped = Atomic<Bool>(false)

    /// A registry for one server; bootstrapped into `MetricsSystem` when it is the process's first.
    static func registry(bootstrap: Bool) -> PrometheusCollectorRegistry {
        let registry = PrometheusCollectorRegistry()
        if bootstrap, bootstrapped.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged {
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        }
        return registry
    }
}
