import Foundation
import HearthCore
import HearthStore
import Testing

/// ``QueueStore/queueDepths(at:)`` on every configured backend: every queue with its unexpired
/// messages (leased ones included), empty queues with 0, expired messages not counted.
@Suite struct QueueDepthContractTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test(arguments: StoreBackend.configured)
    func everyQueueWithItsUnexpiredMessages(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any ManagementStore = f.store
            let tenant = Tenant(name: "t-\(UUID().uuidString.prefix(8).lowercased())")
            try await store.createTenant(tenant)
            let account = try await store.defaultQueueAccount(tenantID: tenant.id, at: Self.start)
            let orders = QueueRecord(accountID: account.id, name: try QueueName("orders"), createdAt: Self.start)
            let empty = QueueRecord(accountID: account.id, name: try QueueName("empty"), createdAt: Self.start)
            #expect(try await store.createQueue(orders))
            #expect(try await store.createQueue(empty))
            for _ in 0..<3 {
                _ = try await store.putMessage(queueID: orders.id, body: Data("m".utf8), visibilityDelay: 0, timeToLive: nil, at: Self.start)
            }
            // Expires after 10 s: counted before, not after.
            _ = try await store.putMessage(queueID: orders.id, body: Data("m".utf8), visibilityDelay: 0, timeToLive: 10, at: Self.start)
            // Leased: still in the queue.
            _ = try await store.getMessages(queueID: orders.id, limit: 1, visibilityTimeout: 30, at: Self.start)

            let before = try await store.queueDepths(at: Self.start.addingTimeInterval(1)).filter { $0.account == account.name }
            #expect(
                before == [
                    QueueDepth(account: account.name, queue: "empty", messages: 0), QueueDepth(account: account.name, queue: "orders", messages: 4),
                ]
            )
            let after = try await store.queueDepths(at: Self.start.addingTimeInterval(60)).filter { $0.account == account.name }
            #expect(after.first { $0.queue == "orders" }?.messages == 3)
        }
    }
}
