/// The placer's knobs: scale windows and the defaults for apps that set nothing.
///
/// ```swift
/// var policy = PlacementPolicy()
/// policy.scaleOutWindow = .seconds(30)
/// ```
public struct PlacementPolicy: Sendable, Hashable {
    /// How long an app's load per instance must stay above its target before it gets another
    /// instance (60 s, Knative's stable window).
    public var scaleOutWindow: Duration = .seconds(60)
    /// How long the load must stay low enough for one instance fewer before one is given back
    /// (300 s, KEDA's cool-down).
    public var scaleInWindow: Duration = .seconds(300)
    /// Instances an app without `HEARTH_MAX_INSTANCES` may scale out to.
    public var defaultMaxInstances: Int = 10
    /// The worker label an app without a spread label of its own spreads across; workers without
    /// it count as one more value.
    public var defaultSpreadLabel: String? = "zone"
    /// How many fitting workers, in the app's own hash order, are compared for each new instance;
    /// the one with the most free capacity (as a share of its capacity) wins. 1 is pure
    /// home-worker hashing.
    public var candidates: Int = 2

    public init() {}
}
