public import Foundation

/// One observation of an app's load across the fleet: its in-flight invocations and queue depth
/// in total, and how many instances served them then.
///
/// The per-instance load is `(inFlight + queueDepth) / instances`. The placer only counts samples
/// taken with the instance count the app has now, so after a scale step the window starts anew.
public struct FleetLoadSample: Sendable, Hashable {
    public var at: Date
    /// Invocations running on all of the app's instances.
    public var inFlight: Int
    /// Messages waiting in the app's trigger queues (0 for apps without queue triggers).
    public var queueDepth: Int
    /// Instances the app had when sampled.
    public var instances: Int

    public init(at: Date, inFlight: Int, queueDepth: Int = 0, instances: Int) {
        self.at = at
        self.inFlight = inFlight
        self.queueDepth = queueDepth
        self.instances = instances
    }

    /// Work waiting for or running on the app.
    public var demand: Int { inFlight + queueDepth }
}
