import Foundation
import HTTPTypes
import HearthCore
import HearthStore
import Testing

@testable import HearthManagement

@Suite struct AuthTests {
    @Test func healthNeedsNoToken() async throws {
        let instance = try await TestInstance()
        try await instance.test { client in
            let response = try await client.call(.get, "/api/health", token: nil)
            #expect(response.status == .ok)
            #expect(response.json["status"] as? String == "ok")
        }
    }

    @Test func missingTokenIs401AndChangesNothing() async throws {
        let instance = try await TestInstance()
        try await instance.test { client in
            let response = try await client.call(.post, "/api/tenants", token: nil, json: #"{"name": "acme"}"#)
            #expect(response.status == .unauthorized)
            #expect(response.errorCode == "unauthorized")
            #expect(response.errorMessage.contains("Authorization: Bearer"))
        }
        #expect(try await instance.store.tenants().isEmpty)
    }

    @Test func wrongTokenIs401AndChangesNothing() async throws {
        let instance = try await TestInstance()
        try await instance.seedApp()
        let wrong = APITokenSecret.generate()
        try await instance.test { client in
            for (method, uri, json) in [
                (HTTPMethodBox.post, "/api/tenants", #"{"name": "other"}"#),
                (.delete, "/api/apps/orders", nil),
                (.put, "/api/apps/orders/settings/A", #"{"value": "1"}"#),
            ] as [(HTTPMethodBox, String, String?)] {
                let response = try await client.call(method.method, uri, token: wrong, json: json)
                #expect(response.status == .unauthorized)
                #expect(response.errorMessage.contains("not valid"))
            }
            let malformed = try await client.call(.get, "/api/apps", token: "not-a-token")
            #expect(malformed.status == .unauthorized)
            let basic = try await client.raw(.get, "/api/apps", authorization: "Basic YWRtaW46YWRtaW4=")
            #expect(basic.status == .unauthorized)
            #expect(basic.errorMessage.contains("Bearer"))
        }
        #expect(try await instance.store.tenants().map(\.name) == ["acme"])
        #expect(try await instance.store.app(named: "orders") != nil)
        #expect(try await instance.store.settings(appID: instance.app("orders").id).isEmpty)
    }

    @Test func bootstrapCreatesOneAdminTokenAndStoresOnlyItsHash() async throws {
        let instance = try await TestInstance()
        #expect(instance.adminToken.hasPrefix("hth_"))
        #expect(instance.adminToken.count == 4 + 43)
        #expect(try await AdminBootstrap.ensureAdminToken(store: instance.store) == nil)
        let tokens = try await instance.store.tokens()
        #expect(tokens.count == 1)
        #expect(tokens.first?.role == .admin)
        #expect(try await instance.store.token(secretHash: APITokenSecret.hash(instance.adminToken))?.id == tokens.first?.id)
        #expect(try await instance.store.token(secretHash: instance.adminToken) == nil)
    }

    @Test func readerCannotWrite() async throws {
        let instance = try await TestInstance()
        try await instance.seedApp()
        let reader = try await instance.token(role: .reader, tenant: "acme")
        try await instance.test { client in
            let list = try await client.call(.get, "/api/apps", token: reader)
            #expect(list.status == .ok)
            let write = try await client.call(.put, "/api/apps/orders/settings/A", token: reader, json: #"{"value": "1"}"#)
            #expect(write.status == .forbidden)
            #expect(write.errorMessage.contains("reader"))
            let delete = try await client.call(.delete, "/api/apps/orders", token: reader)
            #expect(delete.status == .forbidden)
        }
        #expect(try await instance.store.app(named: "orders") != nil)
        #expect(try await instance.store.settings(appID: instance.app("orders").id).isEmpty)
    }

    @Test func tenantTokenDoesNotSeeOtherTenants() async throws {
        let instance = try await TestInstance()
        try await instance.seedApp("orders", tenant: "acme")
        try await instance.seedApp("billing", tenant: "globex")
        let owner = try await instance.token(role: .owner, tenant: "acme")
        try await instance.test { client in
            let list = try await client.call(.get, "/api/apps", token: owner)
            let names = (list.json["apps"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
            #expect(names == ["orders"])
            let other = try await client.call(.get, "/api/apps/billing", token: owner)
            #expect(other.status == .notFound)
            #expect(other.errorMessage.contains("billing"))
            let delete = try await client.call(.delete, "/api/apps/billing", token: owner)
            #expect(delete.status == .notFound)
            let tenants = try await client.call(.get, "/api/tenants", token: owner)
            #expect((tenants.json["tenants"] as? [[String: Any]])?.count == 1)
            let createTenant = try await client.call(.post, "/api/tenants", token: owner, json: #"{"name": "mine"}"#)
            #expect(createTenant.status == .forbidden)
        }
        #expect(try await instance.store.app(named: "billing") != nil)
        #expect(try await instance.store.tenants().count == 2)
    }
}
