import Testing

@testable import HearthWorker

@Suite struct AppRequestGateTests {
    @Test func unboundedLimitsNeedNoGate() {
        #expect(AppRequestGate.make(maxConcurrent: nil, maxOutstanding: -1) == nil)
        #expect(AppRequestGate.make(maxConcurrent: 2, maxOutstanding: nil)?.maxOutstanding == .max)
    }

    @Test func runsUpToConcurrentQueuesUpToOutstandingRefusesBeyond() async {
        let gate = AppRequestGate(maxConcurrent: 2, maxOutstanding: 3)
        #expect(gate.tryStart())
        #expect(await gate.start())
        // Both slots taken: the fast path gives way, the general path waits.
        #expect(!gate.tryStart())
        let waiter = Task { await gate.start() }
        while gate.counts.outstanding < 3 { await Task.yield() }
        #expect(gate.counts == (running: 2, outstanding: 3))
        // Outstanding full: refused at once.
        #expect(await gate.start() == false)
        // A slot frees: the waiting request takes it, not a newcomer.
        gate.finish()
        #expect(await waiter.value)
        #expect(!gate.tryStart())
        #expect(gate.counts == (running: 2, outstanding: 2))
        gate.finish()
        gate.finish()
        #expect(gate.counts == (running: 0, outstanding: 0))
        #expect(gate.tryStart())
    }
}
