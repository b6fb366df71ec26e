/// One round of ``QueuePurgeService``, as a value that decides what comes next, with no I/O: the
/// service asks the store for a batch of at most ``batchSize`` expired messages, tells the round
/// what came back, and purges again while batches come back full, up to ``maxBatches`` batches (so
/// that one round cannot run forever while producers keep messages expiring).
struct QueuePurgeRound: Equatable, Sendable {
    /// What the service does next.
    enum Action: Equatable, Sendable {
        /// Purge another batch of at most this many messages.
        case purge(limit: Int)
        /// The round is over: this many messages were purged; `failed` when a batch threw.
        case finish(purged: Int, failed: Bool)
    }

    let batchSize: Int
    let maxBatches: Int
    private(set) var purged = 0
    private(set) var batches = 0

    /// - Parameters:
    ///   - batchSize: The most messages one store call deletes (at least 1).
    ///   - maxBatches: The most store calls in one round (at least 1).
    init(batchSize: Int, maxBatches: Int) {
        precondition(batchSize >= 1 && maxBatches >= 1, "a purge round needs a batch size and a batch count of at least 1")
        self.batchSize = batchSize
        self.maxBatches = maxBatches
    }

    /// The first action of the round.
    func start() -> Action { .purge(limit: batchSize) }

    /// The store deleted `count` messages in the last batch.
    mutating func purgedBatch(_ count: Int) -> Action {
        purged += count
        batches += 1
        guard count >= batchSize, batches < maxBatches else { return .finish(purged: purged, failed: false) }
        return .purge(limit: batchSize)
    }

    /// The last batch threw: the round ends, and the next interval tries again.
    mutating func batchFailed() -> Action {
        .finish(purged: purged, failed: true)
    }
}
