import Synchronization

/// Tells the queue trigger of this process that a message was put, so it polls at once instead of
/// waiting out its back-off.
///
/// Whoever puts messages in the process pokes it (the output binding's commit, the poison move,
/// and, when management and worker share a process as in `hearth serve`, the management API and
/// the queue endpoint). A poke only wakes the trigger early: a message put by another process is
/// found by the next poll all the same.
public final class QueueSignals: Sendable {
    private struct State {
        var generation: UInt64 = 0
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// A number that grows with every poke; pass it to ``wait(after:)``.
    public var generation: UInt64 { state.withLock { $0.generation } }

    /// A message was put: wakes every waiter.
    public func poke() {
        let waiters = state.withLock { state in
            state.generation &+= 1
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once ``generation`` differs from `generation` (at once if it does already), or
    /// when the task is cancelled.
    public func wait(after generation: UInt64) async {
        let id = state.withLock { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state in
                    if state.generation != generation || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }
}
