import HearthCore

extension WorkerSupervisor {
    /// The decisions of a ``WorkerSupervisor``, without I/O: whether a caller uses the running
    /// worker, waits for a start in flight, starts one, or is turned away during a backoff or after
    /// a stop. Time comes in as an argument (`now`), so tests advance it by hand.
    ///
    /// The supervisor runs the returned actions: it starts and terminates processes, resumes
    /// waiting callers, writes the app status and logs.
    struct StateMachine {
        enum State {
            case idle
            case starting
            case running(Worker)
            case backoff(reason: String, until: ContinuousClock.Instant)
            case stopped
        }

        /// What a caller asking for the worker does next.
        enum RequestAction {
            /// Use this running worker.
            case use(Worker)
            /// The running worker died: collect why, release it, then report ``workerDied(_:reason:now:)``
            /// and ask again.
            case reap(Worker)
            /// A start is in flight: wait for its outcome.
            case wait
            /// Run the start, then report ``startSucceeded(_:)`` or ``startFailed(reason:now:)``.
            case start
            /// Fail fast: the app is not available now.
            case reject(Rejection)
        }

        enum Rejection: Equatable {
            /// The supervisor was stopped for good (the app is being replaced).
            case stopped
            /// The last start failed or the worker crashed; the next attempt is due in `retryIn`.
            case backingOff(reason: String, retryIn: Duration)
        }

        /// What a warm-up (``warm(now:)``, `HEARTH_ALWAYS_READY`) does next. Unlike a caller it never
        /// waits or fails: a start in flight, a backoff not yet over or a stop leave it nothing to do.
        enum WarmAction {
            /// A worker runs, starts, backs off or the supervisor stopped: nothing to do now.
            case nothing
            /// The running worker died: collect why, release it, report ``workerDied(_:reason:now:)``
            /// (which backs off), then warm again.
            case reap(Worker)
            /// Run the start, then report ``startSucceeded(_:)`` or ``startFailed(reason:now:)``.
            case start
        }

        /// A failure that put the supervisor into backoff.
        struct Failure: Equatable {
            var reason: String
            var retryIn: Duration
        }

        /// What to do with a worker whose start finished.
        enum StartedAction {
            /// It is the running worker now: hand it to the waiters, report it running.
            case publish(Worker)
            /// The supervisor was stopped meanwhile: terminate it and fail the waiters.
            case discard(Worker)
        }

        /// What to do after a start failed.
        enum StartFailedAction: Equatable {
            /// Fail the waiters with the start's error; report the failure.
            case backoff(Failure)
            /// The supervisor was stopped meanwhile: fail the waiters as replaced.
            case stopped
        }

        /// A worker that ran this long was healthy: its crash starts a fresh backoff.
        static var healthyRun: Duration { .seconds(60) }

        private(set) var state = State.idle
        /// Consecutive failures, for the backoff.
        private(set) var failures = 0
        /// Why the worker last stopped unexpectedly; kept in the app status after it restarted.
        private(set) var lastFailure: String?
        let backoff: Backoff

        init(backoff: Backoff) {
            self.backoff = backoff
        }

        /// The worker when it is the running one.
        var runningWorker: Worker? {
            guard case .running(let worker) = state else { return nil }
            return worker
        }

        var isIdle: Bool {
            guard case .idle = state else { return false }
            return true
        }

        /// A caller asks for the worker at `now`.
        mutating func requestWorker(now: ContinuousClock.Instant) -> RequestAction {
            switch state {
            case .running(let worker):
                return worker.isAlive ? .use(worker) : .reap(worker)
            case .starting:
                return .wait
            case .stopped:
                return .reject(.stopped)
            case .backoff(let reason, let until):
                if now < until { return .reject(.backingOff(reason: reason, retryIn: until - now)) }
                state = .starting
                return .start
            case .idle:
                state = .starting
                return .start
            }
        }

        /// The worker is to be running ahead of any call, at `now`: the same transitions as a
        /// caller's ``requestWorker(now:)`` (so backoff and stop rules hold), without the waiting
        /// and the rejections.
        mutating func warm(now: ContinuousClock.Instant) -> WarmAction {
            switch requestWorker(now: now) {
            case .start: return .start
            case .reap(let worker): return .reap(worker)
            case .use, .wait, .reject: return .nothing
            }
        }

        /// A dead worker was reaped. Returns the backoff it caused, or `nil` when it is no longer
        /// the running one (another caller reaped it first, it was recycled or the supervisor stopped).
        mutating func workerDied(_ worker: Worker, reason: String, now: ContinuousClock.Instant) -> Failure? {
            guard let running = runningWorker, running.processIdentity == worker.processIdentity else { return nil }
            return recordFailure(reason, ranSince: worker.startedAt, now: now)
        }

        mutating func startSucceeded(_ worker: Worker) -> StartedAction {
            if case .stopped = state { return .discard(worker) }
            state = .running(worker)
            return .publish(worker)
        }

        mutating func startFailed(reason: String, now: ContinuousClock.Instant) -> StartFailedAction {
            if case .stopped = state { return .stopped }
            return .backoff(recordFailure(reason, ranSince: nil, now: now))
        }

        /// Kills `worker` if it is still the running one; returns whether to terminate it.
        mutating func recycle(_ worker: Worker, reason: String) -> Bool {
            guard let running = runningWorker, running.processIdentity == worker.processIdentity else { return false }
            lastFailure = reason
            state = .idle
            return true
        }

        /// Stops the running worker when `isIdle` says nothing used it lately; returns the worker to
        /// terminate. `isIdle` is only asked while a worker runs.
        mutating func stopIfIdle(_ isIdle: () -> Bool) -> Worker? {
            guard let worker = runningWorker, isIdle() else { return nil }
            state = .idle
            return worker
        }

        /// Stops for good; returns the running worker to terminate, if any. A start in flight is
        /// discarded when it finishes.
        mutating func stop() -> Worker? {
            let worker = runningWorker
            state = .stopped
            return worker
        }

        private mutating func recordFailure(_ reason: String, ranSince: ContinuousClock.Instant?, now: ContinuousClock.Instant) -> Failure {
            lastFailure = reason
            if let ranSince, now - ranSince > Self.healthyRun { failures = 0 }
            failures += 1
            let delay = backoff.delay(afterFailures: failures)
            state = .backoff(reason: reason, until: now + delay)
            return Failure(reason: reason, retryIn: delay)
        }
    }
}
