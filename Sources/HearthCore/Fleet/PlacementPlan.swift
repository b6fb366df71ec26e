/// What one run of ``Placement/plan(_:now:policy:)`` decided.
///
/// Moves come places first, then removes, so an executor that applies them in order never leaves
/// an app with fewer instances than before on its way to the new placement (a draining worker
/// keeps its apps until they run elsewhere).
public struct PlacementPlan: Sendable, Hashable {
    /// An app that got fewer instances than it needs, and why.
    public struct Unplaced: Sendable, Hashable {
        public enum Reason: String, Sendable, Hashable {
            /// No ready worker without the app has its memory limit free.
            case noCapacity = "no capacity"
            /// Every ready worker already holds an instance (instances need distinct workers).
            case notEnoughWorkers = "not enough workers"
        }

        public var appID: String
        /// Instances that could not be placed.
        public var missing: Int
        public var reason: Reason

        public init(appID: String, missing: Int, reason: Reason) {
            self.appID = appID
            self.missing = missing
            self.reason = reason
        }
    }

    public var moves: [PlacementMove]
    /// Apps short of instances, by app id.
    public var unplaced: [Unplaced]
    /// Each worker's memory in use after the moves (reserved plus the limits of its apps), by name.
    public var usedMB: [String: Int]

    public init(moves: [PlacementMove] = [], unplaced: [Unplaced] = [], usedMB: [String: Int] = [:]) {
        self.moves = moves
        self.unplaced = unplaced
        self.usedMB = usedMB
    }
}
