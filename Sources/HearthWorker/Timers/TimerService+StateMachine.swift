import Foundation
import HearthCore

extension TimerService {
    /// The timer decisions, without I/O: which occurrence of each timer is due, what fires when a
    /// timer is first seen (`runOnStartup`, an occurrence missed while no worker ran), how far
    /// behind counts as past due, how long to sleep, and what a claim's outcome means.
    ///
    /// Time comes in as an argument (`now`), so tests set it by hand. ``TimerService`` reads the
    /// store, claims occurrences and runs functions as the returned ``Firing``s say.
    struct StateMachine<Key: Hashable> {
        /// One run of a timer function.
        struct Firing: Equatable, Sendable {
            var occurrence: Date
            /// The occurrence after this one, for the schedule status.
            var next: Date?
            var isPastDue: Bool
            /// Claimed in the store first, so one worker of many runs it.
            var claim: Bool

            /// The schedule status written before the run when the timer uses the monitor.
            func status(useMonitor: Bool, now: Date) -> TimerStatus? {
                useMonitor ? TimerStatus(last: occurrence, next: next ?? occurrence, lastUpdated: now) : nil
            }
        }

        /// What to do once the store answered a claim.
        enum ClaimAction: Equatable {
            /// This worker owns the occurrence: run it.
            case run
            /// Another worker runs it.
            case skip
            /// The store failed: log it, and skip (running it could run it twice).
            case skipAndLog
        }

        /// An occurrence this late (seconds) runs with `IsPastDue`.
        static var pastDueAfter: TimeInterval { 1 }
        /// The longest sleep, so new deployments and graceful shutdown are noticed.
        static var longestWait: TimeInterval { 1 }
        static var shortestWait: TimeInterval { 0.005 }

        /// The next occurrence of each timer this worker knows (none once a schedule has no more).
        private(set) var next: [Key: Date] = [:]
        /// The timers this worker has started, with or without a next occurrence.
        private(set) var known: Set<Key> = []

        /// Forgets the timers not in `keys` (undeployed, disabled, changed); returns those of `keys`
        /// not known yet, for ``start(_:trigger:timeZone:monitor:now:)``.
        mutating func update(keys: some Collection<Key>) -> [Key] {
            let current = Set(keys)
            next = next.filter { current.contains($0.key) }
            known.formIntersection(current)
            return keys.filter { !known.contains($0) }
        }

        /// A timer is seen for the first time: remembers its next occurrence and returns what fires
        /// at once. `runOnStartup` fires unclaimed (on each worker that starts, as on each Azure host
        /// instance); an occurrence the monitor `status` says was missed fires claimed, past due.
        mutating func start(
            _ key: Key,
            trigger: TimerTriggerDefinition,
            timeZone: TimeZone,
            monitor status: TimerStatus?,
            now: Date
        ) -> [Firing] {
            let upcoming = trigger.schedule.nextOccurrence(after: now, in: timeZone)
            next[key] = upcoming
            known.insert(key)
            var immediate: [Firing] = []
            if trigger.runOnStartup { immediate.append(Firing(occurrence: now, next: upcoming, isPastDue: false, claim: false)) }
            if trigger.useMonitor, let status, status.next < now.addingTimeInterval(-Self.pastDueAfter) {
                immediate.append(Firing(occurrence: status.next, next: upcoming, isPastDue: true, claim: true))
            }
            return immediate
        }

        /// The timer's due occurrence, if one is due at `now`, and advances to the following one.
        /// A worker far behind (the machine slept) fires the due occurrence once and skips to the
        /// next future one.
        mutating func due(_ key: Key, trigger: TimerTriggerDefinition, timeZone: TimeZone, now: Date) -> Firing? {
            guard let due = next[key], due <= now else { return nil }
            var following = trigger.schedule.nextOccurrence(after: due, in: timeZone)
            if let f = following, f <= now {
                following = trigger.schedule.nextOccurrence(after: now, in: timeZone)
            }
            next[key] = following
            return Firing(occurrence: due, next: following, isPastDue: now.timeIntervalSince(due) > Self.pastDueAfter, claim: true)
        }

        /// How long to sleep from `now`: until the nearest occurrence, within the bounds.
        func wait(now: Date) -> Duration {
            let seconds = next.values.min().map { min($0.timeIntervalSince(now), Self.longestWait) } ?? Self.longestWait
            return .milliseconds(Int(max(seconds, Self.shortestWait) * 1000))
        }

        /// What the store's answer to a claim means: `true` claimed, `false` taken, a failure.
        static func afterClaim(_ result: Result<Bool, any Error>) -> ClaimAction {
            switch result {
            case .success(true): .run
            case .success(false): .skip
            case .failure: .skipAndLog
            }
        }
    }
}
