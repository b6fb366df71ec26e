import Foundation
import HearthCore
import Testing

/// The placer's pure function: fleet state in, moves out.
@Suite struct PlacementTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func worker(_ name: String, _ capacityMB: Int = 4096, zone: String? = nil, state: WorkerStatus = .ready) -> FleetWorker {
        FleetWorker(name: name, capacityMB: capacityMB, labels: zone.map { ["zone": $0] } ?? [:], state: state)
    }

    static func plan(_ snapshot: FleetSnapshot, policy: PlacementPolicy = PlacementPolicy()) -> PlacementPlan {
        Placement.plan(snapshot, now: now, policy: policy)
    }

    /// Plans, applies the plan, and checks that planning the result again asks for nothing.
    static func settled(_ snapshot: FleetSnapshot, policy: PlacementPolicy = PlacementPolicy()) -> (PlacementPlan, FleetSnapshot) {
        let first = plan(snapshot, policy: policy)
        let applied = snapshot.applying(first)
        #expect(plan(applied, policy: policy).moves == [], "a second run on the applied result moves nothing")
        return (first, applied)
    }

    static func placement(_ snapshot: FleetSnapshot, _ app: String) -> [String] {
        snapshot.apps.first { $0.id == app }?.placement ?? []
    }

    /// Samples every 10 s over the last `seconds`, each with `demand` in flight on `instances`.
    static func samples(demand: Int, instances: Int, seconds: Int) -> [FleetLoadSample] {
        stride(from: seconds, through: 0, by: -10).map {
            FleetLoadSample(at: now.addingTimeInterval(-TimeInterval($0)), inFlight: demand, instances: instances)
        }
    }

    @Test func instancesGoToDistinctWorkers() {
        let snapshot = FleetSnapshot(
            workers: [Self.worker("w1"), Self.worker("w2"), Self.worker("w3")],
            apps: [FleetApp(id: "orders", memoryLimitMB: 512, desiredInstances: 3)]
        )
        let (plan, applied) = Self.settled(snapshot)
        #expect(plan.moves.count == 3)
        #expect(plan.moves.allSatisfy { $0.kind == .place && $0.reason == .belowDesired })
        #expect(Set(Self.placement(applied, "orders")) == ["w1", "w2", "w3"])
        #expect(plan.unplaced == [])
    }

    @Test func appsSpreadOverTheFleet() {
        let workers = (1...4).map { Self.worker("w\($0)", 8192) }
        let apps = (0..<40).map { FleetApp(id: "app-\($0)", memoryLimitMB: 256) }
        let (plan, _) = Self.settled(FleetSnapshot(workers: workers, apps: apps))
        let perWorker = Dictionary(grouping: plan.moves, by: \.worker).mapValues(\.count)
        #expect(perWorker.count == 4)
        #expect(perWorker.values.allSatisfy { (6...14).contains($0) }, "\(perWorker)")
    }

    @Test func capacityIsRespected() {
        let snapshot = FleetSnapshot(
            workers: [Self.worker("small", 1024), Self.worker("large", 4096)],
            apps: [
                FleetApp(id: "a", memoryLimitMB: 2048),
                FleetApp(id: "b", memoryLimitMB: 2048),
                FleetApp(id: "c", memoryLimitMB: 768),
                FleetApp(id: "d", memoryLimitMB: 512),
            ]
        )
        let (plan, applied) = Self.settled(snapshot)
        #expect(Self.placement(applied, "a") == ["large"])
        #expect(Self.placement(applied, "b") == ["large"])
        #expect(Self.placement(applied, "c") == ["small"])
        #expect(plan.usedMB == ["large": 4096, "small": 768])
        #expect(plan.unplaced == [PlacementPlan.Unplaced(appID: "d", missing: 1, reason: .noCapacity)])
    }

    @Test func reservedMemoryCounts() {
        var busy = Self.worker("busy", 4096)
        busy.reservedMB = 3800
        let snapshot = FleetSnapshot(workers: [busy, Self.worker("idle", 1024)], apps: [FleetApp(id: "a", memoryLimitMB: 512)])
        #expect(Self.plan(snapshot).moves == [PlacementMove(.place, app: "a", worker: "idle", reason: .belowDesired)])
    }

    @Test func unplaceableAppsAreReported() {
        let snapshot = FleetSnapshot(
            workers: [Self.worker("w1", 1024), Self.worker("w2", 1024), Self.worker("off", 8192, state: .down)],
            apps: [
                FleetApp(id: "huge", memoryLimitMB: 2048),
                FleetApp(id: "wide", memoryLimitMB: 128, desiredInstances: 3),
            ]
        )
        let plan = Self.plan(snapshot)
        #expect(
            plan.unplaced == [
                PlacementPlan.Unplaced(appID: "huge", missing: 1, reason: .noCapacity),
                PlacementPlan.Unplaced(appID: "wide", missing: 1, reason: .notEnoughWorkers),
            ]
        )
        #expect(plan.moves.filter { $0.appID == "wide" }.count == 2)
        #expect(!plan.moves.contains { $0.appID == "huge" })
    }

    @Test func appsStayWhereTheyAre() {
        // Placed by hand where the placer itself would not put them: nothing forces a move.
        let snapshot = FleetSnapshot(
            workers: [Self.worker("w1", 8192), Self.worker("w2", 8192), Self.worker("w3", 8192)],
            apps: (0..<6).map { FleetApp(id: "app-\($0)", memoryLimitMB: 512, placement: ["w1"]) }
        )
        #expect(Self.plan(snapshot).moves == [])
        #expect(Self.plan(snapshot).usedMB == ["w1": 3072, "w2": 0, "w3": 0])
    }

    @Test func replanningTheResultMovesNothing() {
        let snapshot = SimulatedFleet.snapshot(apps: 300, workers: 9)
        let (first, applied) = Self.settled(snapshot)
        #expect(first.moves.count == 400)
        #expect(Self.plan(applied) == Self.plan(applied))
    }

    @Test func instancesSpreadAcrossZones() {
        let workers = [
            Self.worker("a1", zone: "a"), Self.worker("a2", zone: "a"), Self.worker("a3", zone: "a"),
            Self.worker("b1", zone: "b"), Self.worker("c1", zone: "c"),
        ]
        let apps = (0..<10).map { FleetApp(id: "app-\($0)", memoryLimitMB: 128, desiredInstances: 3) }
        let (_, applied) = Self.settled(FleetSnapshot(workers: workers, apps: apps))
        for app in applied.apps {
            #expect(Set(app.placement.map { $0.prefix(1) }) == ["a", "b", "c"], "\(app.id): \(app.placement)")
        }
    }

    @Test func anAppsOwnSpreadLabelWins() {
        let workers = [
            FleetWorker(name: "r1", capacityMB: 4096, labels: ["rack": "1", "zone": "a"]),
            FleetWorker(name: "r2", capacityMB: 4096, labels: ["rack": "1", "zone": "b"]),
            FleetWorker(name: "r3", capacityMB: 4096, labels: ["rack": "2", "zone": "a"]),
        ]
        let apps = (0..<8).map { FleetApp(id: "app-\($0)", memoryLimitMB: 128, desiredInstances: 2, spreadLabel: "rack") }
        let (_, applied) = Self.settled(FleetSnapshot(workers: workers, apps: apps))
        for app in applied.apps {
            #expect(app.placement.contains("r3"), "\(app.id) has one instance on each rack: \(app.placement)")
        }
    }

    @Test func appsOfADownWorkerArePlacedElsewhere() {
        let snapshot = FleetSnapshot(
            workers: [Self.worker("w1"), Self.worker("w2", state: .down), Self.worker("w3")],
            apps: [
                FleetApp(id: "a", memoryLimitMB: 512, desiredInstances: 2, placement: ["w1", "w2"]),
                FleetApp(id: "b", memoryLimitMB: 512, placement: ["w3"]),
            ]
        )
        let (plan, applied) = Self.settled(snapshot)
        #expect(
            plan.moves == [
                PlacementMove(.place, app: "a", worker: "w3", reason: .replaces(worker: "w2")),
                PlacementMove(.remove, app: "a", worker: "w2", reason: .workerNotReady(.down)),
            ]
        )
        #expect(Self.placement(applied, "a") == ["w1", "w3"])
    }

    @Test(arguments: [WorkerStatus.draining, .outsideHours, .revoked])
    func appsOfAWorkerThatStopsTakingAppsMove(state: WorkerStatus) {
        let snapshot = FleetSnapshot(
            workers: [Self.worker("leaving", state: state), Self.worker("staying")],
            apps: [FleetApp(id: "a", memoryLimitMB: 512, placement: ["leaving"])]
        )
        let (plan, applied) = Self.settled(snapshot)
        // The new instance comes first, so an executor in order never leaves the app without one.
        #expect(
            plan.moves == [
                PlacementMove(.place, app: "a", worker: "staying", reason: .replaces(worker: "leaving")),
                PlacementMove(.remove, app: "a", worker: "leaving", reason: .workerNotReady(state)),
            ]
        )
        #expect(Self.placement(applied, "a") == ["staying"])
    }

    @Test func unknownAndDuplicatePlacementsAreRemoved() {
        let snapshot = FleetSnapshot(
            workers: [Self.worker("w1"), Self.worker("w2")],
            apps: [FleetApp(id: "a", memoryLimitMB: 512, desiredInstances: 2, placement: ["w1", "gone", "w1"])]
        )
        let (plan, applied) = Self.settled(snapshot)
        #expect(
            plan.moves == [
                PlacementMove(.place, app: "a", worker: "w2", reason: .belowDesired),
                PlacementMove(.remove, app: "a", worker: "gone", reason: .unknownWorker),
                PlacementMove(.remove, app: "a", worker: "w1", reason: .duplicate),
            ]
        )
        #expect(Set(Self.placement(applied, "a")) == ["w1", "w2"])
    }

    @Test func scalesOutAfterTheStableWindow() {
        let workers = [Self.worker("w1"), Self.worker("w2"), Self.worker("w3")]
        var app = FleetApp(id: "busy", memoryLimitMB: 256, maxInstances: 2, placement: ["w1"])

        app.load = Self.samples(demand: 20, instances: 1, seconds: 50)  // above 16 for only 50 s
        #expect(Self.plan(FleetSnapshot(workers: workers, apps: [app])).moves == [])

        app.load = Self.samples(demand: 20, instances: 1, seconds: 60)
        let (plan, applied) = Self.settled(FleetSnapshot(workers: workers, apps: [app]))
        #expect(plan.moves.map(\.reason) == [.scaleOut])
        #expect(Self.placement(applied, "busy").count == 2)

        // At its maximum: no further instance however long the load stays.
        var atMaximum = applied
        atMaximum.apps[0].load = Self.samples(demand: 100, instances: 2, seconds: 600)
        #expect(Self.plan(atMaximum).moves == [])
    }

    @Test func aDipInTheWindowPreventsScaleOut() {
        var load = Self.samples(demand: 20, instances: 1, seconds: 120)
        load[8].inFlight = 16  // 40 s ago: at the target, not above it
        let app = FleetApp(id: "busy", memoryLimitMB: 256, maxInstances: 3, placement: ["w1"], load: load)
        #expect(Self.plan(FleetSnapshot(workers: [Self.worker("w1"), Self.worker("w2")], apps: [app])).moves == [])
    }

    @Test func scalesInAfterTheLowWindowButNotBelowDesired() {
        let workers = [Self.worker("w1"), Self.worker("w2"), Self.worker("w3")]
        var app = FleetApp(id: "calm", memoryLimitMB: 256, desiredInstances: 2, maxInstances: 3, placement: ["w1", "w2", "w3"])

        app.load = Self.samples(demand: 30, instances: 3, seconds: 290)  // 30 ≤ 16 × 2, but only for 290 s
        #expect(Self.plan(FleetSnapshot(workers: workers, apps: [app])).moves == [])

        app.load = Self.samples(demand: 33, instances: 3, seconds: 300)  // 33 > 16 × 2: not low enough
        #expect(Self.plan(FleetSnapshot(workers: workers, apps: [app])).moves == [])

        app.load = Self.samples(demand: 30, instances: 3, seconds: 300)
        let (plan, applied) = Self.settled(FleetSnapshot(workers: workers, apps: [app]))
        #expect(plan.moves.map(\.kind) == [.remove])
        #expect(plan.moves.map(\.reason) == [.scaleIn])
        #expect(Self.placement(applied, "calm").count == 2)

        var idle = applied
        idle.apps[0].load = Self.samples(demand: 0, instances: 2, seconds: 900)
        #expect(Self.plan(idle).moves == [], "never below HEARTH_INSTANCES")
    }

    @Test func samplesFromAnotherInstanceCountDoNotCount() {
        // High load measured while the app had one instance says nothing about it with two.
        let app = FleetApp(
            id: "busy",
            memoryLimitMB: 256,
            maxInstances: 3,
            placement: ["w1", "w2"],
            load: Self.samples(demand: 40, instances: 1, seconds: 120)
        )
        #expect(Self.plan(FleetSnapshot(workers: [Self.worker("w1"), Self.worker("w2"), Self.worker("w3")], apps: [app])).moves == [])
    }

    @Test func queueDepthWakesAnAppWithoutInstances() {
        let workers = [Self.worker("w1"), Self.worker("w2")]
        var app = FleetApp(id: "drain", memoryLimitMB: 256, desiredInstances: 0, queueTriggered: true)
        app.load = [FleetLoadSample(at: Self.now.addingTimeInterval(-5), inFlight: 0, queueDepth: 0, instances: 0)]
        #expect(Self.plan(FleetSnapshot(workers: workers, apps: [app])).moves == [])

        app.load.append(FleetLoadSample(at: Self.now.addingTimeInterval(-1), inFlight: 0, queueDepth: 3, instances: 0))
        let (plan, applied) = Self.settled(FleetSnapshot(workers: workers, apps: [app]))
        #expect(plan.moves.map(\.reason) == [.queueDepth])
        #expect(Self.placement(applied, "drain").count == 1)

        // An HTTP-only app with no desired instance is not woken by queue depth.
        var http = app
        http.queueTriggered = false
        #expect(Self.plan(FleetSnapshot(workers: workers, apps: [http])).moves == [])
    }

    @Test func queueDepthPerInstanceScalesOutAndAnEmptyQueueScalesToZero() {
        let workers = [Self.worker("w1"), Self.worker("w2")]
        var app = FleetApp(id: "drain", memoryLimitMB: 256, desiredInstances: 0, queueTriggered: true, placement: ["w1"])
        app.load = stride(from: 60, through: 0, by: -10).map {
            FleetLoadSample(at: Self.now.addingTimeInterval(-TimeInterval($0)), inFlight: 4, queueDepth: 100, instances: 1)
        }
        #expect(Self.plan(FleetSnapshot(workers: workers, apps: [app])).moves.map(\.reason) == [.scaleOut])

        app.load = stride(from: 300, through: 0, by: -30).map {
            FleetLoadSample(at: Self.now.addingTimeInterval(-TimeInterval($0)), inFlight: 0, queueDepth: 0, instances: 1)
        }
        let empty = Self.plan(FleetSnapshot(workers: workers, apps: [app]))
        #expect(empty.moves == [PlacementMove(.remove, app: "drain", worker: "w1", reason: .scaleIn)])
    }

    @Test func instancesAboveTheMaximumAreRemoved() {
        let app = FleetApp(id: "a", memoryLimitMB: 256, maxInstances: 1, placement: ["w1", "w2"])
        let plan = Self.plan(FleetSnapshot(workers: [Self.worker("w1"), Self.worker("w2")], apps: [app]))
        #expect(plan.moves.map(\.reason) == [.aboveMaximum])
        #expect(plan.moves.map(\.kind) == [.remove])
    }

    @Test func thePlanDoesNotDependOnInputOrder() {
        let snapshot = SimulatedFleet.snapshot(apps: 200, workers: 12)
        var shuffled = snapshot
        var generator = BackoffTests.SeededGenerator(state: 7)  // the same shuffle on every run
        shuffled.workers.shuffle(using: &generator)
        shuffled.apps.shuffle(using: &generator)
        #expect(Self.plan(snapshot) == Self.plan(shuffled))
    }

    @Test func choicesFollowTheAppsHashNotTheRunningProcess() {
        // Fixed expectations: a placer in another process (another seed for Swift's Hasher) or
        // on another machine makes the same choices.
        let workers = (1...8).map { Self.worker("w\($0)", 65_536) }
        let apps = ["orders", "billing", "search"].map { FleetApp(id: $0, memoryLimitMB: 256, desiredInstances: 2) }
        let (_, applied) = Self.settled(
            FleetSnapshot(workers: workers, apps: apps),
            policy: {
                var p = PlacementPolicy()
                p.candidates = 1
                return p
            }()
        )
        let homes = applied.apps.map { "\($0.id): \($0.placement.joined(separator: " "))" }
        #expect(homes == Self.expectedHomes, "\(homes)")
    }

    static let expectedHomes = ["orders: w7 w6", "billing: w1 w6", "search: w2 w1"]
}
