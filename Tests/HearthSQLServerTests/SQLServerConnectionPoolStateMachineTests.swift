import Testing

@testable import HearthStore

/// The pool's bookkeeping with no connection at all: connections are strings, waiters numbers.
@Suite struct SQLServerConnectionPoolStateMachineTests {
    typealias Machine = SQLServerConnectionPool.StateMachine<String, Int>
    typealias Lease = SQLServerConnectionPool.Lease<String>

    /// Holds the machine, so `#expect` can call its mutating methods (the macro cannot on a `var`).
    final class Driver {
        var machine: Machine
        init(maxSize: Int) { machine = Machine(maxSize: maxSize) }
        func lease() -> Lease? { machine.lease() }
        func leaseOrWait(_ waiter: Int) -> Lease? { machine.leaseOrWait(waiter) }
        func release(_ connection: String, broken: Bool = false) -> Machine.ReleaseAction { machine.release(connection, broken: broken) }
        func discard(_ connection: String) -> Machine.ReleaseAction { machine.discard(connection) }
        func openFailed() -> Int? { machine.openFailed() }
        func shutdown() -> [String] { machine.shutdown().idle }
        func shutdownWaiters() -> [Int] { machine.shutdown().waiters }
    }

    @Test func opensUpToTheMaximumThenBorrowersWait() {
        let pool = Driver(maxSize: 2)
        #expect(pool.lease() == .slot)
        #expect(pool.lease() == .slot)
        #expect(pool.machine.open == 2)
        #expect(pool.lease() == nil)
        #expect(pool.leaseOrWait(1) == nil)
        #expect(pool.leaseOrWait(2) == nil)
        #expect(pool.machine.waiters == [1, 2])
        #expect(pool.machine.open == 2, "waiting opens nothing")
    }

    @Test func aReturnedConnectionGoesToTheFirstWaiterThenToTheIdleList() {
        let pool = Driver(maxSize: 1)
        #expect(pool.lease() == .slot)
        #expect(pool.leaseOrWait(1) == nil)
        #expect(pool.leaseOrWait(2) == nil)
        #expect(pool.release("a") == .lend("a", to: 1))
        #expect(pool.release("a") == .lend("a", to: 2))
        #expect(pool.release("a") == .keep)
        #expect(pool.machine.idle == ["a"])
        #expect(pool.lease() == .connection("a"))
        #expect(pool.machine.open == 1)
    }

    @Test func theMostRecentlyUsedIdleConnectionIsLentFirst() {
        let pool = Driver(maxSize: 3)
        _ = pool.lease()
        _ = pool.lease()
        #expect(pool.release("older") == .keep)
        #expect(pool.release("newer") == .keep)
        #expect(pool.lease() == .connection("newer"))
        #expect(pool.lease() == .connection("older"))
        #expect(pool.lease() == .slot, "a third may still open")
    }

    @Test func leaseOrWaitTakesWhatIsFreeWithoutQueueing() {
        let pool = Driver(maxSize: 1)
        #expect(pool.leaseOrWait(1) == .slot)
        #expect(pool.release("a") == .keep)
        #expect(pool.leaseOrWait(2) == .connection("a"))
        #expect(pool.machine.waiters.isEmpty)
    }

    @Test func aBrokenConnectionIsClosedAndItsSlotGoesToAWaiterToOpenAnew() {
        let pool = Driver(maxSize: 1)
        _ = pool.lease()
        #expect(pool.leaseOrWait(7) == nil)
        #expect(pool.release("a", broken: true) == .close("a", slotTo: 7))
        #expect(pool.machine.open == 1, "the slot passed on, still counted")
        #expect(pool.release("b", broken: true) == .close("b", slotTo: nil))
        #expect(pool.machine.open == 0)
        #expect(pool.lease() == .slot)
    }

    @Test func aConnectionThatFailsItsCheckIsDiscardedAndItsSlotFreed() {
        let pool = Driver(maxSize: 1)
        _ = pool.lease()
        _ = pool.release("a")
        #expect(pool.lease() == .connection("a"))
        #expect(pool.discard("a") == .close("a", slotTo: nil))
        #expect(pool.machine.open == 0)
        #expect(pool.lease() == .slot)
    }

    @Test func aFailedOpenGivesItsSlotToTheNextWaiterOrFreesIt() {
        let pool = Driver(maxSize: 1)
        #expect(pool.lease() == .slot)
        #expect(pool.leaseOrWait(3) == nil)
        #expect(pool.openFailed() == 3)
        #expect(pool.machine.open == 1)
        #expect(pool.openFailed() == nil)
        #expect(pool.machine.open == 0)
    }

    @Test func idleConnectionsAreCheckedAfterThirtySecondsAndBrokenOnesDiscarded() {
        let t0 = ContinuousClock.now
        let after: Duration = .seconds(30)
        #expect(Machine.check(broken: false, lastUsed: t0, now: t0 + .seconds(30), idleCheckAfter: after) == .use)
        #expect(Machine.check(broken: false, lastUsed: t0, now: t0 + .seconds(31), idleCheckAfter: after) == .ping)
        #expect(Machine.check(broken: true, lastUsed: t0, now: t0, idleCheckAfter: after) == .discard)
    }

    @Test func shutdownClosesIdleConnectionsAndThoseInUseWhenTheyComeBack() {
        let pool = Driver(maxSize: 3)
        _ = pool.lease()
        _ = pool.lease()
        _ = pool.lease()
        _ = pool.release("a")
        _ = pool.release("b")
        #expect(pool.shutdown() == ["a", "b"])
        #expect(pool.machine.open == 1, "one still in use")
        #expect(pool.machine.idle.isEmpty)
        #expect(pool.release("c") == .close("c", slotTo: nil))
        #expect(pool.machine.open == 0)
        #expect(pool.shutdown().isEmpty)
    }

    @Test func afterShutdownAFreedSlotGoesToNoWaiter() {
        let pool = Driver(maxSize: 1)
        _ = pool.lease()
        #expect(pool.leaseOrWait(1) == nil)
        #expect(pool.shutdownWaiters() == [1], "a waiting borrower is failed, not left waiting")
        #expect(pool.release("a") == .close("a", slotTo: nil))
        #expect(pool.machine.open == 0)
    }

    @Test func afterShutdownNothingIsLentOrOpened() {
        let pool = Driver(maxSize: 2)
        _ = pool.lease()
        _ = pool.release("a")
        #expect(pool.shutdown() == ["a"])
        #expect(pool.lease() == .closed)
        #expect(pool.leaseOrWait(1) == .closed)
        #expect(pool.machine.waiters.isEmpty)
        #expect(pool.machine.open == 0)
    }
}
