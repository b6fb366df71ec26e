import Foundation
import HearthCore
import HearthStore

/// Where `GET /api/lb/haproxy` gets the fleet it describes: ``StoreFleetProvider`` (the store's
/// workers and placements), which falls back to ``SingleWorkerFleetProvider`` while no worker has
/// registered.
package protocol LoadBalancerFleetProvider: Sendable {
    /// A short note on where the view comes from, returned with it.
    var source: String { get }
    /// The fleet as it is now.
    func fleet() async throws -> LoadBalancerFleet
    /// The fleet as it is now with where it came from (``source`` by default; a provider that
    /// falls back to another source names that one).
    func describedFleet() async throws -> LoadBalancerFleetDTO
}

extension LoadBalancerFleetProvider {
    package func describedFleet() async throws -> LoadBalancerFleetDTO {
        LoadBalancerFleetDTO(source: source, fleet: try await fleet())
    }
}

/// The pre-fleet source: every app of the store, each placed on the one worker that
/// ``ManagementConfiguration/workerPublicURL`` names (the single-worker fleet Hearth runs before
/// workers register). The worker is named after that URL's host, and is always `ready`.
///
/// That URL must reach the worker's own listener: when it names a load balancer (callers' public
/// address), the generated configuration would send requests back to that load balancer.
package struct SingleWorkerFleetProvider: LoadBalancerFleetProvider {
    let store: any ManagementStore
    let configuration: ManagementConfiguration

    package var source: String {
        "pre-fleet: every app on the one worker at the management configuration's worker public URL"
    }

    package func fleet() async throws -> LoadBalancerFleet {
        guard let worker = Self.worker(configuration.workerPublicURL) else {
            throw ManagementError(
                .badRequest,
                "the worker public URL '\(configuration.workerPublicURL)' has no host; "
                    + "start hearth with --public-url http://HOST:PORT naming the worker"
            )
        }
        let suffix = "." + configuration.baseDomain.lowercased()
        let apps = try await store.apps(tenantID: nil).map { app in
            LoadBalancerFleet.App(name: app.name, hostNames: [app.name.lowercased() + suffix] + app.hostNames, workers: [worker.name])
        }
        return LoadBalancerFleet(workers: [worker], apps: apps)
    }

    /// The worker a URL such as `http://10.0.0.5:7071` names: `10.0.0.5` at `10.0.0.5:7071` (the
    /// scheme's port when the URL has none).
    static func worker(_ url: String) -> LoadBalancerFleet.Worker? {
        guard let components = URLComponents(string: url), var host = components.host, !host.isEmpty else { return nil }
        let port = components.port ?? (components.scheme?.lowercased() == "https" ? 443 : 80)
        if host.contains(":") && !host.hasPrefix("[") { host = "[\(host)]" }
        return LoadBalancerFleet.Worker(name: host, address: "\(host):\(port)", state: .ready)
    }
}
