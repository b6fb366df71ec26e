public import Foundation
public import HearthStore
public import Logging
public import ServiceLifecycle

/// Deletes expired queue messages, at start and then every ``interval``, in batches of
/// ``batchSize`` until a batch comes back short (``QueuePurgeRound``).
///
/// Expired messages are already invisible to every read (peek, get, length), so the service only
/// reclaims their rows. A store error is logged and the round ends; the next interval tries again,
/// so the process never fails because of it.
///
/// Poison queues (`<queue>-poison`) need nothing special here: the account's poison retention
/// (`QueueAccount.poisonRetention`, set by `QueueStore.setPoisonRetention`) is a
/// message's time to live in its poison queue, applied as its expiry when the message is moved
/// there (by the queue trigger), so a poison message expires, and is purged, like any other.
///
/// Add it to the same `ServiceGroup` as the management API; it stops on graceful shutdown.
public struct QueuePurgeService: Service {
    let store: any QueueStore
    let interval: Duration
    let batchSize: Int
    let maxBatches: Int
    let logger: Logger

    /// Creates the service.
    /// - Parameters:
    ///   - store: The store holding the queues.
    ///   - interval: Time between rounds (``ManagementConfiguration/queuePurgeInterval``).
    ///   - batchSize: The most messages one store call deletes.
    ///   - maxBatches: The most store calls in one round.
    ///   - logger: Where purge counts and failures go.
    public init(store: any QueueStore, interval: Duration = .seconds(60), batchSize: Int = 500, maxBatches: Int = 200, logger: Logger) {
        self.store = store
        self.interval = interval
        self.batchSize = max(1, batchSize)
        self.maxBatches = max(1, maxBatches)
        self.logger = logger
    }

    /// Purges once now, then every `interval` until graceful shutdown.
    public func run() async throws {
        try await PeriodicRun.run(every: interval) { await purgeOnce() }
    }

    /// Deletes the messages expired by `now`, batch after batch; failures are logged, not thrown.
    /// - Returns: How many messages were deleted.
    @discardableResult
    public func purgeOnce(now: Date = Date()) async -> Int {
        var round = QueuePurgeRound(batchSize: batchSize, maxBatches: maxBatches)
        var action = round.start()
        while true {
            switch action {
            case .purge(let limit):
                do {
                    action = round.purgedBatch(try await store.purgeExpiredMessages(at: now, limit: limit))
                } catch {
                    logger.error("purging expired queue messages failed", metadata: ["error": "\(error)"])
                    action = round.batchFailed()
                }
            case .finish(let purged, _):
                if purged > 0 {
                    logger.info("purged expired queue messages", metadata: ["removed": "\(purged)", "batches": "\(round.batches)"])
                } else {
                    logger.debug("no expired queue messages to purge")
                }
                return purged
            }
        }
    }
}
