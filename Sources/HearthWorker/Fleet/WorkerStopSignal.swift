import Synchronization

/// Between the ``WorkerStopGate`` (which hears the process's graceful shutdown first) and the
/// ``WorkerDrainService`` (which drains): a stop was requested; the drain finished.
final class WorkerStopSignal: Sendable {
    private struct State {
        var requested = false
        var finished = false
        var listeners: [@Sendable () -> Void] = []
        var finishWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    init() {}

    /// Whether a stop was requested.
    var isRequested: Bool { state.withLock { $0.requested } }

    /// Calls `listener` when a stop is requested (at once when it was already).
    func onRequest(_ listener: @escaping @Sendable () -> Void) {
        let now = state.withLock { s in
            if !s.requested { s.listeners.append(listener) }
            return s.requested
        }
        if now { listener() }
    }

    /// Requests the stop.
    func request() {
        let listeners = state.withLock { s in
            s.requested = true
            defer { s.listeners = [] }
            return s.listeners
        }
        for listener in listeners { listener() }
    }

    /// Reports the drain finished.
    func finish() {
        let waiters = state.withLock { s in
            s.finished = true
            defer { s.finishWaiters = [] }
            return s.finishWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once ``finish()`` was called (or the waiting task is cancelled).
    func finished() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let done = state.withLock { s in
                    if !s.finished { s.finishWaiters.append(continuation) }
                    return s.finished
                }
                if done { continuation.resume() }
            }
        } onCancel: {
            finish()
        }
    }
}
