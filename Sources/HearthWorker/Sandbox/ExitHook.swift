import Synchronization

/// Work to do once when a sandbox's bwrap exits (set after the spawn, run on the thread that saw
/// the exit; set after the exit, it runs at once).
final class ExitHook: Sendable {
    private struct State {
        var action: (@Sendable () -> Void)?
        var exited = false
    }
    private let state = Mutex(State())

    func set(_ action: @escaping @Sendable () -> Void) {
        let runNow = state.withLock { s -> Bool in
            if s.exited { return true }
            s.action = action
            return false
        }
        if runNow { action() }
    }

    func run() {
        let action = state.withLock { s -> (@Sendable () -> Void)? in
            s.exited = true
            defer { s.action = nil }
            return s.action
        }
        action?()
    }
}
