import HearthCore
import Synchronization
import Testing

@testable import HearthWorker

/// The supervisor's decisions without processes: time is an instant advanced by hand.
@Suite struct WorkerSupervisorStateMachineTests {
    final class FakeWorker: SupervisedWorker {
        let startedAt: ContinuousClock.Instant
        private let alive = Atomic(true)
        init(startedAt: ContinuousClock.Instant) { self.startedAt = startedAt }
        var processIdentity: ObjectIdentifier { ObjectIdentifier(self) }
        var isAlive: Bool { alive.load(ordering: .relaxed) }
        func die() { alive.store(false, ordering: .relaxed) }
        func failureDescription() async -> String { "exited" }
        var statusDescription: String { "fake" }
        func terminate(grace: Duration) async {}
    }

    typealias Machine = WorkerSupervisor<FakeWorker>.StateMachine

    /// Holds the machine, so `#expect` can call its mutating methods (the macro cannot on a `var`).
    final class Driver {
        var machine: Machine
        init(_ machine: Machine) { self.machine = machine }
        var failures: Int { machine.failures }
        var lastFailure: String? { machine.lastFailure }
        var runningWorker: FakeWorker? { machine.runningWorker }
        var isIdle: Bool { machine.isIdle }
        func requestWorker(now: ContinuousClock.Instant) -> Machine.RequestAction { machine.requestWorker(now: now) }
        func warm(now: ContinuousClock.Instant) -> Machine.WarmAction { machine.warm(now: now) }
        func workerDied(_ worker: FakeWorker, reason: String, now: ContinuousClock.Instant) -> Machine.Failure? {
            machine.workerDied(worker, reason: reason, now: now)
        }
        func startSucceeded(_ worker: FakeWorker) -> Machine.StartedAction { machine.startSucceeded(worker) }
        func startFailed(reason: String, now: ContinuousClock.Instant) -> Machine.StartFailedAction {
            machine.startFailed(reason: reason, now: now)
        }
        func recycle(_ worker: FakeWorker, reason: String) -> Bool { machine.recycle(worker, reason: reason) }
        func stopIfIdle(_ isIdle: () -> Bool) -> FakeWorker? { machine.stopIfIdle(isIdle) }
        func stop() -> FakeWorker? { machine.stop() }
    }

    let t0 = ContinuousClock.now
    func machine(maxBackoff: Duration = .seconds(30)) -> Driver {
        Driver(Machine(backoff: Backoff(initial: .milliseconds(500), maximum: maxBackoff)))
    }

    /// Runs a start that succeeds at `now` and returns its worker.
    func started(_ machine: Driver, at now: ContinuousClock.Instant) -> FakeWorker {
        #expect(machine.requestWorker(now: now).isStart)
        let worker = FakeWorker(startedAt: now)
        #expect(machine.startSucceeded(worker).published === worker)
        return worker
    }

    @Test func theFirstCallerStartsLaterCallersWaitThenAllUseTheWorker() {
        let machine = machine()
        #expect(machine.requestWorker(now: t0).isStart)
        #expect(machine.requestWorker(now: t0).isWait)
        #expect(machine.requestWorker(now: t0).isWait)
        let worker = FakeWorker(startedAt: t0)
        #expect(machine.startSucceeded(worker).published === worker)
        #expect(machine.requestWorker(now: t0 + .seconds(1)).used === worker)
        #expect(machine.runningWorker === worker)
    }

    @Test func failedStartsBackOffDoublingFromHalfASecondUpToTheMaximum() {
        let machine = machine(maxBackoff: .seconds(5))
        var now = t0
        var delays: [Duration] = []
        for _ in 0..<6 {
            #expect(machine.requestWorker(now: now).isStart)
            guard case .backoff(let failure) = machine.startFailed(reason: "exit 1", now: now) else {
                Issue.record("no backoff")
                return
            }
            delays.append(failure.retryIn)
            // Calls during the backoff fail fast, naming the reason and the time left.
            let early = machine.requestWorker(now: now + failure.retryIn - .milliseconds(1))
            #expect(early.rejection == .backingOff(reason: "exit 1", retryIn: .milliseconds(1)))
            now += failure.retryIn
        }
        #expect(delays == [.milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(5), .seconds(5)])
        #expect(machine.lastFailure == "exit 1")
    }

    @Test func aCrashAfterAHealthyMinuteStartsAFreshBackoff() {
        let machine = machine()
        #expect(machine.requestWorker(now: t0).isStart)
        _ = machine.startFailed(reason: "boom", now: t0)
        #expect(machine.requestWorker(now: t0 + .milliseconds(500)).isStart)
        _ = machine.startFailed(reason: "boom", now: t0 + .milliseconds(500))
        // Two failures: the next backoff would be 2 s. The worker then runs for 61 s and crashes.
        let startedAt = t0 + .seconds(2)
        let worker = started(machine, at: startedAt)
        worker.die()
        let crash = startedAt + .seconds(61)
        #expect(machine.requestWorker(now: crash).reaped === worker)
        let failure = machine.workerDied(worker, reason: "segfault", now: crash)
        #expect(failure == Machine.Failure(reason: "segfault", retryIn: .milliseconds(500)))
    }

