import Foundation
import HTTPTypes
import HearthCore
import HearthStore
import Testing

@testable import HearthManagement

/// `GET /api/apps/{app}/queue-account` and `/api/queue-accounts/{account}`: the account a queue
/// endpoint client names, with its keys only for roles that may read secrets, and another tenant's
/// account not found.
@Suite struct QueueAccountRoutesTests {
    @Test func ownersSeeTheKeysReadersDoNotAndOtherTenantsGetNotFound() async throws {
        let instance = try await TestInstance()
        let app = try await instance.seedApp()
        try await instance.seedApp("billing", tenant: "globex")
        let account = try await instance.store.defaultQueueAccount(tenantID: app.tenantID, at: Date())
        let keys = try #require(try await instance.store.queueAccountKeys(accountID: account.id))
        let owner = try await instance.token(role: .owner, tenant: "acme")
        let reader = try await instance.token(role: .reader, tenant: "acme")
        let globex = try await instance.token(role: .owner, tenant: "globex")
        try await instance.test { client in
            let shown = try await client.call(.get, "/api/apps/orders/queue-account", token: owner)
            #expect(shown.status == .ok && shown.json["name"] as? String == account.name)
            #expect(shown.json["primaryKey"] as? String == keys.primary.base64EncodedString())
            #expect(shown.json["secondaryKey"] as? String == keys.secondary.base64EncodedString())

            let read = try await client.call(.get, "/api/queue-accounts/\(account.name)", token: reader)
            #expect(read.status == .ok && read.json["name"] as? String == account.name)
            #expect(read.json["primaryKey"] == nil && read.json["secondaryKey"] == nil)

            let other = try await client.call(.get, "/api/queue-accounts/\(account.name)", token: globex)
            #expect(other.status == .notFound)
            #expect(!other.text.contains(keys.primary.base64EncodedString()))
        }
    }
}
