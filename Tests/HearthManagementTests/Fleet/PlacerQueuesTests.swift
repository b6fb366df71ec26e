import Foundation
import HearthCore
import Testing

@testable import HearthManagement

/// The queue depths the placer reads, turned into queue-triggered apps and their load: pure.
@Suite struct PlacerQueuesTests {
    static let now = PlacerSnapshotTests.now

    @Test func queueTriggersWithTheirDepthsMakeTheAppQueueTriggeredAndPlaceIt() throws {
        let jobs = PlacerSnapshotTests.app("jobs")
        let queues = PlacerQueues(
            triggers: [
                jobs.id: [
                    .init(function: "Work", listens: .queue(account: "acme", name: "orders")),
                    .init(function: "Again", listens: .queue(account: "ACME", name: "orders")),
                    .init(function: "Audit", listens: .queue(account: "acme", name: "audit")),
                    .init(function: "Later", listens: .queue(account: "acme", name: "not-created-yet")),
                ]
            ],
            depths: [
                QueueDepth(account: "acme", queue: "orders", messages: 3),
                QueueDepth(account: "acme", queue: "audit", messages: 2),
                QueueDepth(account: "other", queue: "orders", messages: 50),
            ]
        )
        // Each queue counts once, another account's queue of the same name not at all.
        #expect(queues.depths == [jobs.id: 5])
        var history = PlacerLoadHistory(policy: PlacementPolicy())
        history.record(appIDs: [jobs.id], workers: [], placements: [:], queueDepths: queues.depths, at: Self.now)
        let settings = [jobs.id: [AppSetting(name: "HEARTH_INSTANCES", value: "0", isSecret: false)]]
        let read = PlacerSnapshot(
            workers: [PlacerSnapshotTests.worker("w1")],
            apps: [jobs],
            settings: settings,
            placements: [:],
            load: history.samples,
            queues: queues,
            now: Self.now,
            liveness: .init()
        )
        let app = try #require(read.snapshot.apps.first)
        #expect(app.queueTriggered)
        #expect(app.desiredInstances == 0)
        #expect(app.load == [FleetLoadSample(at: Self.now, inFlight: 0, queueDepth: 5, instances: 0)])
        #expect(read.problems.isEmpty)
        let plan = Placement.plan(read.snapshot, now: Self.now, policy: PlacementPolicy())
        #expect(plan.moves.map(\.kind) == [.place])
        #expect(plan.moves.map(\.reason) == [.queueDepth])
    }

    @Test func anEmptyQueueLeavesAnAppWithNoInstancesUnplaced() {
        let jobs = PlacerSnapshotTests.app("jobs")
        let queues = PlacerQueues(
            triggers: [jobs.id: [.init(function: "Work", listens: .queue(account: "acme", name: "orders"))]],
            depths: [QueueDepth(account: "acme", queue: "orders", messages: 0)]
        )
        var history = PlacerLoadHistory(policy: PlacementPolicy())
        history.record(appIDs: [jobs.id], workers: [], placements: [:], queueDepths: queues.depths, at: Self.now)
        let read = PlacerSnapshot(
            workers: [PlacerSnapshotTests.worker("w1")],
            apps: [jobs],
            settings: [jobs.id: [AppSetting(name: "HEARTH_INSTANCES", value: "0", isSecret: false)]],
            placements: [:],
            load: history.samples,
            queues: queues,
            now: Self.now,
            liveness: .init()
        )
        #expect(read.snapshot.apps.first?.queueTriggered == true)
        #expect(Placement.plan(read.snapshot, now: Self.now, policy: PlacementPolicy()).moves.isEmpty)
    }

    @Test func anUnresolvableTriggerIsReportedByAppAndFunctionAndDoesNotWakeIt() {
        let jobs = PlacerSnapshotTests.app("jobs")
        let reason = "function 'Work': app setting 'Broken' is not a queue connection string Hearth can use"
        let queues = PlacerQueues(triggers: [jobs.id: [.init(function: "Work", listens: .unusable(reason))]], depths: [])
        #expect(!queues.isQueueTriggered(jobs.id))
        let read = PlacerSnapshot(workers: [], apps: [jobs], settings: [:], placements: [:], queues: queues, now: Self.now, liveness: .init())
        #expect(read.snapshot.apps.first?.queueTriggered == false)
        #expect(read.problems == [.init(app: "jobs", message: reason, consequence: "its queue triggers do not wake the app")])
    }
}
