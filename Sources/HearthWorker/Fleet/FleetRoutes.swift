import Foundation

/// Where each app is served, as this worker last read it from the store: the placements (app →
/// the workers it is placed on) and the workers others can be reached at. A value: the routing
/// decision is a pure function of it, tested without a store or a socket.
///
/// The fleet rule: an app with placement rows is served (started, timer-claimed, queue-polled)
/// only on the workers it is placed on; any other worker forwards its requests to one of them.
/// An app with no placement rows is served by every worker, as before the fleet existed.
struct FleetRoutes: Sendable, Equatable {
    /// A worker another one may forward to.
    struct Peer: Sendable, Equatable {
        var id: UUID
        var name: String
        /// Its advertised URL (`http://host:port`).
        var url: String
        /// Revoked workers get no forwarded requests and their forwarded requests are refused.
        var revoked: Bool
    }

    /// What a worker does with a request for an app.
    enum Decision: Sendable, Equatable {
        /// Serve it here (placed here, or placed nowhere).
        case local
        /// Forward it to one of these workers (in the order to try them).
        case forward([Peer])
        /// It is placed only on workers that cannot be reached (revoked or unknown).
        case noWorker
    }

    /// This worker's id in the fleet, once registered.
    var selfID: UUID?
    /// App id → the ids of the workers it is placed on, ascending.
    var placements: [UUID: [UUID]] = [:]
    /// Every worker of the fleet by id.
    var peers: [UUID: Peer] = [:]

    /// Nothing read yet: every app is served here.
    static let empty = FleetRoutes()

    func decide(appID: UUID) -> Decision {
        guard let placed = placements[appID], !placed.isEmpty else { return .local }
        if let selfID, placed.contains(selfID) { return .local }
        let targets = placed.compactMap { peers[$0] }.filter { !$0.revoked }
        return targets.isEmpty ? .noWorker : .forward(targets)
    }

    /// Whether the app is served here (placed here or nowhere).
    func isLocal(appID: UUID) -> Bool { decide(appID: appID) == .local }

    /// Whether this worker keeps the app started (`HEARTH_ALWAYS_READY` = `alwaysReady`): it is one
    /// of the first `alwaysReady` workers of the app's placement (ordered by worker id), or the app
    /// is placed nowhere and so served by every worker (a lone `hearth serve`) and `alwaysReady` > 0.
    func keepsStarted(appID: UUID, alwaysReady: Int) -> Bool {
        guard alwaysReady > 0 else { return false }
        guard let placed = placements[appID], !placed.isEmpty else { return true }
        guard let selfID else { return false }
        return placed.prefix(alwaysReady).contains(selfID)
    }

    /// Whether `id` is a fleet member that may forward requests here (known and not revoked).
    func isMember(_ id: UUID) -> Bool { peers[id].map { !$0.revoked } ?? false }
}
