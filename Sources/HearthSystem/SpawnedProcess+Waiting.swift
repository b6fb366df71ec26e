import Dispatch

extension SpawnedProcess {
    /// Waits up to `limit` for the exit, blocking the calling thread: for set-up code that runs
    /// outside any task (a sandbox's probe, a firewall loaded before the app starts).
    /// - Returns: How it exited, or `nil` if it still runs after `limit`.
    public func waitForExit(blockingUpTo limit: Duration) -> ProcessExit? {
        let (seconds, attoseconds) = limit.components
        let nanoseconds = max(0, seconds).multipliedReportingOverflow(by: 1_000_000_000)
        let total = nanoseconds.overflow ? Int64.max : nanoseconds.partialValue + max(0, attoseconds) / 1_000_000_000
        _ = exitGroup.wait(timeout: .now() + .nanoseconds(Int(clamping: total)))
        return exitStatus
    }

    /// Waits up to `limit` for the exit, without blocking a thread.
    ///
    /// Both the wait and the timer are child tasks of the caller's: cancelling the caller ends the
    /// wait at once. The process keeps running either way; stopping it is the caller's decision.
    ///
    /// ```swift
    /// guard let exit = await process.waitForExit(upTo: .seconds(600)) else {
    ///     await process.terminate(grace: .seconds(5))
    ///     …
    /// }
    /// ```
    /// - Returns: How it exited, or `nil` if it still runs after `limit` (or the caller was cancelled).
    public func waitForExit(upTo limit: Duration) async -> ProcessExit? {
        await withTaskGroup(of: ProcessExit?.self) { group in
            group.addTask { await self.waitForExitUnlessCancelled() }
            group.addTask {
                try? await Task.sleep(for: limit)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? exitStatus
        }
    }
}
