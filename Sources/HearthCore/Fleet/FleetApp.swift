/// An app as the placer sees it: what one instance needs, how many instances it wants, where it
/// runs now and how busy it has been.
///
/// ```swift
/// let app = FleetApp(id: "orders", memoryLimitMB: 512, desiredInstances: 2, maxInstances: 4, placement: ["w1", "w2"])
/// ```
public struct FleetApp: Sendable, Hashable {
    /// The app's id; ties between equal choices are broken by a hash of it.
    public var id: String
    /// The app's memory limit in MB: what one instance takes from a worker's capacity.
    public var memoryLimitMB: Int
    /// `HEARTH_INSTANCES` (default 1): the fewest instances the app keeps. 0 places the app only
    /// while it has work, which for a queue-triggered app is a queue depth above 0.
    public var desiredInstances: Int
    /// `HEARTH_MAX_INSTANCES`: the most instances scale-out gives it; `nil` takes
    /// ``PlacementPolicy/defaultMaxInstances``. Never below ``desiredInstances``.
    public var maxInstances: Int?
    /// The worker label its instances spread across (such as `zone`); `nil` takes
    /// ``PlacementPolicy/defaultSpreadLabel``.
    public var spreadLabel: String?
    /// Invocations per instance above which the app scales out (app setting, default 16).
    public var perInstanceTarget: Int
    /// Whether a queue trigger wakes the app: a queue depth above 0 then needs an instance.
    public var queueTriggered: Bool
    /// The workers the app is placed on now, by name.
    public var placement: [String]
    /// Load observations, in any order; those older than the longer scale window are not needed.
    public var load: [FleetLoadSample]

    public init(
        id: String,
        memoryLimitMB: Int,
        desiredInstances: Int = 1,
        maxInstances: Int? = nil,
        spreadLabel: String? = nil,
        perInstanceTarget: Int = 16,
        queueTriggered: Bool = false,
        placement: [String] = [],
        load: [FleetLoadSample] = []
    ) {
        self.id = id
        self.memoryLimitMB = memoryLimitMB
        self.desiredInstances = desiredInstances
        self.maxInstances = maxInstances
        self.spreadLabel = spreadLabel
        self.perInstanceTarget = perInstanceTarget
        self.queueTriggered = queueTriggered
        self.placement = placement
        self.load = load
    }
}
