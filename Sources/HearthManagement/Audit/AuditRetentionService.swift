public import Foundation
import HearthCore
public import HearthStore
public import Logging
public import ServiceLifecycle

/// Deletes audit events older than ``InstanceSettings/auditRetentionDays`` (365 when unset), at
/// start and then daily. Runs beside ``InvocationRetentionService``.
public struct AuditRetentionService: Service {
    /// Days kept when the instance settings name none.
    public static let defaultRetentionDays = 365

    let store: any ManagementStore
    let interval: Duration
    let logger: Logger

    public init(store: any ManagementStore, interval: Duration = .seconds(86_400), logger: Logger) {
        self.store = store
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        try await PeriodicRun.run(every: interval) { await pruneOnce() }
    }

    /// Purges once; failures are logged, not thrown.
    /// - Returns: How many events were deleted.
    @discardableResult
    public func pruneOnce(now: Date = Date()) async -> Int {
        do {
            let days = try await store.instanceSettings().auditRetentionDays ?? Self.defaultRetentionDays
            let cutoff = now.addingTimeInterval(-Double(max(days, 1)) * 86_400)
            let removed = try await store.purgeAudit(before: cutoff)
            if removed > 0 { logger.info("pruned audit log", metadata: ["removed": "\(removed)", "before": "\(cutoff)"]) }
            return removed
        } catch {
            logger.error("pruning the audit log failed", metadata: ["error": "\(error)"])
            return 0
        }
    }
}
