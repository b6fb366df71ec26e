/// One change the placer asks for: put an instance of an app on a worker, or take it off.
public struct PlacementMove: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case place
        case remove
    }

    /// Why a move is made; logged with it and counted by the placement metrics.
    public enum Reason: Sendable, Hashable, CustomStringConvertible {
        /// The app had fewer instances than it needs (new app, raised `HEARTH_INSTANCES`, or an
        /// earlier plan could not place them all).
        case belowDesired
        /// A new instance for the one lost on this worker.
        case replaces(worker: String)
        /// Load per instance stayed above the app's target for the scale-out window.
        case scaleOut
        /// Load stayed low enough for one instance fewer for the scale-in window.
        case scaleIn
        /// A queue-triggered app with messages waiting and no instance.
        case queueDepth
        /// The worker no longer receives apps.
        case workerNotReady(WorkerStatus)
        /// The placement names a worker the fleet does not know.
        case unknownWorker
        /// The placement names the worker twice.
        case duplicate
        /// The app has more instances than its maximum.
        case aboveMaximum

        public var description: String {
            switch self {
            case .belowDesired: "below desired instances"
            case .replaces(let worker): "replaces the instance on \(worker)"
            case .scaleOut: "scale out"
            case .scaleIn: "scale in"
            case .queueDepth: "queue depth"
            case .workerNotReady(let state): "worker \(state.rawValue)"
            case .unknownWorker: "unknown worker"
            case .duplicate: "duplicate placement"
            case .aboveMaximum: "above maximum instances"
            }
        }
    }

    public var kind: Kind
    public var appID: String
    public var worker: String
    public var reason: Reason

    public init(_ kind: Kind, app appID: String, worker: String, reason: Reason) {
        self.kind = kind
        self.appID = appID
        self.worker = worker
        self.reason = reason
    }

    public var description: String { "\(kind.rawValue) \(appID) on \(worker) (\(reason))" }
}
