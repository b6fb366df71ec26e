import Foundation
import HearthCore
import HearthStore
import Synchronization

/// This worker's current ``FleetRoutes``, shared by the catalog (idle stops), the timers and the
/// queue trigger (which skip apps placed elsewhere) and the front (which forwards their requests).
/// The fleet heartbeat refreshes it from the store every beat.
final class FleetRouting: Sendable {
    private let routes = Mutex(FleetRoutes.empty)
    /// Whether any app has placement rows: while none has (a single worker, no placer), the front
    /// looks at nothing else.
    private let anyPlaced = Atomic<Bool>(false)
    private let turn = Atomic<Int>(0)
    /// The fleet forwarding key: ``WorkerFleetConfiguration/forwardingKey``, or, for a worker
    /// without the master key, the one wrapped for it in the store (``refreshKey(store:)``).
    private let forwardingKey: Mutex<[UInt8]?>

    init(key: [UInt8]?) { forwardingKey = Mutex(key) }

    /// The fleet forwarding key; `nil`: this worker neither forwards nor accepts forwarded requests.
    var key: [UInt8]? { forwardingKey.withLock { $0 } }

    /// Replaces the forwarding key (a worker without the master key, when its wrap arrives or a new
    /// master key's replaces it); whether it changed.
    @discardableResult
    func setKey(_ next: [UInt8]) -> Bool {
        forwardingKey.withLock { key in
            guard key != next else { return false }
            key = next
            return true
        }
    }

    /// Reads the forwarding key wrapped for this worker (``FleetStore/fleetForwardingKey()``) and
    /// uses it; whether it is new. A store opened with the master key has none to give (the
    /// configuration's derived key is used), and no wrap yet keeps the current key.
    func refreshKey(store: any FleetStore) async throws -> Bool {
        guard let next = try await store.fleetForwardingKey() else { return false }
        return setKey(next)
    }

    var current: FleetRoutes { routes.withLock { $0 } }

    /// Replaces the routes (the heartbeat's refresh; tests).
    func update(_ next: FleetRoutes) {
        routes.withLock { $0 = next }
        anyPlaced.store(!next.placements.isEmpty, ordering: .relaxed)
    }

    /// What to do with a request for `appID`; `.local` at once while no app is placed anywhere.
    func decide(appID: UUID) -> FleetRoutes.Decision {
        guard anyPlaced.load(ordering: .relaxed) else { return .local }
        return routes.withLock { $0.decide(appID: appID) }
    }

    func isLocal(appID: UUID) -> Bool { decide(appID: appID) == .local }

    /// The workers to try for a forwarded request, starting at the next in turn (round robin).
    func rotated(_ peers: [FleetRoutes.Peer]) -> [FleetRoutes.Peer] {
        guard peers.count > 1 else { return peers }
        let start = Int(UInt(bitPattern: turn.wrappingAdd(1, ordering: .relaxed).newValue) % UInt(peers.count))
        return Array(peers[start...] + peers[..<start])
    }

    /// Reads the workers and their placements from the store (two queries). `selfID` is
    /// `nil` for a worker with no row yet, on which nothing can be placed.
    func refresh(store: any FleetStore, selfID: UUID?) async throws {
        var next = FleetRoutes(selfID: selfID)
        let placements = Dictionary(grouping: try await store.allPlacements(), by: \.workerID)
        for worker in try await store.workers() {
            next.peers[worker.id] = .init(
                id: worker.id,
                name: worker.registration.name,
                url: worker.registration.advertiseURL,
                revoked: worker.state == .revoked
            )
            guard worker.state != .revoked else { continue }
            for placement in placements[worker.id] ?? [] {
                next.placements[placement.appID, default: []].append(worker.id)
            }
        }
        for app in next.placements.keys { next.placements[app]?.sort { $0.uuidString < $1.uuidString } }
        update(next)
    }
}
