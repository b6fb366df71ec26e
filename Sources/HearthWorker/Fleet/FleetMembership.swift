import Foundation
import HearthCore
import Synchronization

/// This worker's standing in the fleet, shared by the heartbeat (which learns it), the catalog
/// (which serves no apps once revoked) and the front (which answers 503 then), the drain (which
/// reads the store's state for the worker and stops its taking work), and the port the front
/// listens on (for the default advertised URL).
final class FleetMembership: Sendable {
    private struct State {
        var revokedReason: String?
        var member: (id: UUID, state: WorkerRecord.State)?
        var drained = false
        var port: Int?
        var cancelled = false
        var portWaiters: [CheckedContinuation<Int?, Never>] = []
    }

    private let state = Mutex(State())

    init() {}

    /// Why the worker takes no work, or `nil` while it may.
    var revokedReason: String? { state.withLock { $0.revokedReason } }

    /// Whether the worker takes no work.
    var isRevoked: Bool { revokedReason != nil }

    /// The worker's id and state in the store, from its registration and latest heartbeat answer.
    var member: (id: UUID, state: WorkerRecord.State)? { state.withLock { $0.member } }

    /// Records the worker's id and state the store answered.
    func recordMember(id: UUID, state recorded: WorkerRecord.State) {
        state.withLock { $0.member = (id, recorded) }
    }

    /// Whether a drain completed: the health check answers 503, timers and queue polling pause,
    /// and requests that still reach the worker are served.
    var isDrained: Bool { state.withLock { $0.drained } }

    /// Sets ``isDrained``.
    func setDrained(_ drained: Bool) {
        state.withLock { $0.drained = drained }
    }

    /// Stops the worker taking work, for `reason`; returns `false` when it was stopped already.
    @discardableResult
    func revoke(_ reason: String) -> Bool {
        state.withLock { s in
            guard s.revokedReason == nil else { return false }
            s.revokedReason = reason
            return true
        }
    }

    /// Records the port the front listens on.
    func listening(on port: Int) {
        let waiters = state.withLock { s in
            s.port = port
            defer { s.portWaiters = [] }
            return s.portWaiters
        }
        for waiter in waiters { waiter.resume(returning: port) }
    }

    /// The port the front listens on, once it does; `nil` when the waiting task is cancelled first.
    func boundPort() async -> Int? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Int?, Never>) in
                let answer = state.withLock { s -> Int?? in
                    if let port = s.port { return .some(port) }
                    if s.cancelled { return .some(nil) }
                    s.portWaiters.append(continuation)
                    return .none
                }
                if let answer { continuation.resume(returning: answer) }
            }
        } onCancel: {
            let waiters = state.withLock { s in
                s.cancelled = true
                defer { s.portWaiters = [] }
                return s.portWaiters
            }
            for waiter in waiters { waiter.resume(returning: nil) }
        }
    }
}
