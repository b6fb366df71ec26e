import Foundation
import HearthCore
import Testing

@testable import HearthWorker

/// A worker's drain driven by events alone: the store's state, a stop (SIGTERM), the apps still
/// placed on it, the other ready workers, its calls in flight and the time.
@Suite struct WorkerDrainTests {
    static let start = Date(timeIntervalSince1970: 1_000_000)
    static let configuration = WorkerDrain.Configuration(timeout: 30, linger: 8)

    static func at(_ seconds: TimeInterval) -> Date { start.addingTimeInterval(seconds) }

    @Test func aReadyWorkerDoesNothing() {
        var drain = WorkerDrain(configuration: Self.configuration)
        #expect(drain.storeState(.ready, at: Self.at(0)) == [])
        #expect(drain.placements(0, otherReadyWorkers: 2, at: Self.at(1)) == [])
        #expect(drain.inFlight(3, at: Self.at(2)) == [])
        #expect(drain.tick(at: Self.at(500)) == [])
        #expect(drain.phase == .serving && !drain.isDraining)
    }

    @Test func anAdminDrainServesUntilTheAppsAreMovedThenStopsTakingWork() {
        var drain = WorkerDrain(configuration: Self.configuration)
        #expect(drain.storeState(.draining, at: Self.at(0)) == [])
        #expect(drain.isDraining)
        #expect(drain.placements(2, otherReadyWorkers: 1, at: Self.at(2)) == [])
        #expect(drain.placements(1, otherReadyWorkers: 1, at: Self.at(4)) == [])
        #expect(drain.phase == .moving(deadline: Self.at(30)))
        #expect(drain.placements(0, otherReadyWorkers: 1, at: Self.at(6)) == [.stopTakingWork])
        #expect(drain.phase == .drained(since: Self.at(6)))
        // Not stopping: it stays drained, serving what reaches it, however long it waits.
        #expect(drain.inFlight(0, at: Self.at(7)) == [])
        #expect(drain.tick(at: Self.at(1000)) == [])
        #expect(drain.storeState(.draining, at: Self.at(1001)) == [])
        #expect(drain.phase == .drained(since: Self.at(6)))
    }

    @Test func theTimeoutBoundsTheWaitForThePlacer() {
        var drain = WorkerDrain(configuration: Self.configuration)
        _ = drain.storeState(.draining, at: Self.at(0))
        #expect(drain.placements(3, otherReadyWorkers: 2, at: Self.at(29)) == [])
        #expect(drain.tick(at: Self.at(29.9)) == [])
        #expect(drain.tick(at: Self.at(30)) == [.stopTakingWork])
        #expect(drain.placements(3, otherReadyWorkers: 2, at: Self.at(31)) == [])
    }

    @Test func readyAgainResumesWorkFromEitherPhase() {
        var moving = WorkerDrain(configuration: Self.configuration)
        _ = moving.storeState(.draining, at: Self.at(0))
        _ = moving.placements(1, otherReadyWorkers: 1, at: Self.at(1))
        #expect(moving.storeState(.ready, at: Self.at(2)) == [])
        #expect(moving.phase == .serving)

        var drained = WorkerDrain(configuration: Self.configuration)
        _ = drained.storeState(.draining, at: Self.at(0))
        #expect(drained.placements(0, otherReadyWorkers: 1, at: Self.at(1)) == [.stopTakingWork])
        #expect(drained.storeState(.ready, at: Self.at(2)) == [.resumeWork])
        #expect(drained.phase == .serving)
        // A second drain starts afresh: a new deadline, its placements counted again.
        #expect(drained.storeState(.draining, at: Self.at(10)) == [])
        #expect(drained.phase == .moving(deadline: Self.at(40)))
        #expect(drained.placements(0, otherReadyWorkers: 1, at: Self.at(11)) == [.stopTakingWork])
    }

