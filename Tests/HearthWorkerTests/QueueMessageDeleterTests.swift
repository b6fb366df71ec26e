import Foundation
import HearthCore
import HearthStore
import Testing

@testable import HearthWorker

/// ``QueueMessageDeleter`` on a real SQLite store: deletions asked for at once are all done, the
/// ones whose lease was lost come back with the store's reason.
@Suite struct QueueMessageDeleterTests {
    @Test func concurrentDeletionsAreAllDoneAndALostLeaseIsReported() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-deleter-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let store = try SQLiteStore(
            path: root.appendingPathComponent("hearth.sqlite").path,
            cipher: SecretCipher(keyBytes: Data(repeating: 1, count: 32))
        )
        let tenant = Tenant(name: "deleter")
        try await store.createTenant(tenant)
        let account = try await store.defaultQueueAccount(tenantID: tenant.id, at: Date())
        let queue = QueueRecord(accountID: account.id, name: try QueueName("work"), createdAt: Date())
        #expect(try await store.createQueue(queue))
        for i in 0..<100 {
            _ = try await store.putMessage(queueID: queue.id, body: Data("m\(i)".utf8), visibilityDelay: 0, timeToLive: nil, at: Date())
        }
        var taken: [QueueMessage] = []
        while taken.count < 100 {
            taken += try await store.getMessages(queueID: queue.id, limit: 32, visibilityTimeout: 600, at: Date())
        }
        let deleter = QueueMessageDeleter(store: store)
        let stale = taken[7].id
        let failures = await withTaskGroup(of: (UUID, (any Error)?).self) { group in
            for message in taken {
                let receipt = QueueMessageReceipt(queueID: queue.id, id: message.id, popReceipt: message.id == stale ? "stale" : message.popReceipt!)
                group.addTask { (message.id, await deleter.delete(receipt)) }
            }
            var failures: [UUID: any Error] = [:]
            for await (id, error) in group { if let error { failures[id] = error } }
            return failures
        }
        #expect(Array(failures.keys) == [stale])
        #expect((failures[stale] as? StoreError)?.code == .invalidState)
        #expect(try await store.queueLength(queueID: queue.id, at: Date()) == 1)
    }
}