    @Test func aCrashWithinAMinuteKeepsDoubling() {
        let machine = machine()
        #expect(machine.requestWorker(now: t0).isStart)
        _ = machine.startFailed(reason: "boom", now: t0)
        let startedAt = t0 + .seconds(1)
        let worker = started(machine, at: startedAt)
        worker.die()
        let crash = startedAt + .seconds(59)
        #expect(machine.requestWorker(now: crash).reaped === worker)
        #expect(machine.workerDied(worker, reason: "segfault", now: crash)?.retryIn == .seconds(1))
        let early = machine.requestWorker(now: crash + .milliseconds(999))
        #expect(early.rejection == .backingOff(reason: "segfault", retryIn: .milliseconds(1)))
        #expect(machine.requestWorker(now: crash + .seconds(1)).isStart)
    }

    @Test func aDeathReportedTwiceCountsOnce() {
        let machine = machine()
        let worker = started(machine, at: t0)
        worker.die()
        // Two callers both find it dead before either reports.
        #expect(machine.requestWorker(now: t0).reaped === worker)
        #expect(machine.requestWorker(now: t0).reaped === worker)
        #expect(machine.workerDied(worker, reason: "gone", now: t0)?.retryIn == .milliseconds(500))
        #expect(machine.workerDied(worker, reason: "gone", now: t0) == nil)
        #expect(machine.failures == 1)
    }

    @Test func idleStopAsksAboutIdlenessOnlyWhileRunningAndReturnsTheWorker() {
        let machine = machine()
        var asked = 0
        let notRunning = machine.stopIfIdle {
            asked += 1
            return true
        }
        #expect(notRunning == nil)
        #expect(asked == 0)
        let worker = started(machine, at: t0)
        let busy = machine.stopIfIdle {
            asked += 1
            return false
        }
        #expect(busy == nil)
        #expect(machine.runningWorker === worker)
        let idle = machine.stopIfIdle {
            asked += 1
            return true
        }
        #expect(idle === worker)
        #expect(asked == 2)
        #expect(machine.isIdle)
        // The next call starts a new worker, without a backoff.
        #expect(machine.requestWorker(now: t0).isStart)
        #expect(machine.failures == 0)
    }

    @Test func activityIsIdleOnlyWithNoCallRunningForTheWholePeriod() {
        var activity = WorkerActivity(now: t0)
        #expect(!activity.isIdle(for: .seconds(60), now: t0 + .seconds(59)))
        #expect(activity.isIdle(for: .seconds(60), now: t0 + .seconds(60)))
        activity.begin(now: t0 + .seconds(60))
        #expect(!activity.isIdle(for: .seconds(60), now: t0 + .seconds(600)), "a call still runs")
        activity.end(now: t0 + .seconds(600))
        #expect(!activity.isIdle(for: .seconds(60), now: t0 + .seconds(659)))
        #expect(activity.isIdle(for: .seconds(60), now: t0 + .seconds(660)))
    }

    @Test func recycleStopsOnlyTheRunningWorkerWithoutABackoff() {
        let machine = machine()
        let worker = started(machine, at: t0)
        #expect(!machine.recycle(FakeWorker(startedAt: t0), reason: "other"))
        #expect(machine.recycle(worker, reason: "timed out"))
        #expect(machine.lastFailure == "timed out")
        #expect(!machine.recycle(worker, reason: "timed out"), "already recycled")
        #expect(machine.requestWorker(now: t0).isStart)
        #expect(machine.failures == 0)
    }

    @Test func aStopWhileAStartIsInFlightDiscardsTheStartedWorker() {
        let machine = machine()
        #expect(machine.requestWorker(now: t0).isStart)
        #expect(machine.requestWorker(now: t0).isWait)
        #expect(machine.stop() == nil, "nothing runs yet")
        let late = FakeWorker(startedAt: t0)
        guard case .discard(let discarded) = machine.startSucceeded(late) else {
            Issue.record("the late worker was published")
            return
        }
        #expect(discarded === late)
        #expect(machine.runningWorker == nil)
        #expect(machine.requestWorker(now: t0).rejection == .stopped)
    }

    @Test func aStopWhileAStartIsInFlightThatThenFailsIsNoBackoff() {
        let machine = machine()
        #expect(machine.requestWorker(now: t0).isStart)
        _ = machine.stop()
        #expect(machine.startFailed(reason: "exit 1", now: t0) == .stopped)
        #expect(machine.failures == 0)
        #expect(machine.requestWorker(now: t0 + .seconds(10)).rejection == .stopped)
    }

