import Foundation
import Synchronization
import Testing

@testable import HearthStore

/// The store's one executor for blocking work: a thread of its own, jobs in order.
@Suite struct BlockingThreadTests {
    @Test func submittedJobsRunInOrderOnOneThreadThatIsNotTheCallers() async throws {
        let thread = BlockingThread(name: "test-blocking", stackSize: 1 << 20)
        defer { thread.stop() }
        let seen = Mutex<[Int]>([])
        for value in 1...20 { thread.submit { seen.withLock { $0.append(value) } } }
        let (name, stack) = try await thread.run { () -> (String, Int) in
            (Thread.current.name ?? "", Thread.current.stackSize)
        }
        #expect(seen.withLock { $0 } == Array(1...20))
        #expect(name == "test-blocking")
        #expect(stack == 1 << 20)
    }

    @Test func aStoppedThreadRunsASubmittedJobOnTheCaller() {
        let thread = BlockingThread(name: "test-blocking-stopped")
        thread.stop()
        let ran = Mutex(false)
        thread.submit { ran.withLock { $0 = true } }
        #expect(ran.withLock { $0 })
    }
}
