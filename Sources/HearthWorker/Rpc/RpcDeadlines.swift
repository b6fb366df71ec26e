import NIOCore

/// The deadlines of one worker connection's waiting requests, behind a single timer.
///
/// A deadline per call used to cost a task group with a sleeping child per invocation (two tasks
/// created, a timer armed and cancelled, one more hop before the caller resumed). Here the timer
/// is armed only when a deadline comes earlier than the armed one; with one `functionTimeout` for
/// every call that is the first call after the timer went off. An answered request only leaves
/// the set: the timer still goes off at its time, expires what is due and re-arms for the next.
///
/// A value state machine: the owner does what the returned ``Action`` says.
struct RpcDeadlines<Key: Hashable & Sendable>: Sendable {
    /// What the owner does with its timer.
    enum Action: Equatable, Sendable {
        case none
        /// Cancel the armed timer (if any) and arm one for this time.
        case arm(NIODeadline)
    }

    private var deadlines: [Key: NIODeadline] = [:]
    /// When the armed timer goes off, `nil` when none is armed.
    private(set) var armed: NIODeadline?

    /// The requests that have a deadline.
    var count: Int { deadlines.count }

    /// `key` must be answered by `deadline`.
    mutating func add(_ key: Key, by deadline: NIODeadline) -> Action {
        deadlines[key] = deadline
        if let armed, armed <= deadline { return .none }
        armed = deadline
        return .arm(deadline)
    }

    /// `key` was answered or given up: it no longer expires (the timer stays armed).
    mutating func remove(_ key: Key) {
        deadlines.removeValue(forKey: key)
    }

    /// The timer went off at `now`: the keys whose deadline passed (removed), and the next arming.
    mutating func fired(now: NIODeadline) -> (expired: [Key], action: Action) {
        var expired: [Key] = []
        var next: NIODeadline?
        for (key, deadline) in deadlines {
            if deadline <= now {
                expired.append(key)
            } else if next == nil || deadline < next! {
                next = deadline
            }
        }
        for key in expired { deadlines.removeValue(forKey: key) }
        armed = next
        return (expired, next.map { .arm($0) } ?? .none)
    }
}
