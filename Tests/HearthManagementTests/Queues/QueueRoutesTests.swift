import Foundation
import HTTPTypes
import HearthCore
import HearthStore
import Testing

@testable import HearthManagement

/// `/api/apps/{app}/queues` and `/api/queue-accounts/{account}/queues`: queues and messages of an
/// app's tenant, the same role checks and audit as the other routes, and bad input refused with
/// nothing changed.
@Suite struct QueueRoutesTests {
    @Test func aContributorCreatesAQueuePutsTakesAndDeletesAMessage() async throws {
        let instance = try await TestInstance()
        let app = try await instance.seedApp()
        let contributor = try await instance.token(role: .contributor, tenant: "acme")
        try await instance.test { client in
            let created = try await client.call(.put, "/api/apps/orders/queues/incoming", token: contributor)
            #expect(created.status == .created && created.json["name"] as? String == "incoming")
            #expect(try await client.call(.put, "/api/apps/orders/queues/incoming", token: contributor).status == .ok)

            let put = try await client.call(
                .post,
                "/api/apps/orders/queues/incoming/messages",
                token: contributor,
                json: #"{"text": "hello", "timeToLive": -1}"#
            )
            #expect(put.status == .created && put.json["text"] as? String == "hello")
            #expect(put.json["expirationTime"] as? String == "9999-12-31T23:59:59Z")

            let peeked = try await client.call(.get, "/api/apps/orders/queues/incoming/messages?count=5", token: contributor)
            let peekedMessages = try #require(peeked.json["messages"] as? [[String: Any]])
            #expect(peekedMessages.count == 1 && peekedMessages[0]["popReceipt"] == nil && peekedMessages[0]["dequeueCount"] as? Int == 0)

            let taken = try await client.call(
                .post,
                "/api/apps/orders/queues/incoming/leases",
                token: contributor,
                json: #"{"count": 2, "visibilityTimeout": 60}"#
            )
            let message = try #require((taken.json["messages"] as? [[String: Any]])?.first)
            #expect(message["dequeueCount"] as? Int == 1)
            let id = try #require(message["id"] as? String)
            let receipt = try #require(message["popReceipt"] as? String)
            // Held by the lease: nothing more to take, still counted.
            let again = try await client.call(.post, "/api/apps/orders/queues/incoming/leases", token: contributor)
            #expect((again.json["messages"] as? [Any])?.isEmpty == true)
            let shown = try await client.call(.get, "/api/apps/orders/queues/incoming", token: contributor)
            #expect(shown.json["approximateMessageCount"] as? Int == 1)

            let wrong = try await client.call(.delete, "/api/apps/orders/queues/incoming/messages/\(id)?popReceipt=stale", token: contributor)
            #expect(wrong.status == .conflict && wrong.errorMessage.contains("pop receipt"))
            let deleted = try await client.call(.delete, "/api/apps/orders/queues/incoming/messages/\(id)?popReceipt=\(receipt)", token: contributor)
            #expect(deleted.status == .noContent)

            for text in ["a", "b", "c"] {
                _ = try await client.call(.post, "/api/apps/orders/queues/incoming/messages", token: contributor, json: #"{"text": "\#(text)"}"#)
            }
            let cleared = try await client.call(.delete, "/api/apps/orders/queues/incoming/messages", token: contributor)
            #expect(cleared.json["deleted"] as? Int == 3)

            let listed = try await client.call(.get, "/api/apps/orders/queues", token: contributor)
            #expect((listed.json["queues"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["incoming"])
            #expect(try await client.call(.delete, "/api/apps/orders/queues/incoming", token: contributor).status == .noContent)
            #expect(try await client.call(.delete, "/api/apps/orders/queues/incoming", token: contributor).status == .notFound)
        }
        let actions = try await instance.store.auditEvents(AuditQuery(limit: 100)).map(\.action)
        for action in ["queue.update", "message.create", "lease.create", "message.delete", "queue.delete"] {
            #expect(actions.contains(action), "\(action) was not audited: \(actions)")
        }
        let account = try await instance.store.defaultQueueAccount(tenantID: app.tenantID, at: Date())
        #expect(try await instance.store.queues(accountID: account.id, prefix: "").isEmpty)
    }

    @Test func badInputIsRefusedClearlyAndChangesNothing() async throws {
        let instance = try await TestInstance()
        let app = try await instance.seedApp()
        let owner = try await instance.token(role: .owner, tenant: "acme")
        try await instance.test { client in
            for name in ["ab", "Orders", "-orders", "orders-", "or--ders", "or_ders", String(repeating: "a", count: 64)] {
                let refused = try await client.call(.put, "/api/apps/orders/queues/\(name)", token: owner)
                #expect(refused.status == .badRequest, "\(name)")
                #expect(refused.errorMessage.contains("3-63 characters of lower-case letters, digits and single hyphens"), "\(refused.text)")
            }
            #expect(try await client.call(.put, "/api/apps/orders/queues/jobs", token: owner).status == .created)
            let large = String(repeating: "x", count: 64 * 1024 + 1)
            let tooLarge = try await client.call(.post, "/api/apps/orders/queues/jobs/messages", token: owner, json: #"{"text": "\#(large)"}"#)
            #expect(tooLarge.status == .badRequest && tooLarge.errorMessage.contains("65536 bytes"), "\(tooLarge.errorMessage)")
            // Two-byte characters: 32 Ki of them are 64 KiB of UTF-8, one more is over.
            let wide = String(repeating: "é", count: 32 * 1024 + 1)
            let wideRefused = try await client.call(.post, "/api/apps/orders/queues/jobs/messages", token: owner, json: #"{"text": "\#(wide)"}"#)
            #expect(wideRefused.status == .badRequest)
            let badTimeout = try await client.call(
                .post,
                "/api/apps/orders/queues/jobs/messages",
                token: owner,
                json: #"{"text": "x", "visibilityTimeout": 700000}"#
            )
            #expect(badTimeout.status == .badRequest && badTimeout.errorMessage.contains("visibility timeout"))
            let unknown = try await client.call(.post, "/api/apps/orders/queues/nosuchqueue/messages", token: owner, json: #"{"text": "x"}"#)
            #expect(unknown.status == .notFound && unknown.errorMessage.contains("no queue named 'nosuchqueue'"))
            let badCount = try await client.call(.get, "/api/apps/orders/queues/jobs/messages?count=33", token: owner)
            #expect(badCount.status == .badRequest)
            let noReceipt = try await client.call(.delete, "/api/apps/orders/queues/jobs/messages/\(UUID())", token: owner)
            #expect(noReceipt.status == .badRequest && noReceipt.errorMessage.contains("popReceipt"))
            let unknownAccount = try await client.call(.get, "/api/queue-accounts/nosuchaccount/queues", token: owner)
            #expect(unknownAccount.status == .notFound)
        }
        let account = try await instance.store.defaultQueueAccount(tenantID: app.tenantID, at: Date())
        let queues = try await instance.store.queues(accountID: account.id, prefix: "")
        #expect(queues.map(\.name.rawValue) == ["jobs"])
        #expect(try await instance.store.queueLength(queueID: queues[0].id, at: Date()) == 0)
    }

    @Test func anotherTenantsQueuesAreNotFoundAndReadersCannotChangeThem() async throws {
        let instance = try await TestInstance()
        let acmeApp = try await instance.seedApp("orders", tenant: "acme")
        try await instance.seedApp("billing", tenant: "globex")
        let account = try await instance.store.defaultQueueAccount(tenantID: acmeApp.tenantID, at: Date())
        let queue = QueueRecord(accountID: account.id, name: try QueueName("secret-jobs"))
        _ = try await instance.store.createQueue(queue)
        _ = try await instance.store.putMessage(queueID: queue.id, body: Data("acme only".utf8), visibilityDelay: 0, timeToLive: nil, at: Date())
        let globex = try await instance.token(role: .owner, tenant: "globex")
        let reader = try await instance.token(role: .reader, tenant: "acme")
        try await instance.test { client in
            for (method, path) in [
                (HTTPRequest.Method.get, "/api/apps/orders/queues"),
                (.get, "/api/queue-accounts/\(account.name)/queues"),
                (.get, "/api/queue-accounts/\(account.name)/queues/secret-jobs/messages"),
                (.post, "/api/queue-accounts/\(account.name)/queues/secret-jobs/leases"),
                (.delete, "/api/queue-accounts/\(account.name)/queues/secret-jobs/messages"),
                (.delete, "/api/queue-accounts/\(account.name)/queues/secret-jobs"),
            ] {
                let response = try await client.call(method, path, token: globex)
                #expect(response.status == .notFound, "\(method) \(path)")
                #expect(!response.text.contains("acme only"))
            }
            // The owning tenant's reader reads by account name, but cannot change anything.
            let peek = try await client.call(.get, "/api/queue-accounts/\(account.name)/queues/secret-jobs/messages", token: reader)
            #expect(peek.status == .ok && peek.text.contains("acme only"))
            #expect(try await client.call(.post, "/api/apps/orders/queues/secret-jobs/leases", token: reader).status == .forbidden)
            #expect(try await client.call(.delete, "/api/apps/orders/queues/secret-jobs/messages", token: reader).status == .forbidden)
            #expect(try await client.call(.put, "/api/apps/orders/queues/more", token: reader).status == .forbidden)
        }
        #expect(try await instance.store.queueLength(queueID: queue.id, at: Date()) == 1)
        #expect(try await instance.store.queues(accountID: account.id, prefix: "").map(\.name.rawValue) == ["secret-jobs"])
    }

    @Test func readsAndRefusedChangesMakeNoQueueAccount() async throws {
        let instance = try await TestInstance()
        let app = try await instance.seedApp("orders", tenant: "acme")
        let reader = try await instance.token(role: .reader, tenant: "acme")
        let contributor = try await instance.token(role: .contributor, tenant: "acme")
        try await instance.test { client in
            let list = try await client.call(.get, "/api/apps/orders/queues", token: reader)
            #expect(list.status == .ok && (list.json["queues"] as? [Any])?.isEmpty == true, "\(list.text)")
            #expect(try await client.call(.get, "/api/apps/orders/queues/jobs", token: reader).status == .notFound)
            #expect(try await client.call(.get, "/api/apps/orders/queues/jobs/messages", token: reader).status == .notFound)
            #expect(try await client.call(.put, "/api/apps/orders/queues/jobs", token: reader).status == .forbidden)
            #expect(try await instance.store.queueAccounts(tenantID: app.tenantID).isEmpty)
            // The list names the account the first queue will make.
            #expect(try await client.call(.put, "/api/apps/orders/queues/jobs", token: contributor).status == .created)
            let account = try #require(try await instance.store.queueAccounts(tenantID: app.tenantID).first)
            #expect(list.json["account"] as? String == account.name)
        }
    }

    @Test func anAdminsChangeByAccountNameIsAuditedUnderTheAccountsTenant() async throws {
        let instance = try await TestInstance()
        let app = try await instance.seedApp("orders", tenant: "acme")
        let account = try await instance.store.defaultQueueAccount(tenantID: app.tenantID, at: Date())
        _ = try await instance.store.createQueue(QueueRecord(accountID: account.id, name: try QueueName("jobs")))
        try await instance.test { client in
            let cleared = try await client.call(.delete, "/api/queue-accounts/\(account.name)/queues/jobs/messages", token: instance.adminToken)
            #expect(cleared.status == .ok)
        }
        let events = try await instance.store.auditEvents(AuditQuery(limit: 100))
        let event = try #require(events.first { $0.action.hasPrefix("message.") }, "\(events)")
        #expect(event.tenantID == app.tenantID)
    }
}
