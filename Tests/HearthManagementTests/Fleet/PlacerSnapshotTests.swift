import Foundation
import HearthCore
import Testing

@testable import HearthManagement

@Suite struct PlacerSnapshotTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func worker(_ name: String, heardAgo: TimeInterval = 1, state: WorkerRecord.State = .ready, capacityMB: Int = 2048) -> WorkerRecord {
        WorkerRecord(
            registration: WorkerRegistration(
                name: name,
                advertiseURL: "http://\(name):7071",
                capacityMB: capacityMB,
                labels: ["zone": "a"],
                version: "1"
            ),
            state: state,
            registeredAt: now.addingTimeInterval(-100),
            lastHeartbeatAt: now.addingTimeInterval(-heardAgo)
        )
    }

    static func app(_ name: String, deployed: Bool = true) -> AppRecord {
        var app = AppRecord(tenantID: UUID(), name: name)
        if deployed { app.activeDeploymentID = UUID() }
        return app
    }

    @Test func workersGetTheStatusAPersonSees() {
        let workers = [
            Self.worker("ready"), Self.worker("silent", heardAgo: 11), Self.worker("leaving", state: .draining),
            Self.worker("gone", state: .revoked),
        ]
        let read = PlacerSnapshot(workers: workers, apps: [], settings: [:], placements: [:], now: Self.now, liveness: .init())
        #expect(read.snapshot.workers.map(\.state) == [.ready, .down, .draining, .revoked])
        #expect(read.snapshot.workers[0] == FleetWorker(name: "ready", capacityMB: 2048, labels: ["zone": "a"], state: .ready))
        #expect(read.workerIDs["silent"] == workers[1].id)
        let shorter = PlacerSnapshot(workers: workers, apps: [], settings: [:], placements: [:], now: Self.now, liveness: .init(downAfter: 0.5))
        #expect(shorter.snapshot.workers[0].state == .down)
    }

    @Test func appsCarryTheirSettingsAndPlacementByWorkerName() {
        let w1 = Self.worker("w1")
        let w2 = Self.worker("w2")
        let orders = Self.app("orders")
        let settings = [
            orders.id: [
                AppSetting(name: "HEARTH_INSTANCES", value: "2", isSecret: false),
                AppSetting(name: "HEARTH_MEMORY_MB", value: "256", isSecret: false),
            ]
        ]
        let placements = [
            w2.id: [AppPlacement(appID: orders.id, workerID: w2.id, placedAt: Self.now)],
            w1.id: [AppPlacement(appID: orders.id, workerID: w1.id, placedAt: Self.now)],
            UUID(): [AppPlacement(appID: orders.id, workerID: UUID(), placedAt: Self.now)],
        ]
        let read = PlacerSnapshot(workers: [w1, w2], apps: [orders], settings: settings, placements: placements, now: Self.now, liveness: .init())
        #expect(
            read.snapshot.apps == [
                FleetApp(id: orders.id.uuidString, memoryLimitMB: 256, desiredInstances: 2, placement: ["w1", "w2"])
            ]
        )
        #expect(read.apps[orders.id.uuidString]?.name == "orders")
        #expect(read.problems.isEmpty)
    }

    @Test func appsServingNoDeploymentAreNotPlaced() {
        let read = PlacerSnapshot(
            workers: [Self.worker("w1")],
            apps: [Self.app("draft", deployed: false)],
            settings: [:],
            placements: [:],
            now: Self.now,
            liveness: .init()
        )
        #expect(read.snapshot.apps.isEmpty)
    }

    @Test func badSettingsAreReportedByAppAndTheDefaultsApply() {
        let orders = Self.app("orders")
        let settings = [
            orders.id: [
                AppSetting(name: "HEARTH_INSTANCES", value: "-3", isSecret: false),
                AppSetting(name: "HEARTH_MEMORY_MB", value: "lots", isSecret: false),
            ]
        ]
        let read = PlacerSnapshot(workers: [], apps: [orders], settings: settings, placements: [:], now: Self.now, liveness: .init())
        #expect(read.snapshot.apps.first?.desiredInstances == 1)
        #expect(read.snapshot.apps.first?.memoryLimitMB == 512)
        #expect(
            read.problems == [
                .init(app: "orders", message: "app setting HEARTH_INSTANCES is not a whole number from 0 to 1000"),
                .init(app: "orders", message: "app setting HEARTH_MEMORY_MB is not a whole number from 16 to 1048576"),
            ]
        )
    }

    @Test func aPlanBecomesEachMovedAppsNewSetOfWorkerIDs() {
        let w1 = Self.worker("w1")
        let w2 = Self.worker("w2", heardAgo: 30)
        let orders = Self.app("orders")
        let billing = Self.app("billing")
        let placements = [
            w1.id: [AppPlacement(appID: billing.id, workerID: w1.id, placedAt: Self.now)],
            w2.id: [AppPlacement(appID: orders.id, workerID: w2.id, placedAt: Self.now)],
        ]
        let read = PlacerSnapshot(
            workers: [w1, w2],
            apps: [orders, billing],
            settings: [:],
            placements: placements,
            now: Self.now,
            liveness: .init()
        )
        let plan = Placement.plan(read.snapshot, now: Self.now)
        #expect(read.placements(after: plan) == [orders.id: [w1.id]])
    }
}
