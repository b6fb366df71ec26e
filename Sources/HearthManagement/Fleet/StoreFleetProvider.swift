import Foundation
import HearthCore
import HearthStore

/// The fleet as the store records it: every registered worker with the state a person sees
/// (``WorkerStatus``), and each app on the workers it is placed on.
///
/// An app the placer has not placed yet is served by every worker that takes work, as every
/// worker serves every app until placements exist, so it is listed on all of them. With no worker
/// registered at all (a store no worker has started against yet), the view is the pre-fleet one
/// of ``SingleWorkerFleetProvider``.
package struct StoreFleetProvider: LoadBalancerFleetProvider {
    let store: any ManagementStore
    let configuration: ManagementConfiguration
    /// The time the workers' states are judged at.
    var now: @Sendable () -> Date = { Date() }

    package var source: String { "store: registered workers and app placements" }

    package func describedFleet() async throws -> LoadBalancerFleetDTO {
        let records = try await store.workers()
        guard !records.isEmpty else {
            return try await SingleWorkerFleetProvider(store: store, configuration: configuration).describedFleet()
        }
        return LoadBalancerFleetDTO(source: source, fleet: try await fleet(records))
    }

    package func fleet() async throws -> LoadBalancerFleet {
        try await describedFleet().fleet
    }

    private func fleet(_ records: [WorkerRecord]) async throws -> LoadBalancerFleet {
        let liveness = WorkerStatus.Liveness(downAfter: Double(configuration.workerDownAfter.components.seconds))
        let at = now()
        var workers: [LoadBalancerFleet.Worker] = []
        var placedOn: [UUID: [String]] = [:]
        let placements = Dictionary(grouping: try await store.allPlacements(), by: \.workerID)
        for record in records {
            let status = WorkerStatus.of(record, at: at, liveness: liveness)
            guard let address = SingleWorkerFleetProvider.worker(record.registration.advertiseURL)?.address else { continue }
            workers.append(LoadBalancerFleet.Worker(name: record.name, address: address, state: .init(rawValue: status.rawValue)))
            for placement in placements[record.id] ?? [] {
                placedOn[placement.appID, default: []].append(record.name)
            }
        }
        let serving = workers.filter { $0.state != .revoked }.map(\.name)
        let suffix = "." + configuration.baseDomain.lowercased()
        let apps = try await store.apps(tenantID: nil).map { app in
            LoadBalancerFleet.App(
                name: app.name,
                hostNames: [app.name.lowercased() + suffix] + app.hostNames,
                workers: (placedOn[app.id] ?? serving).sorted()
            )
        }
        return LoadBalancerFleet(workers: workers, apps: apps)
    }
}
