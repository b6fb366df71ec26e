import Foundation
import HearthCore
import HearthStore
import Logging
import ServiceLifecycle
import Synchronization

/// Runs queue-triggered functions of every app the worker serves on the messages of their queues.
///
/// One loop polls the queues of all listeners that are due in one query
/// (``QueueStore/queuesWithVisibleMessages(_:at:)``), takes a batch from each queue that has
/// messages under a lease of ``lease``, and runs every message at once. While a function runs its
/// lease is renewed every half lease, so no other worker takes the message; a worker that dies
/// leaves it visible again when the lease ends. On success the function's queue outputs are
/// committed, then the message is deleted (at least once: never lost, rarely run twice). On
/// failure it is visible again after host.json's `visibilityTimeout`, or, after `maxDequeueCount`
/// failures, moves to `<queue>-poison` (created when missing, messages kept for the account's
/// poison retention). ``StateMachine`` decides when to poll and what a message's outcome means.
///
/// A listener's queue is looked up (and created when missing, as a message put there by the
/// output binding or the API would create it) when the listener starts and every
/// ``resolveInterval`` after, so a queue deleted and made again is followed.
///
/// It runs inside ``TimerService``'s service (the worker's trigger listeners), until graceful
/// shutdown; then the messages it took finish.
final class QueueTriggerService: Sendable {
    struct Key: Hashable, Sendable {
        var appID: UUID
        var deploymentID: UUID
        var function: String
        var queueName: String
        var connection: String?
    }

    /// One queue-triggered function.
    struct Listener: Sendable {
        var app: LoadedApp
        var function: FunctionDefinition
        var trigger: QueueTriggerDefinition
    }

    /// Where a listener's messages come from.
    struct Source: Sendable {
        var account: QueueAccount
        var queue: QueueRecord
    }

    let catalog: AppCatalog
    let invoker: Invoker
    let store: any QueueStore
    let signals: QueueSignals
    let logger: Logger
    /// How long a taken message stays invisible; renewed every half of it while its function runs.
    let lease: TimeInterval
    /// How often a listener's queue is looked up again.
    let resolveInterval: TimeInterval
    /// The cores `newBatchThreshold`'s default counts.
    let cores: Int

    private let machine = Mutex(StateMachine<Key>())
    /// Poked when a message's run ends, so a listener that had no room polls again.
    private let finishedRuns = QueueSignals()
    private let failures = Mutex<[Key: String]>([:])
    /// Deletes the messages whose functions succeeded, many per transaction.
    private let deleter: QueueMessageDeleter

    init(
        catalog: AppCatalog,
        invoker: Invoker,
        store: any QueueStore,
        signals: QueueSignals,
        logger: Logger,
        lease: TimeInterval = 600,
        resolveInterval: TimeInterval = 30,
        cores: Int = ProcessInfo.processInfo.activeProcessorCount
    ) {
        self.catalog = catalog
        self.invoker = invoker
        self.store = store
        self.signals = signals
        self.logger = logger
        self.lease = lease
        self.resolveInterval = resolveInterval
        self.cores = cores
        self.deleter = QueueMessageDeleter(store: store)
    }

