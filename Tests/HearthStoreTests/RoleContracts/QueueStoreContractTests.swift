import Foundation
import HearthCore
import HearthStore
import Testing

/// ``QueueStore``'s documented behaviour on every configured backend: accounts and their sealed
/// keys, queues named as Azure names them, messages, and leases.
@Suite struct QueueStoreContractTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// A tenant's default account and a queue in it.
    func queue(_ store: any Store, _ name: String = "orders") async throws -> QueueRecord {
        let tenant = Tenant(name: "t-\(UUID().uuidString.prefix(8).lowercased())")
        try await store.createTenant(tenant)
        let account = try await store.defaultQueueAccount(tenantID: tenant.id, at: Self.start)
        let queue = QueueRecord(accountID: account.id, name: try QueueName(name), createdAt: Self.start)
        #expect(try await store.createQueue(queue))
        return queue
    }

    @Test(arguments: StoreBackend.configured)
    func eachTenantGetsOneDefaultAccountWithTwoSealedRotatableKeys(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any ManagementStore = f.store
            let tenant = Tenant(name: "contoso", createdAt: Self.start)
            try await store.createTenant(tenant)
            async let first = store.defaultQueueAccount(tenantID: tenant.id, at: Self.start)
            async let second = store.defaultQueueAccount(tenantID: tenant.id, at: Self.start)
            let (a, b) = try await (first, second)
            #expect(a == b && a.isDefault && a.tenantID == tenant.id)
            #expect(a.name.hasPrefix("contoso") && a.name.count == 15)
            #expect(try await store.queueAccount(named: a.name) == a)
            #expect(try await store.queueAccount(id: a.id) == a)

            let keys = try #require(try await store.queueAccountKeys(accountID: a.id))
            #expect(keys.primary.count == 64 && keys.secondary.count == 64 && keys.primary != keys.secondary)
            #expect(try await f.storageContains(keys.primary) == false)
            #expect("\(keys)".contains("redacted"))

            let rotated = QueueAccountKeys.generateKey()
            #expect(try await store.setQueueAccountKey(accountID: a.id, slot: .secondary, rotated))
            #expect(try await store.queueAccountKeys(accountID: a.id) == QueueAccountKeys(primary: keys.primary, secondary: rotated))
            #expect(try await store.setQueueAccountKey(accountID: UUID(), slot: .primary, rotated) == false)
            #expect(try await store.queueAccountKeys(accountID: UUID()) == nil)

            #expect(try await store.setPoisonRetention(accountID: a.id, 3600))
            #expect(try await store.queueAccount(id: a.id)?.poisonRetention == 3600)

            try await expectStoreError(.notFound) { _ = try await store.defaultQueueAccount(tenantID: UUID(), at: Self.start) }
        }
    }

    @Test(arguments: StoreBackend.configured)
    func moreAccountsHaveUniqueValidNamesAndGoWithTheirTenant(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any ManagementStore = f.store
            let tenant = Tenant(name: "fabrikam")
            try await store.createTenant(tenant)
            let extra = QueueAccount(tenantID: tenant.id, name: "fabrikamjobs", createdAt: Self.start)
            try await store.createQueueAccount(extra, keys: .generate())
            try await expectStoreError(.conflict) {
                try await store.createQueueAccount(QueueAccount(tenantID: tenant.id, name: "fabrikamjobs"), keys: .generate())
            }
            await #expect(throws: HearthError.self) {
                try await store.createQueueAccount(QueueAccount(tenantID: tenant.id, name: "Bad-Name"), keys: .generate())
            }
            try await expectStoreError(.notFound) {
                try await store.createQueueAccount(QueueAccount(tenantID: UUID(), name: "orphan1"), keys: .generate())
            }
            let defaultAccount = try await store.defaultQueueAccount(tenantID: tenant.id, at: Self.start)
            try await expectStoreError(.conflict) {
                try await store.createQueueAccount(QueueAccount(tenantID: tenant.id, name: "seconddefault", isDefault: true), keys: .generate())
            }
            #expect(try await store.queueAccounts(tenantID: tenant.id).map(\.name) == [defaultAccount.name, "fabrikamjobs"].sorted())

            let queue = QueueRecord(accountID: extra.id, name: try QueueName("jobs"))
            #expect(try await store.createQueue(queue))
            _ = try await store.putMessage(queueID: queue.id, body: Data("x".utf8), visibilityDelay: 0, timeToLive: nil, at: Self.start)
            #expect(try await store.deleteTenant(id: tenant.id))
            #expect(try await store.queueAccounts(tenantID: tenant.id).isEmpty)
            #expect(try await store.queue(id: queue.id) == nil)
        }
    }

    @Test(arguments: StoreBackend.configured)
    func queueAccountKeysMoveToANewMasterKeyWithTheOtherSecrets(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let tenant = Tenant(name: "northwind")
            try await f.store.createTenant(tenant)
            let account = try await f.store.defaultQueueAccount(tenantID: tenant.id, at: Self.start)
            let keys = try await f.store.queueAccountKeys(accountID: account.id)
            let new = Data(repeating: 7, count: 32)
            let ring = try await f.reopened(keys: [new, f.keyBytes])
            #expect(try await ring.sealedSecretCounts() == [SecretCipher.id(of: f.keyBytes): 2])
            #expect(try await ring.resealSecrets(limit: 10) == 2)
            #expect(try await f.reopened(keys: [new]).queueAccountKeys(accountID: account.id) == keys)
        }
    }

    @Test(arguments: StoreBackend.configured)
    func queuesAreCreatedOnceListedByPrefixAndDeletedWithTheirMessages(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any ManagementStore = f.store
            let orders = try await queue(f.store, "orders")
            // The same name again: created already; with the same metadata that is no error (Azure's 204).
            #expect(try await store.createQueue(QueueRecord(accountID: orders.accountID, name: orders.name)) == false)
            try await expectStoreError(.conflict) {
                _ = try await store.createQueue(QueueRecord(accountID: orders.accountID, name: orders.name, metadata: ["owner": "x"]))
            }
            for name in ["orders-poison", "invoices", "order"] {
                #expect(try await store.createQueue(QueueRecord(accountID: orders.accountID, name: try QueueName(name), metadata: ["k": name])))
            }
            #expect(
                try await store.queues(accountID: orders.accountID, prefix: "").map(\.name.rawValue) == [
                    "invoices", "order", "orders", "orders-poison",
                ]
            )
            #expect(try await store.queues(accountID: orders.accountID, prefix: "orders").map(\.name.rawValue) == ["orders", "orders-poison"])
            #expect(try await store.queues(accountID: orders.accountID, prefix: "order%").isEmpty)
            #expect(try await store.queue(accountID: orders.accountID, name: try QueueName("invoices"))?.metadata == ["k": "invoices"])
            #expect(try await store.setQueueMetadata(queueID: orders.id, ["a": "1"]))
            #expect(try await store.queue(id: orders.id)?.metadata == ["a": "1"])
            try await expectStoreError(.notFound) { _ = try await store.createQueue(QueueRecord(accountID: UUID(), name: orders.name)) }

            _ = try await store.putMessage(queueID: orders.id, body: Data("m".utf8), visibilityDelay: 0, timeToLive: nil, at: Self.start)
            #expect(try await store.deleteQueue(id: orders.id))
            #expect(try await store.deleteQueue(id: orders.id) == false)
            #expect(try await store.queueLength(queueID: orders.id, at: Self.start) == 0)
            try await expectStoreError(.notFound) {
                _ = try await store.putMessage(queueID: orders.id, body: Data("m".utf8), visibilityDelay: 0, timeToLive: nil, at: Self.start)
            }
        }
    }

    @Test(arguments: StoreBackend.configured)
    func putHonoursDelayAndTimeToLiveAndRefusesWhatAzureRefuses(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any ManagementStore = f.store
            let q = try await queue(f.store)
            let t0 = Self.start
            let now = try await store.putMessage(queueID: q.id, body: Data("now".utf8), visibilityDelay: 0, timeToLive: 60, at: t0)
            #expect(now.expiresAt == t0.addingTimeInterval(60) && now.nextVisibleAt == t0 && now.dequeueCount == 0 && now.popReceipt != nil)
            let later = try await store.putMessage(queueID: q.id, body: Data("later".utf8), visibilityDelay: 30, timeToLive: nil, at: t0)
            #expect(later.expiresAt == QueueMessage.neverExpires)

            #expect(try await store.peekMessages(queueID: q.id, limit: 32, at: t0).map(\.text) == ["now"])
            #expect(try await store.queueLength(queueID: q.id, at: t0) == 2)
            let peeked = try await store.peekMessages(queueID: q.id, limit: 32, at: t0.addingTimeInterval(30))
            #expect(peeked.map(\.text) == ["now", "later"] && peeked.allSatisfy { $0.popReceipt == nil && $0.dequeueCount == 0 })
            #expect(
                peeked.first
                    == QueueMessage(
                        id: now.id,
                        queueID: q.id,
                        body: now.body,
                        insertedAt: t0,
                        expiresAt: now.expiresAt,
                        nextVisibleAt: t0
                    )
            )
            // Expired: neither peeked, taken nor counted, and purged.
            let expired = t0.addingTimeInterval(61)
            #expect(try await store.peekMessages(queueID: q.id, limit: 32, at: expired).map(\.text) == ["later"])
            #expect(try await store.queueLength(queueID: q.id, at: expired) == 1)
            #expect(try await store.purgeExpiredMessages(at: expired, limit: 100) == 1)
            #expect(try await store.purgeExpiredMessages(at: expired, limit: 100) == 0)

            // 64 KiB is the limit, counted in bytes of the text as sent.
            let limit = Data(repeating: UInt8(ascii: "a"), count: 64 * 1024)
            _ = try await store.putMessage(queueID: q.id, body: limit, visibilityDelay: 0, timeToLive: nil, at: t0)
            for bad in [
                { _ = try await store.putMessage(queueID: q.id, body: limit + Data("a".utf8), visibilityDelay: 0, timeToLive: nil, at: t0) },
                { _ = try await store.putMessage(queueID: q.id, body: Data("x".utf8), visibilityDelay: -1, timeToLive: nil, at: t0) },
                { _ = try await store.putMessage(queueID: q.id, body: Data("x".utf8), visibilityDelay: 8 * 24 * 3600, timeToLive: nil, at: t0) },
                { _ = try await store.putMessage(queueID: q.id, body: Data("x".utf8), visibilityDelay: 60, timeToLive: 60, at: t0) },
                { _ = try await store.putMessage(queueID: q.id, body: Data("x".utf8), visibilityDelay: 0, timeToLive: 0, at: t0) },
            ] as [@Sendable () async throws -> Void] {
                await #expect(throws: HearthError.self) { try await bad() }
            }
            #expect(try await store.queueLength(queueID: q.id, at: t0) == 2)
        }
    }

    @Test(arguments: StoreBackend.configured)
    func aLeasedMessageGoesToOneConsumerUntilItsVisibilityTimeoutPasses(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any ManagementStore = f.store
            let q = try await queue(f.store)
            let t0 = Self.start
            let put = try await store.putMessage(queueID: q.id, body: Data("job".utf8), visibilityDelay: 0, timeToLive: nil, at: t0)

            let first = try await store.getMessages(queueID: q.id, limit: 1, visibilityTimeout: 30, at: t0)
            #expect(first.count == 1 && first[0].id == put.id && first[0].dequeueCount == 1)
            #expect(first[0].nextVisibleAt == t0.addingTimeInterval(30))
            let firstReceipt = try #require(first[0].popReceipt)
            #expect(firstReceipt != put.popReceipt)
            // Held: a second consumer gets nothing, peek sees nothing, the length still counts it.
            #expect(try await store.getMessages(queueID: q.id, limit: 32, visibilityTimeout: 30, at: t0.addingTimeInterval(29.9)).isEmpty)
            #expect(try await store.peekMessages(queueID: q.id, limit: 1, at: t0.addingTimeInterval(29.9)).isEmpty)
            #expect(try await store.queueLength(queueID: q.id, at: t0) == 1)

            // The lease ran out: the next consumer takes it, counted again, with a new receipt.
            let second = try await store.getMessages(queueID: q.id, limit: 1, visibilityTimeout: 30, at: t0.addingTimeInterval(30))
            #expect(second.map(\.id) == [put.id] && second[0].dequeueCount == 2)
            let secondReceipt = try #require(second[0].popReceipt)
            #expect(secondReceipt != firstReceipt)

            // The first consumer's receipt is refused, and the refusal changes nothing.
            try await expectStoreError(.invalidState) { try await store.deleteMessage(queueID: q.id, id: put.id, popReceipt: firstReceipt) }
            try await expectStoreError(.invalidState) {
                _ = try await store.updateMessage(queueID: q.id, id: put.id, popReceipt: firstReceipt, visibilityTimeout: 0, body: nil, at: t0)
            }
            #expect(try await store.queueLength(queueID: q.id, at: t0) == 1)
            #expect(try await store.getMessages(queueID: q.id, limit: 1, visibilityTimeout: 30, at: t0.addingTimeInterval(59)).isEmpty)
            // A receipt of another queue's message, or of a message not in this queue, is not found.
            let other = try await queue(f.store, "other")
            try await expectStoreError(.notFound) { try await store.deleteMessage(queueID: other.id, id: put.id, popReceipt: secondReceipt) }

            try await store.deleteMessage(queueID: q.id, id: put.id, popReceipt: secondReceipt)
            try await expectStoreError(.notFound) { try await store.deleteMessage(queueID: q.id, id: put.id, popReceipt: secondReceipt) }
            #expect(try await store.queueLength(queueID: q.id, at: t0) == 0)
            await #expect(throws: HearthError.self) { _ = try await store.getMessages(queueID: q.id, limit: 33, visibilityTimeout: 30, at: t0) }
            await #expect(throws: HearthError.self) { _ = try await store.getMessages(queueID: q.id, limit: 1, visibilityTimeout: 0, at: t0) }
        }
    }

    @Test(arguments: StoreBackend.configured)
    func anUpdateRenewsTheLeaseOrChangesTheTextUnderANewReceipt(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any ManagementStore = f.store
            let q = try await queue(f.store)
            let t0 = Self.start
            let put = try await store.putMessage(queueID: q.id, body: Data("v1".utf8), visibilityDelay: 0, timeToLive: nil, at: t0)
            let taken = try #require(try await store.getMessages(queueID: q.id, limit: 1, visibilityTimeout: 10, at: t0).first)
            // Renewed before it ran out: still invisible past the first lease's end.
            let renewed = try await store.updateMessage(
                queueID: q.id,
                id: put.id,
                popReceipt: try #require(taken.popReceipt),
                visibilityTimeout: 60,
                body: nil,
                at: t0.addingTimeInterval(5)
            )
            #expect(renewed.nextVisibleAt == t0.addingTimeInterval(65) && renewed.popReceipt != taken.popReceipt)
            #expect(try await store.getMessages(queueID: q.id, limit: 1, visibilityTimeout: 10, at: t0.addingTimeInterval(20)).isEmpty)
            try await expectStoreError(.invalidState) { try await store.deleteMessage(queueID: q.id, id: put.id, popReceipt: taken.popReceipt!) }

            // New text, visible at once: the next get sees it, the dequeue count kept.
            await #expect(throws: HearthError.self) {
                _ = try await store.updateMessage(
                    queueID: q.id,
                    id: put.id,
                    popReceipt: renewed.popReceipt,
                    visibilityTimeout: 0,
                    body: Data(repeating: 1, count: 64 * 1024 + 1),
                    at: t0
                )
            }
            let changed = try await store.updateMessage(
                queueID: q.id,
                id: put.id,
                popReceipt: renewed.popReceipt,
                visibilityTimeout: 0,
                body: Data("v2".utf8),
                at: t0.addingTimeInterval(20)
            )
            let again = try await store.getMessages(queueID: q.id, limit: 1, visibilityTimeout: 10, at: t0.addingTimeInterval(20))
            #expect(again.map(\.text) == ["v2"] && again.first?.dequeueCount == 2 && again.first?.popReceipt != changed.popReceipt)
        }
    }

    @Test(arguments: StoreBackend.configured)
    func getTakesUpToTheLimitOldestFirstAndConcurrentConsumersNeverShareAMessage(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any ManagementStore = f.store
            let q = try await queue(f.store)
            let t0 = Self.start
            var ids: [UUID] = []
            for i in 0..<40 {
                ids.append(try await store.putMessage(queueID: q.id, body: Data("m\(i)".utf8), visibilityDelay: 0, timeToLive: nil, at: t0).id)
            }
            let batch = try await store.getMessages(queueID: q.id, limit: 5, visibilityTimeout: 30, at: t0)
            #expect(batch.map(\.id) == Array(ids.prefix(5)))
            #expect(Set(batch.compactMap(\.popReceipt)).count == 5)

            // Four consumers drain the rest at once: every message taken exactly once.
            let taken = try await withThrowingTaskGroup(of: [UUID].self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        var mine: [UUID] = []
                        while true {
                            let got = try await store.getMessages(queueID: q.id, limit: 3, visibilityTimeout: 30, at: t0)
                            if got.isEmpty { return mine }
                            mine += got.map(\.id)
                        }
                    }
                }
                return try await group.reduce(into: [UUID]()) { $0 += $1 }
            }
            #expect(taken.count == 35 && Set(taken) == Set(ids.dropFirst(5)))
            #expect(try await store.clearMessages(queueID: q.id) == 40)
            #expect(try await store.queueLength(queueID: q.id, at: t0) == 0)
        }
    }

    @Test(arguments: StoreBackend.configured)
    func oneQueryFindsWhichOfManyQueuesHaveVisibleMessages(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any ManagementStore = f.store
            let t0 = Self.start
            let busy = try await queue(f.store, "busy")
            let delayed = try await queue(f.store, "delayed")
            let leased = try await queue(f.store, "leased")
            let empty = try await queue(f.store, "empty")
            _ = try await store.putMessage(queueID: busy.id, body: Data("a".utf8), visibilityDelay: 0, timeToLive: nil, at: t0)
            _ = try await store.putMessage(queueID: delayed.id, body: Data("b".utf8), visibilityDelay: 10, timeToLive: nil, at: t0)
            _ = try await store.putMessage(queueID: leased.id, body: Data("c".utf8), visibilityDelay: 0, timeToLive: nil, at: t0)
            _ = try await store.getMessages(queueID: leased.id, limit: 1, visibilityTimeout: 30, at: t0)
            let all = [busy.id, delayed.id, leased.id, empty.id, UUID()]
            #expect(try await store.queuesWithVisibleMessages(all, at: t0) == [busy.id])
            #expect(try await store.queuesWithVisibleMessages(all, at: t0.addingTimeInterval(10)) == [busy.id, delayed.id])
            #expect(try await store.queuesWithVisibleMessages(all, at: t0.addingTimeInterval(30)) == [busy.id, delayed.id, leased.id])
            #expect(try await store.queuesWithVisibleMessages([], at: t0).isEmpty)
        }
    }

    @Test(arguments: StoreBackend.configured)
    func manyMessagesAreDeletedInOneCallAndThoseWhoseLeaseWasLostAreNamed(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any ManagementStore = f.store
            let q = try await queue(f.store, "batch")
            let t0 = Self.start
            for i in 0..<5 {
                _ = try await store.putMessage(queueID: q.id, body: Data("m\(i)".utf8), visibilityDelay: 0, timeToLive: nil, at: t0)
            }
            let taken = try await store.getMessages(queueID: q.id, limit: 5, visibilityTimeout: 30, at: t0)
            #expect(taken.count == 5)
            var receipts = taken.map { QueueMessageReceipt(queueID: q.id, id: $0.id, popReceipt: $0.popReceipt!) }
            // One was taken again by someone else meanwhile (stale receipt), one is not in this queue.
            receipts[1].popReceipt = "stale"
            receipts.append(QueueMessageReceipt(queueID: q.id, id: UUID(), popReceipt: "x"))
            #expect(try await store.deleteMessages([]).isEmpty)
            let refused = try await store.deleteMessages(receipts)
            #expect(Set(refused.keys) == [receipts[1].id, receipts[5].id])
            #expect(refused[receipts[1].id]?.code == .invalidState && refused[receipts[5].id]?.code == .notFound)
            // The others are gone; the refused one is still there, held by its lease.
            #expect(try await store.queueLength(queueID: q.id, at: t0) == 1)
            let again = try await store.getMessages(queueID: q.id, limit: 5, visibilityTimeout: 30, at: t0.addingTimeInterval(30))
            #expect(again.map(\.id) == [receipts[1].id])
        }
    }
}
