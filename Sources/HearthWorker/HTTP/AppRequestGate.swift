import Synchronization

/// One app's share of the function host, as host.json's `extensions.http` sets it (Azure's
/// meaning): at most `maxConcurrent` HTTP invocations run at once, further requests wait their turn
/// in arrival order, and beyond `maxOutstanding` running and waiting together a request is answered
/// 429 at once. So one tenant's flood queues and is refused within its own limits instead of taking
/// every connection and worker of the instance.
///
/// The fast path takes a free slot with ``tryStart()`` (one uncontended lock, no allocation) and
/// leaves everything that would wait or be refused to the general path's ``start()``.
final class AppRequestGate: Sendable {
    private struct State {
        var running = 0
        var outstanding = 0
        var waiting: [CheckedContinuation<Bool, Never>] = []
    }

    /// Invocations running at once.
    let maxConcurrent: Int
    /// Requests running or waiting at once.
    let maxOutstanding: Int
    private let state = Mutex(State())

    /// A gate, or `nil` when both limits are unbounded (`nil` or -1): nothing to count then.
    static func make(maxConcurrent: Int?, maxOutstanding: Int?) -> AppRequestGate? {
        func bound(_ limit: Int?) -> Int? { limit.flatMap { $0 >= 1 ? $0 : nil } }
        let concurrent = bound(maxConcurrent)
        let outstanding = bound(maxOutstanding)
        guard concurrent != nil || outstanding != nil else { return nil }
        return AppRequestGate(maxConcurrent: concurrent ?? .max, maxOutstanding: outstanding ?? .max)
    }

    init(maxConcurrent: Int, maxOutstanding: Int) {
        self.maxConcurrent = maxConcurrent
        self.maxOutstanding = maxOutstanding
    }

    /// Takes a running slot if one is free and nobody waits for it; `false` = leave it to ``start()``.
    func tryStart() -> Bool {
        state.withLock { state in
            guard state.running < maxConcurrent, state.outstanding < maxOutstanding, state.waiting.isEmpty else { return false }
            state.running += 1
            state.outstanding += 1
            return true
        }
    }

    /// Waits for a running slot; `false` at once when `maxOutstanding` requests are already running
    /// or waiting (answer 429). Every `true` is followed by one ``finish()``.
    func start() async -> Bool {
        await withCheckedContinuation { continuation in
            let now: Bool? = state.withLock { state in
                guard state.outstanding < maxOutstanding else { return false }
                state.outstanding += 1
                guard state.running < maxConcurrent else {
                    state.waiting.append(continuation)
                    return nil
                }
                state.running += 1
                return true
            }
            if let now { continuation.resume(returning: now) }
        }
    }

    /// An invocation ended: its slot goes to the longest-waiting request, if any.
    func finish() {
        let next: CheckedContinuation<Bool, Never>? = state.withLock { state in
            state.outstanding -= 1
            guard !state.waiting.isEmpty else {
                state.running -= 1
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume(returning: true)
    }

    /// Running and waiting requests now (tests, health).
    var counts: (running: Int, outstanding: Int) { state.withLock { ($0.running, $0.outstanding) } }

    /// The 429 a request gets beyond `maxOutstanding`.
    func tooBusy(app: String) -> HTTPMessage {
        FrontRouter.plain(
            429,
            "Too Many Requests: app '\(app)' already has \(maxOutstanding) requests running or waiting (host.json extensions.http.maxOutstandingRequests); retry later."
        )
    }
}
