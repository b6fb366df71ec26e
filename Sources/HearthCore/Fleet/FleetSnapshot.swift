/// The fleet as the placer reads it from the store: every worker and every app with its
/// placement and recent load.
public struct FleetSnapshot: Sendable, Hashable {
    public var workers: [FleetWorker]
    public var apps: [FleetApp]

    public init(workers: [FleetWorker], apps: [FleetApp]) {
        self.workers = workers
        self.apps = apps
    }
}
