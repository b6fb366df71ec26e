import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A thread of its own, at a lower scheduling priority (nice 10), for store writes nobody waits
/// for: the invocation log's batches. GRDB runs a synchronous write on the calling thread, so the
/// SQLite work of those batches yields the CPU to the threads serving requests instead of taking a
/// core from them for milliseconds at a time.
final class BackgroundWriter: Sendable {
    private struct State {
        var jobs: [@Sendable () -> Void] = []
        var stopped = false
    }

    static let niceness: Int32 = 10

    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)

    init(name: String) {
        let thread = Thread { [self] in
            Thread.current.name = name
            #if os(Linux)
            // Only this thread: on Linux the nice value is per thread, and 0 names the calling one.
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, Self.niceness)
            #endif
            self.loop()
        }
        thread.start()
    }

    /// Runs `body` on the thread and returns its result.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let job: @Sendable () -> Void = { continuation.resume(with: Result { try body() }) }
            let accepted = state.withLock { state -> Bool in
                guard !state.stopped else { return false }
                state.jobs.append(job)
                return true
            }
            if accepted {
                wake.signal()
            } else {
                // Stopped (the store is going away): run it here rather than lose it.
                job()
            }
        }
    }

    /// Lets the thread finish what it has and end.
    func stop() {
        state.withLock { $0.stopped = true }
        wake.signal()
    }

    private func loop() {
        while true {
            wake.wait()
            let (jobs, stopped) = state.withLock { state in
                defer { state.jobs.removeAll() }
                return (state.jobs, state.stopped)
            }
            for job in jobs { job() }
            if stopped, state.withLock({ $0.jobs.isEmpty }) { return }
        }
    }
}
