import Foundation
import Testing

@testable import HearthWorker

/// The queue trigger's decisions, with time set by hand.
@Suite struct QueueTriggerStateMachineTests {
    typealias Machine = QueueTriggerService.StateMachine<String>
    let t0 = Date(timeIntervalSince1970: 1_000_000)
    let settings = Machine.Settings(batchSize: 4, newBatchThreshold: 2, maxPollingInterval: 1)

    @Test func aNewListenerIsDueAtOnce() {
        var machine = Machine()
        machine.update(["a": settings], now: t0)
        #expect(machine.due(now: t0) == ["a"])
        #expect(machine.wait(now: t0) == Machine.shortestWait)
    }

    @Test func anEmptyQueueBacksOffExponentiallyUpToTheMaximum() {
        var machine = Machine()
        machine.update(["a": settings], now: t0)
        var now = t0
        var waits: [TimeInterval] = []
        for _ in 0..<6 {
            #expect(machine.due(now: now) == ["a"])
            #expect(machine.afterPoll(polled: ["a"], visible: [], now: now).isEmpty)
            let next = machine.listeners["a"]!.nextPoll
            waits.append(next.timeIntervalSince(now))
            #expect(machine.due(now: now).isEmpty)
            now = next
        }
        #expect(waits.map { ($0 * 1000).rounded() } == [100, 200, 400, 800, 1000, 1000])
    }

    @Test func aQueueWithMessagesIsFetchedAndPolledAgainAtOnce() {
        var machine = Machine()
        machine.update(["a": settings], now: t0)
        _ = machine.afterPoll(polled: ["a"], visible: [], now: t0)
        _ = machine.afterPoll(polled: ["a"], visible: [], now: t0.addingTimeInterval(0.1))
        let later = t0.addingTimeInterval(0.3)
        #expect(machine.afterPoll(polled: ["a"], visible: ["a"], now: later) == ["a": 4])
        machine.afterFetch("a", count: 2, now: later)
        #expect(machine.due(now: later) == ["a"])
        #expect(machine.listeners["a"]?.backoff == 0)
        // After the burst, an empty poll starts the back-off from the minimum again.
        _ = machine.afterPoll(polled: ["a"], visible: [], now: later)
        #expect(machine.listeners["a"]?.nextPoll == later.addingTimeInterval(Machine.minimumInterval))
    }

    @Test func aFullBatchWaitsUntilRunningDropsToTheThreshold() {
        var machine = Machine()
        machine.update(["a": settings], now: t0)
        _ = machine.afterPoll(polled: ["a"], visible: ["a"], now: t0)
        machine.afterFetch("a", count: 4, now: t0)
        // 4 running > threshold 2: not polled, and the wait ignores it.
        #expect(machine.due(now: t0).isEmpty)
        #expect(machine.wait(now: t0) == Machine.longestWait)
        machine.finished("a")
        #expect(machine.due(now: t0).isEmpty)
        machine.finished("a")
        #expect(machine.due(now: t0) == ["a"])
    }

    @Test func aFetchThatFindsNothingBacksOff() {
        var machine = Machine()
        machine.update(["a": settings], now: t0)
        _ = machine.afterPoll(polled: ["a"], visible: ["a"], now: t0)
        machine.afterFetch("a", count: 0, now: t0)
        #expect(machine.due(now: t0).isEmpty)
        #expect(machine.listeners["a"]?.nextPoll == t0.addingTimeInterval(Machine.minimumInterval))
    }

    @Test func aPokePollsAtOnceWithoutLengtheningTheBackOffOfEmptyQueues() {
        var machine = Machine()
        machine.update(["a": settings, "b": settings], now: t0)
        _ = machine.afterPoll(polled: ["a", "b"], visible: [], now: t0)
        _ = machine.afterPoll(polled: ["a", "b"], visible: [], now: t0.addingTimeInterval(0.1))
        let scheduled = machine.listeners["a"]!.nextPoll  // t0 + 0.3
        let pokeTime = t0.addingTimeInterval(0.15)
        machine.poked(now: pokeTime)
        #expect(Set(machine.due(now: pokeTime)) == ["a", "b"])
        #expect(machine.afterPoll(polled: ["a", "b"], visible: ["b"], now: pokeTime) == ["b": 4])
        // "a" was empty: it keeps the poll it had, at the same back-off.
        #expect(machine.listeners["a"]?.nextPoll == scheduled)
        #expect(machine.listeners["a"]?.backoff == 0.2)
    }

    @Test func listenersFollowTheCatalog() {
        var machine = Machine()
        machine.update(["a": settings], now: t0)
        _ = machine.afterPoll(polled: ["a"], visible: [], now: t0)
        machine.update(["b": settings], now: t0)
        #expect(machine.listeners.keys.sorted() == ["b"])
        #expect(machine.due(now: t0) == ["b"])
    }

    @Test func aStoreFailureBacksOff() {
        var machine = Machine()
        machine.update(["a": settings], now: t0)
        machine.afterError(["a"], now: t0)
        #expect(machine.due(now: t0).isEmpty)
        #expect(machine.due(now: t0.addingTimeInterval(Machine.minimumInterval)) == ["a"])
    }

    @Test func poisonAndRetryDecisions() {
        #expect(Machine.onTake(dequeueCount: 1, maxDequeueCount: 5) == .run)
        #expect(Machine.onTake(dequeueCount: 5, maxDequeueCount: 5) == .run)
        // Taken more often than allowed (its workers died while running it): poison without a run.
        #expect(Machine.onTake(dequeueCount: 6, maxDequeueCount: 5) == .poison)
        #expect(Machine.afterFailure(dequeueCount: 1, maxDequeueCount: 5, visibilityTimeout: 3) == .retry(after: 3))
        #expect(Machine.afterFailure(dequeueCount: 4, maxDequeueCount: 5, visibilityTimeout: 0) == .retry(after: 0))
        #expect(Machine.afterFailure(dequeueCount: 5, maxDequeueCount: 5, visibilityTimeout: 3) == .poison)
        #expect(Machine.afterFailure(dequeueCount: 1, maxDequeueCount: 1, visibilityTimeout: 3) == .poison)
    }
}