    @Test func aStartRequestedWhileStoppingIsRefused() {
        let machine = machine()
        let worker = started(machine, at: t0)
        // stop() hands back the worker to terminate; while that runs, a caller asks.
        #expect(machine.stop() === worker)
        #expect(machine.requestWorker(now: t0).rejection == .stopped)
        #expect(machine.stop() == nil, "stopping twice terminates nothing twice")
        #expect(!machine.recycle(worker, reason: "late timeout"))
        let idle = machine.stopIfIdle { true }
        #expect(idle == nil)
    }

    @Test func aDeathReportedAfterAStopIsNoBackoff() {
        let machine = machine()
        let worker = started(machine, at: t0)
        worker.die()
        #expect(machine.requestWorker(now: t0).reaped === worker)
        _ = machine.stop()
        #expect(machine.workerDied(worker, reason: "gone", now: t0) == nil)
        #expect(machine.requestWorker(now: t0).rejection == .stopped)
    }

    @Test func aWarmUpStartsAnIdleWorkerAndCallersShareThatStart() {
        let machine = machine()
        #expect(machine.warm(now: t0).isStart)
        #expect(machine.warm(now: t0).isNothing, "a start is in flight")
        #expect(machine.requestWorker(now: t0).isWait, "a call waits for the warm start")
        let worker = FakeWorker(startedAt: t0)
        #expect(machine.startSucceeded(worker).published === worker)
        #expect(machine.warm(now: t0 + .seconds(1)).isNothing, "it runs")
        #expect(machine.requestWorker(now: t0 + .seconds(1)).used === worker)
        // Idle-stopped (the app lost its always-ready status, then idled): warming starts it again.
        _ = machine.stopIfIdle { true }
        #expect(machine.warm(now: t0 + .seconds(2)).isStart)
        #expect(machine.failures == 0)
    }

    @Test func aWarmUpRespectsTheBackoffAfterAFailedStartOrACrash() {
        let machine = machine()
        #expect(machine.warm(now: t0).isStart)
        #expect(machine.startFailed(reason: "exit 1", now: t0) == .backoff(Machine.Failure(reason: "exit 1", retryIn: .milliseconds(500))))
        #expect(machine.warm(now: t0 + .milliseconds(499)).isNothing, "backing off")
        #expect(machine.requestWorker(now: t0 + .milliseconds(499)).rejection == .backingOff(reason: "exit 1", retryIn: .milliseconds(1)))
        #expect(machine.warm(now: t0 + .milliseconds(500)).isStart)
        let worker = FakeWorker(startedAt: t0 + .seconds(1))
        #expect(machine.startSucceeded(worker).published === worker)
        // It crashes: the warm-up reaps it, and the death counts as the second consecutive failure.
        worker.die()
        let crash = t0 + .seconds(2)
        #expect(machine.warm(now: crash).reaped === worker)
        #expect(machine.workerDied(worker, reason: "segfault", now: crash)?.retryIn == .seconds(1))
        #expect(machine.warm(now: crash).isNothing)
        #expect(machine.warm(now: crash + .milliseconds(999)).isNothing)
        #expect(machine.warm(now: crash + .seconds(1)).isStart)
        #expect(machine.failures == 2)
    }

    @Test func aWarmUpAfterAStopStartsNothing() {
        let machine = machine()
        let worker = started(machine, at: t0)
        #expect(machine.stop() === worker)
        #expect(machine.warm(now: t0).isNothing)
        #expect(machine.warm(now: t0 + .seconds(600)).isNothing)
        #expect(machine.requestWorker(now: t0).rejection == .stopped)
    }

    @Test func anIdleStopFollowedByAStopLeavesTheSupervisorStopped() {
        let machine = machine()
        _ = started(machine, at: t0)
        let idle = machine.stopIfIdle { true }
        #expect(idle != nil)
        #expect(machine.stop() == nil)
        #expect(!machine.isIdle, "no idle status over the stop")
    }
}

extension WorkerSupervisor.StateMachine.RequestAction {
    var isStart: Bool {
        if case .start = self { return true }
        return false
    }
    var isWait: Bool {
        if case .wait = self { return true }
        return false
    }
    var used: Worker? {
        if case .use(let worker) = self { return worker }
        return nil
    }
    var reaped: Worker? {
        if case .reap(let worker) = self { return worker }
        return nil
    }
    var rejection: WorkerSupervisor.StateMachine.Rejection? {
        if case .reject(let rejection) = self { return rejection }
        return nil
    }
}

extension WorkerSupervisor.StateMachine.WarmAction {
    var isStart: Bool {
        if case .start = self { return true }
        return false
    }
    var isNothing: Bool {
        if case .nothing = self { return true }
        return false
    }
    var reaped: Worker? {
        if case .reap(let worker) = self { return worker }
        return nil
    }
}

extension WorkerSupervisor.StateMachine.StartedAction {
    var published: Worker? {
        if case .publish(let worker) = self { return worker }
        return nil
    }
}
