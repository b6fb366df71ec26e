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
/// (looked at every 20 ms) — one store transaction per 256 rows is what batching needs. A record
/// still `running` is written once its invocation has run for `runningShownAfter` (1 s); until
/// then a flush leaves it in the buffer. So an invocation that ends within a second is one row
/// written once, ended; a longer one shows as `running` from its first second until it ends.
/// (Writing every in-flight call as `running` cost a second write — a look-up and an update —
/// for each call in flight at each flush: under load, a large share of all calls; issue #16.)
///
/// Requests only add to the buffer (``InvocationLogBuffer``), under a lock held for one dictionary
/// insert; a flush takes the whole buffer by swapping its storage (O(1) under that lock) and
/// sorts, writes and releases the records outside it, so a large batch never makes requests wait.
///
/// What a crash can lose: the records still in the buffer, i.e. of invocations that ended within
/// the last `flushInterval` or are running and started within the last `runningShownAfter`, and
/// never much more than `batchSize` plus what arrives in 20 ms (and the calls in flight) — unless the store is slower than the requests, when what arrives while a batch is
/// being written waits too (and a batch being committed at the moment of the crash). A `running`
/// row already written is not lost: the worker's next process marks it `abandoned`
/// (``AbandonedInvocations``).
public final class InvocationLogWriter: Service, Sendable {
    private let write: @Sendable ([InvocationRecord]) async throws -> Void
    private let logger: Logger
    private let flushInterval: Duration
    private let batchSize: Int
    private let runningShownAfter: Duration
    private let pending = Mutex(InvocationLogBuffer())

    /// How often the buffer's size is looked at.
    static let tick: Duration = .milliseconds(20)

    public convenience init(
        store: any WorkerStore,
        flushInterval: Duration = .milliseconds(200),
        batchSize: Int = 256,
        runningShownAfter: Duration = .seconds(1),
        logger: Logger
    ) {
        self.init(flushInterval: flushInterval, batchSize: batchSize, runningShownAfter: runningShownAfter, logger: logger) {
            try await store.writeInvocations($0)
        }
    }

    /// A writer that hands its batches, sorted by start, to `write` (tests: a store that blocks or fails).
    init(
        flushInterval: Duration = .milliseconds(200),
        batchSize: Int = 256,
        runningShownAfter: Duration = .seconds(1),
        logger: Logger,
        write: @escaping @Sendable ([InvocationRecord]) async throws -> Void
    ) {
        self.write = write
        self.flushInterval = flushInterval
        self.batchSize = batchSize
        self.runningShownAfter = runningShownAfter
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
                await self.flush(holdingRunningStartedAfter: Date() - self.runningShownAfter.timeInterval)
            }
        }
        // The last records must be written even when this task was cancelled, and the store's
        // async calls refuse to start in a cancelled task: flush from a task that is not.
        await Task.detached { await self.flush() }.value
    }

    /// Writes everything buffered now, running records included (the last flush, on shutdown).
    public func flush() async {
        await flush(holdingRunningStartedAfter: nil)
    }

    /// Writes what is buffered now, but for `running` records of invocations that started after
    /// `cutoff`: those stay buffered (unless their end arrived meanwhile), so that a call that ends
    /// soon is written once, ended.
    func flush(holdingRunningStartedAfter cutoff: Date?) async {
        // Under the lock only the hand-over; sorting, writing and releasing the records happen outside it.
        var taken = pending.withLock { $0.take() }
        guard !taken.isEmpty else { return }
        var batch: [InvocationRecord] = []
        batch.reserveCapacity(taken.count)
        var held: [InvocationRecord] = []
        for record in taken.values {
            if let cutoff, record.status == .running, record.startedAt > cutoff {
                held.append(record)
            } else {
                batch.append(record)
            }
        }
        // Put back, unless a newer version (the end) arrived since the hand-over.
        if !held.isEmpty { pending.withLock { $0.restore(held) } }
        batch.sort { $0.startedAt < $1.startedAt }
        defer {
            taken.removeAll(keepingCapacity: true)
            pending.withLock { $0.recycle(taken) }
        }
        guard !batch.isEmpty else { return }
        do {
            try await write(batch)
        } catch {
            logger.error("cannot write the invocation log", metadata: ["records": "\(batch.count)", "error": "\(error)"])
            // Kept for the next attempt, unless newer versions of the same records arrived meanwhile.
            pending.withLock { $0.restore(batch) }
        }
    }
}
