import NIOCore
import Testing

@testable import HearthWorker

/// The deadlines of a worker connection behind one timer, without I/O: armed only for an earlier
/// deadline, answered requests never expire, the timer re-arms for what is left.
@Suite struct RpcDeadlinesTests {
    func at(_ seconds: Int64) -> NIODeadline { .uptimeNanoseconds(UInt64(seconds) * 1_000_000_000) }

    @Test func theTimerIsArmedOnlyForAnEarlierDeadline() {
        var deadlines = RpcDeadlines<String>()
        #expect(deadlines.add("a", by: at(10)) == .arm(at(10)))
        #expect(deadlines.add("b", by: at(12)) == .none)
        #expect(deadlines.add("c", by: at(3)) == .arm(at(3)))
        #expect(deadlines.armed == at(3))
        #expect(deadlines.count == 3)
    }

    @Test func firingExpiresWhatIsDueAndReArmsForTheNextDeadline() {
        var deadlines = RpcDeadlines<String>()
        _ = deadlines.add("a", by: at(5))
        _ = deadlines.add("b", by: at(5))
        _ = deadlines.add("c", by: at(9))
        _ = deadlines.add("d", by: at(7))
        deadlines.remove("b")  // answered in time
        let (expired, action) = deadlines.fired(now: at(5))
        #expect(expired == ["a"])
        #expect(action == .arm(at(7)))
        #expect(deadlines.armed == at(7))
        deadlines.remove("d")
        // The timer for 7 goes off with nothing due; it re-arms for c.
        let second = deadlines.fired(now: at(7))
        #expect(second.expired.isEmpty)
        #expect(second.action == .arm(at(9)))
        let third = deadlines.fired(now: at(9))
        #expect(third.expired == ["c"])
        #expect(third.action == .none)
        #expect(deadlines.armed == nil)
        // With nothing armed, the next deadline arms the timer again.
        #expect(deadlines.add("e", by: at(20)) == .arm(at(20)))
    }

    @Test func aTimerThatGoesOffEarlyExpiresNothing() {
        var deadlines = RpcDeadlines<String>()
        _ = deadlines.add("a", by: at(5))
        let (expired, action) = deadlines.fired(now: at(4))
        #expect(expired.isEmpty)
        #expect(action == .arm(at(5)))
        #expect(deadlines.count == 1)
    }
}
