/// A worker machine as the placer sees it: what it offers and whether it takes apps now.
///
/// ```swift
/// let worker = FleetWorker(name: "w1", capacityMB: 8192, labels: ["zone": "a"])
/// ```
public struct FleetWorker: Sendable, Hashable {
    /// The worker's unique name in the fleet (`--name`).
    public var name: String
    /// Memory it offers to sandboxes, in MB (`--capacity-mb`).
    public var capacityMB: Int
    /// Labels such as `zone=b` (`--label`), by key.
    public var labels: [String: String]
    /// Where the worker stands (``WorkerStatus/of(_:at:liveness:)`` of its record): only
    /// ``WorkerStatus/ready`` workers receive apps; the apps of every other state are placed elsewhere.
    public var state: WorkerStatus
    /// Memory in MB taken by what the snapshot does not list (none by default); the apps placed on
    /// the worker count with their memory limits on top of it.
    public var reservedMB: Int

    public init(name: String, capacityMB: Int, labels: [String: String] = [:], state: WorkerStatus = .ready, reservedMB: Int = 0) {
        self.name = name
        self.capacityMB = capacityMB
        self.labels = labels
        self.state = state
        self.reservedMB = reservedMB
    }
}
