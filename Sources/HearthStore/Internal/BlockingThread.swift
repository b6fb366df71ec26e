import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A thread of its own that runs jobs one at a time, in order: the store's one executor for
/// blocking work that must stay off Swift's cooperative pool.
///
/// - A SQL Server connection lives on one (db-lib blocks in every network read).
/// - The invocation log's batches are written on one at a lower scheduling priority
///   (``backgroundNiceness``): GRDB runs a synchronous write on the calling thread, so the SQLite
///   work of those batches yields the CPU to the threads serving requests instead of taking a core
///   from them for milliseconds at a time.
///
/// ```swift
/// let thread = BlockingThread(name: "hearth-tds", stackSize: 1 << 20)
/// let rows = try await thread.run { try connection.query(sql) }
/// thread.stop()
/// ```
final class BlockingThread: Sendable {
    private struct State {
        var jobs: [@Sendable () -> Void] = []
        var stopped = false
    }

    /// The nice value of threads for writes nobody waits for.
    static let backgroundNiceness: Int32 = 10

    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)

    /// Starts the thread.
    /// - Parameters:
    ///   - name: The thread's name (in `top -H`, `/proc/…/task/…/comm`).
    ///   - niceness: Its nice value (Linux: per thread); `nil` keeps the process's.
    ///   - stackSize: Its stack size in bytes; `nil` keeps the default.
    init(name: String, niceness: Int32? = nil, stackSize: Int? = nil) {
        let thread = Thread { [self] in
            #if os(Linux)
            Self.nameCurrentThread(name)
            if let niceness {
                // Only this thread: on Linux the nice value is per thread, and 0 names the calling one.
                _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
            }
            #endif
            self.loop()
        }
        thread.name = name
        if let stackSize { thread.stackSize = stackSize }
        thread.start()
    }

    #if os(Linux)
    /// Names the calling thread for the kernel (`top -H`, `/proc/…/comm`; at most 15 bytes). Foundation's
    /// `Thread.name` does not reliably reach the kernel on Linux: a thread then keeps the name it inherited
    /// from the thread that created it (a cooperative-pool thread's), so it is written here directly.
    private static func nameCurrentThread(_ name: String) {
        let fd = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let bytes = Array(name.utf8.prefix(15))
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }
    #endif

    /// Runs `body` on the thread and returns its result to the calling task.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            submit { continuation.resume(with: Result { try body() }) }
        }
    }

    /// Queues `job` for the thread. After ``stop()`` (the owner is going away) it runs here, on the
    /// caller's thread, rather than being lost.
    func submit(_ job: @escaping @Sendable () -> Void) {
        let accepted = state.withLock { state -> Bool in
            guard !state.stopped else { return false }
            state.jobs.append(job)
            return true
        }
        if accepted {
            wake.signal()
        } else {
            job()
        }
    }

    /// Lets the thread finish its queued jobs and end.
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
