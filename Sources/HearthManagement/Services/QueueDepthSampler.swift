public import CoreMetrics
public import Foundation
public import HearthCore
public import HearthStore
public import Logging
public import ServiceLifecycle

/// Samples every queue's depth into the `hearth_queue_depth` gauge (``ManagementMetrics/Name/queueDepth``),
/// at start and then every ``interval``: one store query per round. Runs only where `/metrics` is
/// served. A store error is logged and the round skipped.
public struct QueueDepthSampler: Service {
    let store: any QueueStore
    let factory: any MetricsFactory
    let interval: Duration
    let logger: Logger

    /// - Parameters:
    ///   - store: The store holding the queues.
    ///   - factory: Where the gauges go (the server's Prometheus registry).
    ///   - interval: Time between samples.
    ///   - logger: Where failures go.
    public init(store: any QueueStore, factory: any MetricsFactory, interval: Duration = .seconds(15), logger: Logger) {
        self.store = store
        self.factory = factory
        self.interval = interval
        self.logger = logger
    }

    /// Samples once now, then every `interval` until graceful shutdown.
    public func run() async throws {
        try await PeriodicRun.run(every: interval) { await sampleOnce() }
    }

    /// Sets each queue's gauge to its depth at `now`; returns the depths (none when the store failed).
    @discardableResult
    public func sampleOnce(now: Date = Date()) async -> [QueueDepth] {
        do {
            let depths = try await store.queueDepths(at: now)
            for depth in depths {
                Gauge(label: ManagementMetrics.Name.queueDepth, dimensions: [("account", depth.account), ("queue", depth.queue)], factory: factory)
                    .record(depth.messages)
            }
            return depths
        } catch {
            logger.error("sampling queue depths failed", metadata: ["error": "\(error)"])
            return []
        }
    }
}
