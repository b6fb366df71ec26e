import Foundation
import Testing

@testable import HearthWorker

/// A listener whose last fetch took a whole batch fetches again without a poll query.
@Suite struct QueueTriggerFullBatchTests {
    typealias Machine = QueueTriggerService.StateMachine<String>
    let t0 = Date(timeIntervalSince1970: 1_000_000)
    let settings = Machine.Settings(batchSize: 4, newBatchThreshold: 4, maxPollingInterval: 1)

    func machineAfterFetching(_ count: Int) -> Machine {
        var machine = Machine()
        machine.update(["a": settings, "b": settings], now: t0)
        #expect(machine.afterPoll(polled: ["a", "b"], visible: ["a"], now: t0) == ["a": 4])
        machine.afterFetch("a", count: count, now: t0)
        return machine
    }

    @Test func aWholeBatchMakesTheNextPollSkipTheQuery() {
        let machine = machineAfterFetching(4)
        #expect(machine.due(now: t0) == ["a"])
        #expect(machine.surelyBusy(["a", "b"]) == ["a"])
    }

    @Test func aPartialBatchIsAskedAboutAgain() {
        let machine = machineAfterFetching(3)
        #expect(machine.due(now: t0) == ["a"])
        #expect(machine.surelyBusy(["a"]).isEmpty)
    }

    @Test func aFetchThatFindsNothingBacksOffAndIsAskedAboutAgain() {
        var machine = machineAfterFetching(4)
        #expect(machine.afterPoll(polled: ["a"], visible: ["a"], now: t0) == ["a": 4])
        machine.afterFetch("a", count: 0, now: t0)
        #expect(machine.surelyBusy(["a"]).isEmpty)
        #expect(machine.listeners["a"]?.nextPoll == t0.addingTimeInterval(Machine.minimumInterval))
    }

    @Test func aStoreErrorForgetsTheWholeBatch() {
        var machine = machineAfterFetching(4)
        machine.afterError(["a"], now: t0)
        #expect(machine.surelyBusy(["a"]).isEmpty)
    }

    @Test func aPollThatFindsTheQueueEmptyForgetsTheWholeBatch() {
        var machine = machineAfterFetching(4)
        #expect(machine.afterPoll(polled: ["a"], visible: [], now: t0).isEmpty)
        #expect(machine.surelyBusy(["a"]).isEmpty)
    }
}
