import Foundation
public import HearthCore
public import HearthStore
public import Logging
public import ServiceLifecycle
import Synchronization

/// Writes the invocation log in batches, off the request path.
///
/// A record is buffered when an invocation starts and replaced when it ends; every
/// `flushInterval` the buffer goes to the store in one transaction. A fast invocation is
/// therefore one row written once; a long one shows as `running` until it ends.
public final class InvocationLogWriter: Service, Sendable {
    private let store: any Store
    private let logger: Logger
    private let flushInterval: Duration
    private let pending = Mutex<[UUID: InvocationRecord]>([:])

    public init(store: any Store, flushInterval: Duration = .milliseconds(200), logger: Logger) {
        self.store = store
        self.flushInterval = flushInterval
        self.logger = logger
    }

    public func record(_ record: InvocationRecord) {
        pending.withLock { $0[record.id] = record }
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: self.flushInterval)
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
