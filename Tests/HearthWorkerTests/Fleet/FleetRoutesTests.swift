import Foundation
import Testing

@testable import HearthWorker

/// The routing decision: placements and this worker in, serve here / forward / nowhere out.
@Suite struct FleetRoutesTests {
    static let a = UUID(uuidString: "00000000-0000-0000-0000-00000000000a")!
    static let b = UUID(uuidString: "00000000-0000-0000-0000-00000000000b")!
    static let c = UUID(uuidString: "00000000-0000-0000-0000-00000000000c")!
    static let app = UUID()

    static func peer(_ id: UUID, revoked: Bool = false) -> FleetRoutes.Peer {
        .init(id: id, name: "w-\(id.uuidString.suffix(1))", url: "http://127.0.0.1:1", revoked: revoked)
    }

    static func routes(self id: UUID?, placed: [UUID], revoked: Set<UUID> = []) -> FleetRoutes {
        var routes = FleetRoutes(selfID: id)
        for worker in [a, b, c] { routes.peers[worker] = peer(worker, revoked: revoked.contains(worker)) }
        if !placed.isEmpty { routes.placements[app] = placed }
        return routes
    }

    @Test func anAppPlacedNowhereIsServedByEveryWorker() {
        #expect(Self.routes(self: Self.a, placed: []).decide(appID: Self.app) == .local)
        #expect(FleetRoutes.empty.decide(appID: Self.app) == .local)
        #expect(Self.routes(self: nil, placed: []).isLocal(appID: Self.app))
    }

    @Test func anAppPlacedHereIsServedHere() {
        #expect(Self.routes(self: Self.b, placed: [Self.a, Self.b]).decide(appID: Self.app) == .local)
    }

    @Test func anAppPlacedElsewhereIsForwardedToItsWorkers() {
        let routes = Self.routes(self: Self.a, placed: [Self.b, Self.c])
        #expect(routes.decide(appID: Self.app) == .forward([Self.peer(Self.b), Self.peer(Self.c)]))
        #expect(!routes.isLocal(appID: Self.app))
        // Before this worker knows its own id, a placed app is still someone else's.
        #expect(Self.routes(self: nil, placed: [Self.b]).decide(appID: Self.app) == .forward([Self.peer(Self.b)]))
    }

    @Test func revokedAndUnknownWorkersAreNotForwardedTo() {
        let routes = Self.routes(self: Self.a, placed: [Self.b, Self.c], revoked: [Self.b])
        #expect(routes.decide(appID: Self.app) == .forward([Self.peer(Self.c)]))
        #expect(Self.routes(self: Self.a, placed: [Self.b], revoked: [Self.b]).decide(appID: Self.app) == .noWorker)
        #expect(Self.routes(self: Self.a, placed: [UUID()]).decide(appID: Self.app) == .noWorker)
    }

    @Test func membersAreKnownUnrevokedWorkers() {
        let routes = Self.routes(self: Self.a, placed: [], revoked: [Self.c])
        #expect(routes.isMember(Self.b))
        #expect(!routes.isMember(Self.c))
        #expect(!routes.isMember(UUID()))
    }

    @Test func alwaysReadyKeepsTheFirstWorkersOfThePlacementStarted() {
        let placed = [Self.a, Self.b, Self.c]
        #expect(Self.routes(self: Self.a, placed: placed).keepsStarted(appID: Self.app, alwaysReady: 1))
        #expect(!Self.routes(self: Self.b, placed: placed).keepsStarted(appID: Self.app, alwaysReady: 1))
        #expect(Self.routes(self: Self.b, placed: placed).keepsStarted(appID: Self.app, alwaysReady: 2))
        #expect(!Self.routes(self: Self.a, placed: placed).keepsStarted(appID: Self.app, alwaysReady: 0))
        // Placed elsewhere: not kept here, nor before this worker knows its id.
        #expect(!Self.routes(self: Self.a, placed: [Self.b, Self.c]).keepsStarted(appID: Self.app, alwaysReady: 2))
        #expect(!Self.routes(self: nil, placed: placed).keepsStarted(appID: Self.app, alwaysReady: 3))
        // Placed nowhere (a lone `hearth serve`): every worker serves it, so every worker keeps it.
        #expect(Self.routes(self: Self.a, placed: []).keepsStarted(appID: Self.app, alwaysReady: 3))
        #expect(FleetRoutes.empty.keepsStarted(appID: Self.app, alwaysReady: 1))
        #expect(!FleetRoutes.empty.keepsStarted(appID: Self.app, alwaysReady: 0))
    }

    @Test func forwardingTakesTurnsAmongTheWorkers() {
        let routing = FleetRouting(key: nil)
        let peers = [Self.peer(Self.a), Self.peer(Self.b)]
        let firsts = (0..<4).map { _ in routing.rotated(peers)[0].id }
        #expect(Set(firsts) == [Self.a, Self.b])
        #expect(routing.rotated(peers).count == 2)
    }
}
