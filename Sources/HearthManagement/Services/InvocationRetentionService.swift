public import Foundation
public import HearthStore
public import Logging
public import ServiceLifecycle

/// Deletes invocation log entries older than the retention period, at start and then periodically.
///
/// Add it to the same `ServiceGroup` as the management API; it stops on graceful shutdown.
public struct InvocationRetentionService: Service {
    let store: any ManagementStore
    let retention: Duration
    let interval: Duration
    let logger: Logger

    /// Creates the service.
    /// - Parameters:
    ///   - store: The store holding the log.
    ///   - retention: How long entries are kept (``ManagementConfiguration/invocationRetention``).
    ///   - interval: Time between prunes.
    ///   - logger: Where prune counts and failures go.
    public init(store: any ManagementStore, retention: Duration, interval: Duration = .seconds(3600), logger: Logger) {
        self.store = store
        self.retention = retention
        self.interval = interval
        self.logger = logger
    }

    /// Prunes once now, then every `interval` until graceful shutdown.
    public func run() async throws {
        try await PeriodicRun.run(every: interval) { await pruneOnce() }
    }

    /// Deletes entries older than the retention period; failures are logged, not thrown, so one bad
    /// round does not stop the service.
    /// - Returns: How many entries were deleted.
    @discardableResult
    public func pruneOnce(now: Date = Date()) async -> Int {
        let seconds = Double(retention.components.seconds) + Double(retention.components.attoseconds) / 1e18
        let cutoff = now.addingTimeInterval(-seconds)
        do {
            let removed = try await store.pruneInvocations(startedBefore: cutoff)
            if removed > 0 {
                logger.info("pruned invocation log", metadata: ["removed": "\(removed)", "before": "\(cutoff)"])
            }
            return removed
        } catch {
            logger.error("pruning the invocation log failed", metadata: ["error": "\(error)"])
            return 0
        }
    }
}
