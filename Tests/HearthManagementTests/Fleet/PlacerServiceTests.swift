import Foundation
import HTTPTypes
import HearthCore
import HearthStore
import Logging
import Synchronization
import Testing

@testable import HearthManagement

/// Placers on one SQLite store, driven step by step on an injected clock (the store's lease runs on
/// the real one; 10 s leases never lapse within a test).
@Suite struct PlacerServiceTests {
    final class TestClock: Sendable {
        private let date = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
        var now: Date { date.withLock { $0 } }
        func advance(_ seconds: TimeInterval) { date.withLock { $0 = $0.addingTimeInterval(seconds) } }
    }

    struct Fleet {
        let instance: TestInstance
        let clock = TestClock()
        let metrics = RecordingMetrics()
        var store: SQLiteStore { instance.store }

        init() async throws { instance = try await TestInstance() }

        func placer(_ owner: String, configuration: PlacerService.Configuration = .init()) -> PlacerService {
            PlacerService(
                store: store,
                configuration: configuration,
                metrics: ManagementMetrics(factory: metrics),
                owner: owner,
                logger: Logger(label: "placer-test"),
                now: { [clock] in clock.now }
            )
        }

        @discardableResult
        func worker(_ name: String, capacityMB: Int = 4096) async throws -> WorkerRecord {
            let registration = WorkerRegistration(name: name, advertiseURL: "http://\(name):7071", capacityMB: capacityMB, labels: [:], version: "1")
            guard case .admitted(let record) = try await store.registerWorker(registration, credentialHash: nil, at: clock.now) else {
                throw StoreError(.invalidState, "\(name) was not admitted")
            }
            return record
        }

        func heartbeat(_ worker: WorkerRecord, load: WorkerLoad = .idle) async throws {
            _ = try await store.heartbeat(workerID: worker.id, credentialHash: nil, load: load, at: clock.now)
        }

        /// An app serving a deployment, with `settings`.
        @discardableResult
        func app(_ name: String, _ settings: [String: String] = [:]) async throws -> AppRecord {
            let app = try await instance.seedApp(name)
            let sha = String(repeating: "a", count: 64)
            try await store.putPackage(sha256: sha, content: Data("zip".utf8))
            let deployment = Deployment(appID: app.id, packageSHA256: sha, packageSize: 3, status: .succeeded)
            try await store.createDeployment(deployment)
            try await store.activateDeployment(appID: app.id, deploymentID: deployment.id)
            if !settings.isEmpty {
                try await store.putSettings(appID: app.id, settings.map { AppSetting(name: $0.key, value: $0.value, isSecret: false) })
            }
            return app
        }

        /// The names of the workers `app` is placed on, sorted.
        func placement(_ app: AppRecord) async throws -> [String] {
            let workers = try await store.workers()
            let names = Dictionary(uniqueKeysWithValues: workers.map { ($0.id, $0.name) })
            return try await store.placements(appID: app.id).compactMap { names[$0.workerID] }.sorted()
        }

        func moves(_ kind: String) -> Double {
            metrics.value(ManagementMetrics.Name.placementMoves, [("kind", kind)]) ?? 0
        }
    }

    @Test func onePlacerActsAndAnotherTakesOverOnceItStops() async throws {
        let fleet = try await Fleet()
        for name in ["w1", "w2", "w3"] { try await fleet.worker(name) }
        let orders = try await fleet.app("orders", ["HEARTH_INSTANCES": "2"])
        let billing = try await fleet.app("billing")
        let first = fleet.placer("first")
        let second = fleet.placer("second")

        let plan = try #require(await first.step())
        #expect(first.isPlacing)
        #expect(plan.moves.count == 3)
        let ordersWorkers = try await fleet.placement(orders)
        #expect(ordersWorkers.count == 2 && Set(ordersWorkers).count == 2)
        #expect(try await fleet.placement(billing).count == 1)
        #expect(fleet.moves("place") == 3)

        #expect(await second.step() == nil)
        #expect(!second.isPlacing)
        fleet.clock.advance(2)
        #expect(await second.step() == nil)
        #expect(!second.isPlacing)

        await first.stop()
        #expect(!first.isPlacing)
        #expect(await first.step() == nil)
        fleet.clock.advance(3)
        let takeOver = try #require(await second.step())
        #expect(second.isPlacing)
        #expect(takeOver.moves.isEmpty)
        #expect(try await fleet.placement(orders) == ordersWorkers)
    }

    @Test func aRoundRunsAtMostEveryTwoSeconds() async throws {
        let fleet = try await Fleet()
        try await fleet.worker("w1")
        let placer = fleet.placer("only")
        #expect(await placer.step() != nil)
        #expect(await placer.step() == nil)
        fleet.clock.advance(1)
        #expect(await placer.step() == nil)
        fleet.clock.advance(1)
        #expect(await placer.step() != nil)
    }

