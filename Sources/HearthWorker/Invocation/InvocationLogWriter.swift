import Foundation
public import HearthCore
public import HearthStore
public import Logging
public import ServiceLifecycle
import Synchronization

/// Writes the invocation log in batches, off the request path.
///
/// A record is buffered when an invocation starts and replaced when it ends; the buffer goes to
/// the store every `flushInterval` (200 ms), or sooner once `batchSize` (256) records wait
/// (looked at every 20 ms) — one store transaction per 256 rows is what batching needs. A fast
/// invocation is therefore one row written once; a long one shows as `running` until it ends.
///
/// Requests only add to the buffer (``InvocationLogBuffer``), under a lock held for one dictionary
/// insert; a flush takes the whole buffer by swapping its storage (O(1) under that lock) and
/// sorts, writes and releases the records outside it, so a large batch never makes requests wait.
///
/// What a crash can lose: the records still in the buffer, i.e. of invocations that started or
/// ended within the last `flushInterval`, and never much more than `batchSize` plus what arrives
/// in 20 ms — unless the store is slower than the requests, when what arrives while a batch is
/// being written waits too (and a batch being committed at the moment of the crash). A `running`
/// row already written is not lost: the worker's next process marks it `abandoned`
/// (``AbandonedInvocations``).
public final class InvocationLogWriter: Service, Sendable {
    private let write: @Sendable ([InvocationRecord]) async throws -> Void
    private let logger: Logger
    private let flushInterval: Duration
    private let batchSize: Int
    private let pending = Mutex(InvocationLogBuffer())

    /// How often the buffer's size is looked at.
    static let tick: Duration = .milliseconds(20)

    public convenience init(store: any WorkerStore, flushInterval: Duration = .milliseconds(200), batchSize: Int = 256, logger: Logger) {
        self.init(flushInterval: flushInterval, batchSize: batchSize, logger: logger) { try await store.writeInvocations($0) }
    }

    /// A writer that hands its batches, sorted by start, to `write` (tests: a store that blocks or fails).
    init(
        flushInterval: Duration = .milliseconds(200),
        batchSize: Int = 256,
        logger: Logger,
        write: @escaping @Sendable ([InvocationRecord]) async throws -> Void
    ) {
        self.write = write
        self.flushInterval = flushInterval
        self.batchSize = batchSize
        self.logger = logger
    }

    public func record(_ record: InvocationRecord) {
        pending.withLock { $0.add(record) }
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            var lastFlush = ContinuousClock.now
            while !Task.isCancelled {
                try await Task.sleep(for: min(Self.tick, self.flushInterval))
                let waiting = self.pending.withLock { $0.count }
                guard waiting >= self.batchSize || ContinuousClock.now - lastFlush >= self.flushInterval else { continue }
                lastFlush = .now
                await self.flush()
            }
        }
        // The last records must be written even when this task was cancelled, and the store's
        // async calls refuse to start in a cancelled task: flush from a task that is not.
        await Task.detached { await self.flush() }.value
    }

    /// Writes what is buffered now.
    public func flush() async {
        // Under the lock only the hand-over; sorting, writing and releasing the records happen outside it.
        var taken = pending.withLock { $0.take() }
        guard !taken.isEmpty else { return }
        let batch = taken.values.sorted { $0.startedAt < $1.startedAt }
        do {
            try await write(batch)
        } catch {
            logger.error("cannot write the invocation log", metadata: ["records": "\(batch.count)", "error": "\(error)"])
            // Kept for the next attempt, unless newer versions of the same records arrived meanwhile.
            pending.withLock { $0.restore(batch) }
        }
        taken.removeAll(keepingCapacity: true)
        pending.withLock { $0.recycle(taken) }
    }
}
