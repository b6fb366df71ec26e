/// A worker machine as the placer sees it: what it offers and whether it takes apps now.
///
/// ```swift
/// let worker = FleetWorker(name: "w1", capacityMB: 8192, labels: ["zone": "a"])
/// ```
public struct FleetWorker: Sendable, Hashable {
    /// Where a worker stands in the fleet. Only ``ready`` workers receive apps; the apps of every
    /// other state are placed elsewhere.
    public enum State: String, Sendable, Hashable, CaseIterable {
        /// Heard from recently and offering its capacity.
        case ready
        /// Finishing in-flight calls before it stops (`hearth workers drain`, SIGTERM).
        case draining
        /// Not heard from within the heartbeat window.
        case down
        /// A spare machine outside the hours it offers (`--available`).
        case outsideHours = "outside hours"
        /// Its credential was revoked: it receives no work and no secrets.
        case revoked

        /// Whether apps may be placed on (and stay on) a worker in this state.
        public var receivesApps: Bool { self == .ready }
    }

    /// The worker's unique name in the fleet (`--name`).
    public var name: String
    /// Memory it offers to sandboxes, in MB (`--capacity-mb`).
    public var capacityMB: Int
    /// Labels such as `zone=b` (`--label`), by key.
    public var labels: [String: String]
    public var state: State
    /// Memory in MB taken by what the snapshot does not list (none by default); the apps placed on
    /// the worker count with their memory limits on top of it.
    public var reservedMB: Int

    public init(name: String, capacityMB: Int, labels: [String: String] = [:], state: State = .ready, reservedMB: Int = 0) {
        self.name = name
        self.capacityMB = capacityMB
        self.labels = labels
        self.state = state
        self.reservedMB = reservedMB
    }
}
