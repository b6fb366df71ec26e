import Foundation
import HTTPTypes
import HearthCore
import HearthStore
import Logging
import Testing

@testable import HearthManagement

@Suite struct InvocationAndTokenTests {
    @Test func invocationLogListsAndFilters() async throws {
        let instance = try await TestInstance()
        let app = try await instance.seedApp()
        let other = try await instance.seedApp("billing")
        let now = Date()
        var records = (0..<5).map { index in
            InvocationRecord(
                appID: app.id,
                functionName: index.isMultiple(of: 2) ? "HttpHello" : "Tick",
                trigger: index.isMultiple(of: 2) ? "http" : "timer",
                startedAt: now.addingTimeInterval(Double(index)),
                durationMilliseconds: 12.5,
                status: .succeeded,
                logs: ["line \(index)"]
            )
        }
        records.append(InvocationRecord(appID: other.id, functionName: "X", trigger: "http"))
        try await instance.store.writeInvocations(records)
        try await instance.test { [adminToken = instance.adminToken, records] client in
            let all = try await client.call(.get, "/api/apps/orders/invocations", token: adminToken)
            let items = try #require(all.json["invocations"] as? [[String: Any]])
            #expect(items.count == 5)
            #expect(items.first?["logs"] as? [String] == ["line 4"])
            let filtered = try await client.call(.get, "/api/apps/orders/invocations?function=Tick&limit=1", token: adminToken)
            #expect((filtered.json["invocations"] as? [[String: Any]])?.count == 1)
            #expect(((filtered.json["invocations"] as? [[String: Any]])?.first?["function"] as? String) == "Tick")
            let badLimit = try await client.call(.get, "/api/apps/orders/invocations?limit=5000", token: adminToken)
            #expect(badLimit.status == .badRequest)
            #expect(badLimit.errorMessage.contains("1000"))
            let one = try await client.call(.get, "/api/apps/orders/invocations/\(records[0].id)", token: adminToken)
            #expect(one.json["durationMs"] as? Double == 12.5)
            let foreign = try await client.call(.get, "/api/apps/orders/invocations/\(records[5].id)", token: adminToken)
            #expect(foreign.status == .notFound)
        }
    }

    @Test func retentionPrunesOldRecords() async throws {
        let instance = try await TestInstance()
        let app = try await instance.seedApp()
        try await instance.store.writeInvocations([
            InvocationRecord(appID: app.id, functionName: "Old", trigger: "http", startedAt: Date().addingTimeInterval(-8 * 86400)),
            InvocationRecord(appID: app.id, functionName: "New", trigger: "http"),
        ])
        let service = InvocationRetentionService(store: instance.store, retention: .seconds(7 * 86400), logger: Logger(label: "test"))
        #expect(await service.pruneOnce() == 1)
        #expect(try await instance.store.invocations(appID: app.id, functionName: nil, limit: 10).map(\.functionName) == ["New"])
    }

    @Test func tokenManagementIsAdminOnly() async throws {
        let instance = try await TestInstance()
        try await instance.store.createTenant(Tenant(name: "acme"))
        try await instance.test { [adminToken = instance.adminToken] client in
            let create = try await client.call(
                .post,
                "/api/tokens",
                token: adminToken,
                json: #"{"name": "ci", "role": "contributor", "tenant": "acme"}"#
            )
            #expect(create.status == .created)
            let secret = try #require(create.json["token"] as? String)
            #expect(secret.hasPrefix("hth_"))
            // The new token works, but cannot manage tokens.
            let denied = try await client.call(.get, "/api/tokens", token: secret)
            #expect(denied.status == .forbidden)
            #expect(denied.errorMessage.contains("admin"))
            let apps = try await client.call(.get, "/api/apps", token: secret)
            #expect(apps.status == .ok)

            let list = try await client.call(.get, "/api/tokens", token: adminToken)
            #expect((list.json["tokens"] as? [[String: Any]])?.count == 2)
            #expect(!list.text.contains(secret))
            #expect(!list.text.contains(adminToken))

            let badRole = try await client.call(.post, "/api/tokens", token: adminToken, json: #"{"name": "x", "role": "god", "tenant": "acme"}"#)
            #expect(badRole.status == .badRequest)
            #expect(badRole.errorMessage.contains("god"))
            let noTenant = try await client.call(.post, "/api/tokens", token: adminToken, json: #"{"name": "x", "role": "reader"}"#)
            #expect(noTenant.status == .badRequest)

            let adminID = try #require((list.json["tokens"] as? [[String: Any]])?.first { $0["role"] as? String == "admin" }?["id"] as? String)
            let lastAdmin = try await client.call(.delete, "/api/tokens/\(adminID)", token: adminToken)
            #expect(lastAdmin.status == .conflict)
            let ciID = try #require(create.json["id"] as? String)
            let delete = try await client.call(.delete, "/api/tokens/\(ciID)", token: adminToken)
            #expect(delete.status == .noContent)
            let revoked = try await client.call(.get, "/api/apps", token: secret)
            #expect(revoked.status == .unauthorized)
        }
        #expect(try await instance.store.tokens().count == 1)
    }
}