    @Test func theAppsOfASilentWorkerMoveToAReadyOne() async throws {
        let fleet = try await Fleet()
        try await fleet.worker("w1")
        let orders = try await fleet.app("orders")
        let placer = fleet.placer("only")
        await placer.step()
        #expect(try await fleet.placement(orders) == ["w1"])

        fleet.clock.advance(5)
        let w2 = try await fleet.worker("w2")
        fleet.clock.advance(6)
        try await fleet.heartbeat(w2)
        let plan = try #require(await placer.step())
        #expect(
            plan.moves == [
                PlacementMove(.place, app: orders.id.uuidString, worker: "w2", reason: .replaces(worker: "w1")),
                PlacementMove(.remove, app: orders.id.uuidString, worker: "w1", reason: .workerNotReady(.down)),
            ]
        )
        #expect(try await fleet.placement(orders) == ["w2"])
        #expect(fleet.moves("place") == 2)
        #expect(fleet.moves("remove") == 1)
        #expect(fleet.metrics.value(ManagementMetrics.Name.heartbeatAge, [("worker", "w1")]) == 11)
        #expect(fleet.metrics.value(ManagementMetrics.Name.heartbeatAge, [("worker", "w2")]) == 0)
    }

    @Test func capacityIsRespectedAndWhatDoesNotFitStaysUnplaced() async throws {
        let fleet = try await Fleet()
        try await fleet.worker("small", capacityMB: 1024)
        var apps: [AppRecord] = []
        for name in ["a1", "a2", "a3"] { apps.append(try await fleet.app(name, ["HEARTH_MEMORY_MB": "512"])) }
        let plan = try #require(await fleet.placer("only").step())
        #expect(plan.unplaced.count == 1)
        var placed = 0
        for app in apps { placed += try await fleet.placement(app).count }
        #expect(placed == 2)
        let unplaced = try #require(apps.first { $0.id.uuidString == plan.unplaced.first?.appID })
        #expect(try await fleet.placement(unplaced).isEmpty)
    }

    @Test func badSettingValuesInTheStoreTakeTheDefaults() async throws {
        let fleet = try await Fleet()
        for name in ["w1", "w2", "w3"] { try await fleet.worker(name) }
        let orders = try await fleet.app(
            "orders",
            ["HEARTH_INSTANCES": "-7", "HEARTH_MAX_INSTANCES": "lots", "HEARTH_TARGET_INFLIGHT": "99999999999999999999999", "HEARTH_MEMORY_MB": "x"]
        )
        let placer = fleet.placer("only")
        #expect(await placer.step() != nil)
        #expect(try await fleet.placement(orders).count == 1)
    }

    @Test func placingInTheOneProcessServeWaitsForItsWorker() async throws {
        let fleet = try await Fleet()
        let orders = try await fleet.app("orders")
        let placer = fleet.placer("serve")
        let plan = try #require(await placer.step())
        #expect(plan.moves.isEmpty)
        #expect(try await fleet.placement(orders).isEmpty)
        try await fleet.worker("local")
        fleet.clock.advance(2)
        await placer.step()
        #expect(try await fleet.placement(orders) == ["local"])
    }

    @Test func theSettingsAPIRefusesPlacementSettingsOutOfRange() async throws {
        let instance = try await TestInstance()
        let app = try await instance.seedApp()
        try await instance.test { [adminToken = instance.adminToken] client in
            let refused = try await client.call(.put, "/api/apps/orders/settings", token: adminToken, json: #"{"HEARTH_INSTANCES": "-1"}"#)
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("HEARTH_INSTANCES is not a whole number from 0 to 1000"))
            let one = try await client.call(.put, "/api/apps/orders/settings/HEARTH_TARGET_INFLIGHT", token: adminToken, json: #"{"value": "many"}"#)
            #expect(one.status == .badRequest)
            let fine = try await client.call(.put, "/api/apps/orders/settings", token: adminToken, json: #"{"HEARTH_INSTANCES": "2"}"#)
            #expect(fine.status == .ok)
        }
        #expect(try await instance.store.settings(appID: app.id).map(\.name) == ["HEARTH_INSTANCES"])
    }

    @Test func anAppBusyAboveItsTargetForTheWindowGetsAnotherInstance() async throws {
        let fleet = try await Fleet()
        var workers: [WorkerRecord] = []
        for name in ["w1", "w2", "w3"] { workers.append(try await fleet.worker(name)) }
        let orders = try await fleet.app("orders", ["HEARTH_TARGET_INFLIGHT": "10", "HEARTH_MAX_INSTANCES": "2"])
        var configuration = PlacerService.Configuration()
        configuration.policy.scaleOutWindow = .seconds(4)
        let placer = fleet.placer("only", configuration: configuration)
        await placer.step()
        let first = try await fleet.placement(orders)
        #expect(first.count == 1)
        var grown: [String] = []
        for _ in 0..<6 {
            fleet.clock.advance(2)
            let busy = WorkerLoad(inFlightInvocations: 25, inFlightByApp: [orders.id: 25])
            for worker in workers { try await fleet.heartbeat(worker, load: worker.name == first.first ? busy : .idle) }
            let plan = try #require(await placer.step())
            if plan.moves.contains(where: { $0.reason == .scaleOut }) { grown = try await fleet.placement(orders) }
        }
        #expect(grown.count == 2 && grown.contains(first[0]))
        #expect(try await fleet.placement(orders).count == 2)
    }
}