    func run() async {
        await withDiscardingTaskGroup { group in
            var sources: [Key: Source] = [:]
            // When a listener's queue was last looked up: every resolveInterval, found or not.
            var resolvedAt: [Key: Date] = [:]
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                let poked = signals.generation
                let ended = finishedRuns.generation
                let listeners = currentListeners()
                sources = sources.filter { listeners[$0.key] != nil }
                resolvedAt = resolvedAt.filter { listeners[$0.key] != nil }
                for (key, listener) in listeners where resolvedAt[key].map({ Date().timeIntervalSince($0) >= resolveInterval }) ?? true {
                    resolvedAt[key] = Date()
                    sources[key] = await resolve(key, listener)
                }
                let now = Date()
                let settings = sources.keys.reduce(into: [Key: StateMachine<Key>.Settings]()) { settings, key in
                    guard let listener = listeners[key] else { return }
                    let queues = listener.app.model.host.queues
                    settings[key] = .init(
                        batchSize: queues.batchSize,
                        newBatchThreshold: queues.effectiveNewBatchThreshold(cores: cores),
                        maxPollingInterval: Self.seconds(queues.maxPollingInterval)
                    )
                }
                let due = machine.withLock { machine in
                    machine.update(settings, now: now)
                    return machine.due(now: now)
                }
                if !due.isEmpty {
                    await poll(due, listeners: listeners, sources: sources, group: &group)
                }
                let wait = machine.withLock { $0.wait(now: Date()) }
                await waitForWork(seconds: wait, poked: poked, ended: ended)
                if signals.generation != poked {
                    machine.withLock { $0.poked(now: Date()) }
                }
            }
        }
    }

    /// One query over the due listeners' queues, then a batch from each that has messages. A
    /// listener whose last fetch took a whole batch is not asked about: it fetches again at once.
    private func poll(_ due: [Key], listeners: [Key: Listener], sources: [Key: Source], group: inout DiscardingTaskGroup) async {
        let busy = machine.withLock { $0.surelyBusy(due) }
        var polled = due
        var visible = busy
        let asked = due.filter { !busy.contains($0) }
        if !asked.isEmpty {
            do {
                let visibleIDs = try await store.queuesWithVisibleMessages(asked.compactMap { sources[$0]?.queue.id }, at: Date())
                visible.formUnion(asked.filter { sources[$0].map { visibleIDs.contains($0.queue.id) } ?? false })
            } catch {
                logger.error("cannot poll the queues of queue-triggered functions", metadata: ["error": "\(error)"])
                machine.withLock { $0.afterError(asked, now: Date()) }
                if busy.isEmpty { return }
                polled = Array(busy)
            }
        }
        let fetches = machine.withLock { $0.afterPoll(polled: polled, visible: visible, now: Date()) }
        for (key, limit) in fetches {
            guard let source = sources[key], let listener = listeners[key] else { continue }
            let messages: [QueueMessage]
            do {
                messages = try await store.getMessages(queueID: source.queue.id, limit: limit, visibilityTimeout: lease, at: Date())
            } catch {
                logger.error("cannot take queue messages", metadata: metadata(listener, source, ["error": "\(error)"]))
                machine.withLock { $0.afterError([key], now: Date()) }
                continue
            }
            machine.withLock { $0.afterFetch(key, count: messages.count, now: Date()) }
            for message in messages {
                group.addTask {
                    await self.process(message, listener: listener, source: source)
                    self.machine.withLock { $0.finished(key) }
                    self.finishedRuns.poke()
                }
            }
        }
    }

    /// Sleeps `seconds`, or less when a message is put in this process or a run ends.
    private func waitForWork(seconds: TimeInterval, poked: UInt64, ended: UInt64) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: .milliseconds(Int(seconds * 1000))) }
            group.addTask { await self.signals.wait(after: poked) }
            group.addTask { await self.finishedRuns.wait(after: ended) }
            await group.next()
            group.cancelAll()
        }
    }

    // MARK: One message

    private func process(_ message: QueueMessage, listener: Listener, source: Source) async {
        let settings = listener.app.model.host.queues
        guard let taken = message.popReceipt else { return }
        switch StateMachine<Key>.onTake(dequeueCount: message.dequeueCount, maxDequeueCount: settings.maxDequeueCount) {
        case .poison:
            await moveToPoison(message, popReceipt: taken, listener: listener, source: source)
            return
        case .run:
            break
        }
        let receipt = PopReceipt(taken)
        let succeeded = await withTaskGroup(of: Bool?.self) { group in
            group.addTask {
                await self.renewLease(of: message, receipt: receipt, listener: listener, source: source)
                return nil
            }
            group.addTask {
                await self.invoker.invokeQueue(app: listener.app, function: listener.function, trigger: listener.trigger, message: message)
            }
            var outcome = false
            while let result = await group.next() {
                if let result {
                    outcome = result
                    group.cancelAll()
                }
            }
            return outcome
        }
        let popReceipt = receipt.value
        if succeeded {
            if let error = await deleter.delete(QueueMessageReceipt(queueID: source.queue.id, id: message.id, popReceipt: popReceipt)) {
                logger.warning(
                    "cannot delete a queue message whose function succeeded; it will run again",
                    metadata: metadata(listener, source, ["message": "\(message.id)", "error": "\(error)"])
                )
            }
            return
        }
        let decision = StateMachine<Key>.afterFailure(
            dequeueCount: message.dequeueCount,
            maxDequeueCount: settings.maxDequeueCount,
            visibilityTimeout: Self.seconds(settings.visibilityTimeout)
        )
        switch decision {
        case .poison:
            await moveToPoison(message, popReceipt: popReceipt, listener: listener, source: source)
        case .retry(let after):
            do {
                _ = try await store.updateMessage(
                    queueID: source.queue.id,
                    id: message.id,
                    popReceipt: popReceipt,
                    visibilityTimeout: after,
                    body: nil,
                    at: Date()
                )
            } catch {
                logger.warning(
                    "cannot release a failed queue message; it is retried when its lease ends",
                    metadata: metadata(listener, source, ["message": "\(message.id)", "error": "\(error)"])
                )
            }
        }
    }

    /// Renews the message's lease every half lease until cancelled, keeping the newest pop receipt.
    private func renewLease(of message: QueueMessage, receipt: PopReceipt, listener: Listener, source: Source) async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: .milliseconds(Int(lease * 500)))
            } catch {
                return
            }
            do {
                let renewed = try await store.updateMessage(
                    queueID: source.queue.id,
                    id: message.id,
                    popReceipt: receipt.value,
                    visibilityTimeout: lease,
                    body: nil,
                    at: Date()
                )
                receipt.value = renewed.popReceipt
            } catch {
                logger.warning(
                    "cannot renew the lease of a queue message whose function runs",
                    metadata: metadata(listener, source, ["message": "\(message.id)", "error": "\(error)"])
                )
            }
        }
    }

    /// Puts the message on `<queue>-poison` (kept for the account's poison retention), then
    /// deletes it from its queue.
    private func moveToPoison(_ message: QueueMessage, popReceipt: String, listener: Listener, source: Source) async {
        guard let poisonName = source.queue.name.poisonQueue else {
            logger.error(
                "a queue message failed too often, but the queue's name is too long for a poison queue; it stays",
                metadata: metadata(listener, source, ["message": "\(message.id)"])
            )
            return
        }
        do {
            let poison = try await QueueOutputWriter.queue(poisonName, in: source.account.id, store: store)
            _ = try await store.putMessage(
                queueID: poison.id,
                body: message.body,
                visibilityDelay: 0,
                timeToLive: source.account.poisonRetention,
                at: Date()
            )
            try await store.deleteMessage(queueID: source.queue.id, id: message.id, popReceipt: popReceipt)
            signals.poke()
            logger.warning(
                "a queue message was dequeued \(message.dequeueCount) times and moved to queue '\(poisonName)'",
                metadata: metadata(listener, source, ["message": "\(message.id)"])
            )
        } catch {
            logger.error(
                "cannot move a queue message to its poison queue",
                metadata: metadata(listener, source, ["message": "\(message.id)", "error": "\(error)"])
            )
        }
    }

    /// The newest pop receipt of a message being run (each lease renewal issues a new one).
    final class PopReceipt: Sendable {
        private let state: Mutex<String>
        init(_ receipt: String) { state = Mutex(receipt) }
        var value: String {
            get { state.withLock { $0 } }
            set { state.withLock { $0 = newValue } }
        }
    }

    // MARK: Listeners

    private func currentListeners() -> [Key: Listener] {
        // A drained worker takes no new work (FleetMembership.isDrained); its runs in flight end.
        guard !catalog.membership.isDrained else { return [:] }
        var listeners: [Key: Listener] = [:]
        // Messages of apps placed only on other workers are taken there.
        let routing = catalog.routing
        for app in catalog.snapshot.apps.values where routing.isLocal(appID: app.record.id) {
            for function in app.model.functions where !function.disabled {
                guard case .queue(let trigger) = function.trigger else { continue }
                let key = Key(
                    appID: app.record.id,
                    deploymentID: app.deployment.id,
                    function: function.name,
                    queueName: trigger.queueName,
                    connection: trigger.connection
                )
                listeners[key] = Listener(app: app, function: function, trigger: trigger)
            }
        }
        return listeners
    }

    /// The listener's account and queue (created when missing), or `nil` with an error logged
    /// once per cause.
    private func resolve(_ key: Key, _ listener: Listener) async -> Source? {
        do {
            let (account, name) = try await QueueAccountResolver(store: store).trigger(
                queueName: listener.trigger.queueName,
                connection: listener.trigger.connection,
                settings: listener.app.settings,
                tenantID: listener.app.record.tenantID,
                function: listener.function.name
            )
            let queue = try await QueueOutputWriter.queue(name, in: account.id, store: store)
            failures.withLock { $0[key] = nil }
            return Source(account: account, queue: queue)
        } catch {
            let text = "\(error)"
            let isNew = failures.withLock { failures in
                defer { failures[key] = text }
                return failures[key] != text
            }
            if isNew {
                logger.error(
                    "the queue trigger of a function cannot run: \(text)",
                    metadata: ["app": "\(listener.app.record.name)", "function": "\(listener.function.name)"]
                )
            }
            return nil
        }
    }

    private func metadata(_ listener: Listener, _ source: Source, _ extra: Logger.Metadata = [:]) -> Logger.Metadata {
        var metadata: Logger.Metadata = [
            "app": "\(listener.app.record.name)", "function": "\(listener.function.name)", "queue": "\(source.queue.name)",
        ]
        metadata.merge(extra) { $1 }
        return metadata
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
