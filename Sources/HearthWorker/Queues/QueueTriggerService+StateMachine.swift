import Foundation

extension QueueTriggerService {
    /// The queue trigger's decisions, without I/O: which listeners (one per queue-triggered
    /// function) to poll and when, how many messages to take, and what happens to a message
    /// taken or failed.
    ///
    /// Polling: a listener whose queue was empty waits twice as long as before, from
    /// ``minimumInterval`` up to host.json's `maxPollingInterval`; one whose poll found messages
    /// polls again at once. A listener takes a batch (`batchSize`) only while `newBatchThreshold`
    /// or fewer of its messages run. A poke (a message put in this process) polls every listener
    /// at once without lengthening the back-off of those still empty.
    ///
    /// Time comes in as an argument (`now`), so tests set it by hand.
    struct StateMachine<Key: Hashable> {
        /// A listener's host.json settings, in the units the machine uses.
        struct Settings: Equatable {
            var batchSize: Int
            var newBatchThreshold: Int
            /// Seconds.
            var maxPollingInterval: TimeInterval
        }

        struct Listener: Equatable {
            var settings: Settings
            var nextPoll: Date
            /// The current wait after an empty poll; 0 right after messages were found.
            var backoff: TimeInterval = 0
            /// Its messages being run.
            var running = 0
            /// The poll time a poke brought forward, restored when the poke's poll finds nothing.
            var pokedFrom: Date?
            /// Its last fetch took a whole batch: the queue most likely holds more, so its next poll
            /// fetches without asking first (``surelyBusy(_:)``).
            var fetchedFullBatch = false
        }

        /// What happens to a message just taken.
        enum Disposition: Equatable {
            case run
            /// Its dequeue count is past `maxDequeueCount` (its workers died repeatedly): to the
            /// poison queue without running.
            case poison
        }

        /// What happens to a message whose function failed.
        enum AfterFailure: Equatable {
            /// It failed `maxDequeueCount` times: to the poison queue.
            case poison
            /// Visible again after this many seconds (host.json's `visibilityTimeout`).
            case retry(after: TimeInterval)
        }

        /// The first wait after an empty poll: Azure's minimum polling interval.
        static var minimumInterval: TimeInterval { 0.1 }
        /// The longest sleep, so new deployments and graceful shutdown are noticed.
        static var longestWait: TimeInterval { 1 }
        static var shortestWait: TimeInterval { 0.001 }

        private(set) var listeners: [Key: Listener] = [:]

        /// Follows the current listeners: new ones are due at once, gone ones are forgotten,
        /// changed settings apply from now.
        mutating func update(_ settings: [Key: Settings], now: Date) {
            listeners = listeners.filter { settings[$0.key] != nil }
            for (key, value) in settings {
                if listeners[key] == nil {
                    listeners[key] = Listener(settings: value, nextPoll: now)
                } else {
                    listeners[key]?.settings = value
                }
            }
        }

        /// The listeners to poll now (in one query): due, with room for a batch.
        func due(now: Date) -> [Key] {
            listeners.filter { $0.value.nextPoll <= now && hasRoom($0.value) }.map(\.key)
        }

        /// Those of `due` whose last fetch took a whole batch: they fetch at once, without being
        /// asked about in the poll's query (a fetch that then finds nothing backs off as usual).
        func surelyBusy(_ due: [Key]) -> Set<Key> {
            Set(due.filter { listeners[$0]?.fetchedFullBatch == true })
        }

        /// The poll of `polled` answered: those in `visible` have messages and take up to the
        /// returned number each; the others back off.
        mutating func afterPoll(polled: [Key], visible: Set<Key>, now: Date) -> [Key: Int] {
            var fetch: [Key: Int] = [:]
            for key in polled {
                guard var listener = listeners[key] else { continue }
                if visible.contains(key) {
                    fetch[key] = listener.settings.batchSize
                } else {
                    Self.backOff(&listener, now: now)
                }
                listener.pokedFrom = nil
                listeners[key] = listener
            }
            return fetch
        }

        /// A fetch took `count` messages, which now run: poll again at once (the queue may hold
        /// more); a fetch that found none (another worker was faster) backs off.
        mutating func afterFetch(_ key: Key, count: Int, now: Date) {
            guard var listener = listeners[key] else { return }
            if count > 0 {
                listener.running += count
                listener.backoff = 0
                listener.nextPoll = now
                listener.fetchedFullBatch = count >= listener.settings.batchSize
            } else {
                Self.backOff(&listener, now: now)
            }
            listeners[key] = listener
        }

        /// The store failed for these listeners: they wait as if empty.
        mutating func afterError(_ keys: [Key], now: Date) {
            for key in keys {
                guard var listener = listeners[key] else { continue }
                listener.pokedFrom = nil
                Self.backOff(&listener, now: now)
                listeners[key] = listener
            }
        }

        /// One of the listener's messages is done (deleted, retried or moved to poison).
        mutating func finished(_ key: Key) {
            guard let running = listeners[key]?.running, running > 0 else { return }
            listeners[key]?.running = running - 1
        }

        /// A message was put in this process: every listener polls at once; one found empty
        /// keeps the poll time it had.
        mutating func poked(now: Date) {
            for key in listeners.keys {
                guard let listener = listeners[key], listener.nextPoll > now else { continue }
                listeners[key]?.pokedFrom = listener.nextPoll
                listeners[key]?.nextPoll = now
            }
        }

        /// How long to sleep from `now`: until the nearest poll of a listener with room.
        func wait(now: Date) -> TimeInterval {
            let next = listeners.values.filter(hasRoom).map(\.nextPoll).min()
            let seconds = next.map { min($0.timeIntervalSince(now), Self.longestWait) } ?? Self.longestWait
            return max(seconds, Self.shortestWait)
        }

        /// A message taken with `dequeueCount` (this take included).
        static func onTake(dequeueCount: Int, maxDequeueCount: Int) -> Disposition {
            dequeueCount > maxDequeueCount ? .poison : .run
        }

        /// A message whose function failed on its `dequeueCount`th take.
        static func afterFailure(dequeueCount: Int, maxDequeueCount: Int, visibilityTimeout: TimeInterval) -> AfterFailure {
            dequeueCount >= maxDequeueCount ? .poison : .retry(after: visibilityTimeout)
        }

        private func hasRoom(_ listener: Listener) -> Bool {
            listener.running <= listener.settings.newBatchThreshold
        }

        private static func backOff(_ listener: inout Listener, now: Date) {
            listener.fetchedFullBatch = false
            if let restored = listener.pokedFrom, restored > now {
                listener.nextPoll = restored
                return
            }
            let doubled = listener.backoff == 0 ? minimumInterval : listener.backoff * 2
            listener.backoff = min(doubled, max(listener.settings.maxPollingInterval, minimumInterval))
            listener.nextPoll = now.addingTimeInterval(listener.backoff)
        }
    }
}
