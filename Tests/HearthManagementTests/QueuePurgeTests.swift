import Foundation
import HearthCore
import HearthStore
import Logging
import Testing

@testable import HearthManagement

/// The periodic purge of expired queue messages: the round's decisions without I/O, and one pass
/// over a real store.
@Suite struct QueuePurgeTests {
    @Test func aRoundPurgesAgainWhileBatchesComeBackFull() {
        var round = QueuePurgeRound(batchSize: 10, maxBatches: 5)
        #expect(round.start() == .purge(limit: 10))
        #expect(round.purgedBatch(10) == .purge(limit: 10))
        #expect(round.purgedBatch(10) == .purge(limit: 10))
        #expect(round.purgedBatch(3) == .finish(purged: 23, failed: false))
        #expect(round.batches == 3)
    }

    @Test func aRoundWithNothingExpiredEndsAfterOneBatch() {
        var round = QueuePurgeRound(batchSize: 10, maxBatches: 5)
        #expect(round.purgedBatch(0) == .finish(purged: 0, failed: false))
    }

    @Test func aRoundStopsAtItsBatchLimit() {
        var round = QueuePurgeRound(batchSize: 2, maxBatches: 3)
        #expect(round.purgedBatch(2) == .purge(limit: 2))
        #expect(round.purgedBatch(2) == .purge(limit: 2))
        #expect(round.purgedBatch(2) == .finish(purged: 6, failed: false))
    }

    @Test func aFailedBatchEndsTheRoundWithWhatWasPurged() {
        var round = QueuePurgeRound(batchSize: 2, maxBatches: 3)
        #expect(round.purgedBatch(2) == .purge(limit: 2))
        #expect(round.batchFailed() == .finish(purged: 2, failed: true))
    }

    @Test func onePassDeletesEveryExpiredMessageAndKeepsTheRest() async throws {
        let instance = try await TestInstance()
        let app = try await instance.seedApp()
        let start = Date()
        let account = try await instance.store.defaultQueueAccount(tenantID: app.tenantID, at: start)
        let queue = QueueRecord(accountID: account.id, name: try QueueName("orders"), createdAt: start)
        let poison = QueueRecord(accountID: account.id, name: try QueueName("orders-poison"), createdAt: start)
        _ = try await instance.store.createQueue(queue)
        _ = try await instance.store.createQueue(poison)
        for index in 0..<5 {
            _ = try await instance.store.putMessage(
                queueID: index < 3 ? queue.id : poison.id,
                body: Data("m\(index)".utf8),
                visibilityDelay: 0,
                timeToLive: 60,
                at: start
            )
        }
        let kept = try await instance.store.putMessage(queueID: queue.id, body: Data("kept".utf8), visibilityDelay: 0, timeToLive: nil, at: start)
        let later = try await instance.store.putMessage(queueID: queue.id, body: Data("later".utf8), visibilityDelay: 0, timeToLive: 3600, at: start)

        let service = QueuePurgeService(store: instance.store, batchSize: 2, logger: Logger(label: "test"))
        #expect(await service.purgeOnce(now: start.addingTimeInterval(120)) == 5)
        #expect(await service.purgeOnce(now: start.addingTimeInterval(120)) == 0)
        let left = try await instance.store.peekMessages(queueID: queue.id, limit: 32, at: start)
        #expect(Set(left.map(\.id)) == [kept.id, later.id])
        #expect(try await instance.store.peekMessages(queueID: poison.id, limit: 32, at: start).isEmpty)
    }
}