    @Test func aStopMarksTheWorkerDrainingWaitsForThePlacerLingersAndWaitsForCalls() {
        var drain = WorkerDrain(configuration: Self.configuration)
        _ = drain.storeState(.ready, at: Self.at(0))
        #expect(drain.stopRequested(at: Self.at(1)) == [.markDraining])
        #expect(drain.stopping && drain.markedByStop)
        #expect(drain.stopRequested(at: Self.at(1.5)) == [])
        // The heartbeat still says ready until the store's answer catches up: the stop goes on.
        #expect(drain.storeState(.ready, at: Self.at(2)) == [])
        #expect(drain.placements(2, otherReadyWorkers: 2, at: Self.at(3)) == [])
        #expect(drain.placements(0, otherReadyWorkers: 2, at: Self.at(5)) == [.stopTakingWork])
        #expect(drain.storeState(.draining, at: Self.at(6)) == [])
        // Serves what still reaches it while load balancers notice the 503.
        #expect(drain.inFlight(0, at: Self.at(12.9)) == [])
        #expect(drain.inFlight(2, at: Self.at(13)) == [])
        #expect(drain.inFlight(1, at: Self.at(20)) == [])
        #expect(drain.inFlight(0, at: Self.at(21)) == [.finish])
        #expect(drain.phase == .finished)
        #expect(drain.tick(at: Self.at(22)) == [])
    }

    @Test func aStopIsNotUndoneByTheStoreSayingReady() {
        var drain = WorkerDrain(configuration: Self.configuration)
        _ = drain.stopRequested(at: Self.at(0))
        _ = drain.placements(0, otherReadyWorkers: 1, at: Self.at(1))
        #expect(drain.storeState(.ready, at: Self.at(2)) == [])
        #expect(drain.phase == .drained(since: Self.at(1)))
    }

    @Test func callsThatNeverEndDoNotHoldAStopForever() {
        var drain = WorkerDrain(configuration: Self.configuration)
        _ = drain.stopRequested(at: Self.at(0))
        #expect(drain.placements(0, otherReadyWorkers: 1, at: Self.at(0)) == [.stopTakingWork])
        #expect(drain.inFlight(5, at: Self.at(37.9)) == [])
        #expect(drain.tick(at: Self.at(38)) == [.finish])
    }

    @Test func aStopWithNowhereElseToGoFinishesAtOnce() {
        // Single-process `hearth serve`, or the last worker: no one to move apps to or take traffic.
        var drain = WorkerDrain(configuration: Self.configuration)
        #expect(drain.stopRequested(at: Self.at(0)) == [.markDraining])
        #expect(drain.placements(4, otherReadyWorkers: 0, at: Self.at(0)) == [.stopTakingWork, .finish])
    }

    @Test func aStopWithNowhereElseStillWaitsForItsCalls() {
        var drain = WorkerDrain(configuration: Self.configuration)
        _ = drain.stopRequested(at: Self.at(0))
        #expect(drain.inFlight(1, at: Self.at(0)) == [])
        #expect(drain.placements(0, otherReadyWorkers: 0, at: Self.at(0)) == [.stopTakingWork])
        #expect(drain.inFlight(0, at: Self.at(1)) == [.finish])
    }

    @Test func aStopOfAWorkerAnAdminDrainedDoesNotMarkItAgain() {
        var drain = WorkerDrain(configuration: Self.configuration)
        _ = drain.storeState(.draining, at: Self.at(0))
        #expect(drain.placements(0, otherReadyWorkers: 1, at: Self.at(1)) == [.stopTakingWork])
        #expect(drain.inFlight(1, at: Self.at(2)) == [])
        #expect(drain.stopRequested(at: Self.at(5)) == [])
        #expect(!drain.markedByStop)
        // Its linger counts from when it stopped taking work (1 s), and its call is awaited.
        #expect(drain.inFlight(0, at: Self.at(6)) == [])
        #expect(drain.tick(at: Self.at(9)) == [.finish])
    }

    @Test func aStopDuringAnAdminDrainKeepsItsDeadline() {
        var drain = WorkerDrain(configuration: Self.configuration)
        _ = drain.storeState(.draining, at: Self.at(0))
        _ = drain.placements(1, otherReadyWorkers: 1, at: Self.at(1))
        #expect(drain.stopRequested(at: Self.at(10)) == [])
        #expect(drain.phase == .moving(deadline: Self.at(30)))
        #expect(drain.tick(at: Self.at(30)) == [.stopTakingWork])
        #expect(drain.inFlight(0, at: Self.at(38)) == [.finish])
    }

    @Test func theLongestStopCoversTheWaits() {
        #expect(WorkerDrain.Configuration(timeout: 30, linger: 8).longestStop == 68)
        #expect(WorkerDrain.Configuration(timeout: 0, linger: 0).longestStop == 0)
    }
}
