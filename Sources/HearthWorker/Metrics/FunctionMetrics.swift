import CoreMetrics
import HearthCore

/// One function's invocation metrics, made once when its app is loaded: the warm path increments
/// them without looking anything up (counters and the in-flight gauge are atomics in Prometheus'
/// registry; the histogram takes its own short lock).
final class FunctionMetrics: Sendable {
    private let succeeded: Counter
    private let failed: Counter
    private let timedOut: Counter
    private let duration: CoreMetrics.Timer
    private let inFlight: Meter

    init(factory: any MetricsFactory, app: String, function: String) {
        let names = [("app", app), ("function", function)]
        func counter(_ outcome: String) -> Counter {
            Counter(label: WorkerMetrics.Name.invocations, dimensions: names + [("outcome", outcome)], factory: factory)
        }
        succeeded = counter(WorkerMetrics.Outcome.success)
        failed = counter(WorkerMetrics.Outcome.failure)
        timedOut = counter(WorkerMetrics.Outcome.timeout)
        duration = CoreMetrics.Timer(label: WorkerMetrics.Name.duration, dimensions: names, factory: factory)
        inFlight = Meter(label: WorkerMetrics.Name.inFlight, dimensions: names, factory: factory)
    }

    /// An invocation starts.
    func started() {
        inFlight.increment()
    }

    /// An invocation ended with `status` after `elapsed`.
    func finished(_ status: InvocationRecord.Status, elapsed: Duration) {
        inFlight.decrement()
        let (seconds, attoseconds) = elapsed.components
        duration.recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        switch status {
        case .succeeded: succeeded.increment()
        case .timedOut: timedOut.increment()
        default: failed.increment()
        }
    }
}
