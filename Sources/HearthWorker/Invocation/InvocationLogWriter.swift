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
/// What a crash can lose: the records still in the buffer, i.e. of invocations that started or
/// ended within the last `flushInterval`, and never much more than `batchSize` plus what arrives
/// in 20 ms (and a batch being committed at the moment of the crash). A `running` row already
/// written is not lost: the worker's next process marks it `abandoned` (``AbandonedInvocations``).
public final class InvocationLogWriter: Service, Sendable {
    private let store: any WorkerStore
    private let logger: Logger
    private let flushInterval: Duration
    private let batchSize: Int
    private let pending = Mutex<[UUID: InvocationRecord]>([:])

    /// How often the buffer's size is looked at.
    static let tick: Duration = .milliseconds(20)

    public init(store: any WorkerStore, flushInterval: Duration = .milliseconds(200), batchSize: Int = 256, logger: Logger) {
        self.store = store
        self.flushInterval = flushInterval
        self.batchSize = batchSize
        self.logger = logger
    }

    public func record(_ record: InvocationRecord) {
        pending.withLock { $0[record.id] = record }
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
        let batch = pending.withLock { p -> [InvocationRecord] in
            defer { p.removeAll(keepingCapacity: true) }
            return Array(p.values)
        }
        guard !batch.isEmpty else { return }
        do {
            try await store.writeInvocations(batch.sorted { $0.startedAt < $1.startedAt })
        } catch {
            logger.error("cannot write the invocation log", metadata: ["records": "\(batch.count)", "error": "\(error)"])
            // Keep them for the next attempt, unless newer versions of the same records arrived meanwhile.
            pending.withLock { p in for r in batch where p[r.id] == nil { p[r.id] = r } }
        }
    }
}
