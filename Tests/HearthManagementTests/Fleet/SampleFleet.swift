@testable import HearthManagement

/// Fleets the load balancer tests share.
enum SampleFleet {
    /// Five workers, one per state, and apps placed on ready, draining, down and revoked workers.
    static let mixed = LoadBalancerFleet(
        workers: [
            .init(name: "w2", address: "10.0.0.2:7071", state: .ready),
            .init(name: "w1", address: "10.0.0.1:7071", state: .ready),
            .init(name: "w3", address: "10.0.0.3:7071", state: .draining),
            .init(name: "w4", address: "10.0.0.4:7071", state: .down),
            .init(name: "w5", address: "10.0.0.5:7071", state: .revoked),
        ],
        apps: [
            .init(name: "orders", hostNames: ["orders.fn.test", "Shop.Example.com"], workers: ["w2", "w1"]),
            .init(name: "billing", hostNames: ["billing.fn.test"], workers: ["w3"]),
            .init(name: "idle", hostNames: ["idle.fn.test"], workers: ["w4", "w2"]),
            .init(name: "ghost", hostNames: ["ghost.fn.test"], workers: ["w5", "nobody"]),
            .init(name: "new", hostNames: ["new.fn.test"], workers: []),
        ]
    )

    /// `fleet` with one worker's state changed.
    static func with(_ fleet: LoadBalancerFleet, worker name: String, state: LoadBalancerFleet.Worker.State) -> LoadBalancerFleet {
        var fleet = fleet
        for index in fleet.workers.indices where fleet.workers[index].name == name { fleet.workers[index].state = state }
        return fleet
    }
}
