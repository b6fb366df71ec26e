import Foundation
import HTTPTypes
import HearthCore
import HearthStore
import Testing

@testable import HearthManagement

@Suite struct TenantAndAppTests {
    @Test func tenantLifecycle() async throws {
        let instance = try await TestInstance()
        try await instance.test { [adminToken = instance.adminToken] client in
            let create = try await client.call(.post, "/api/tenants", token: adminToken, json: #"{"name": "acme"}"#)
            #expect(create.status == .created)
            let duplicate = try await client.call(.post, "/api/tenants", token: adminToken, json: #"{"name": "acme"}"#)
            #expect(duplicate.status == .conflict)
            #expect(duplicate.errorMessage.contains("acme"))
            let bad = try await client.call(.post, "/api/tenants", token: adminToken, json: #"{"name": "Not_A_Label"}"#)
            #expect(bad.status == .badRequest)
            #expect(bad.errorCode == "invalid_name")
            let list = try await client.call(.get, "/api/tenants", token: adminToken)
            #expect((list.json["tenants"] as? [[String: Any]])?.count == 1)
            let show = try await client.call(.get, "/api/tenants/acme", token: adminToken)
            #expect(show.json["name"] as? String == "acme")
            let missing = try await client.call(.get, "/api/tenants/nope", token: adminToken)
            #expect(missing.status == .notFound)
            #expect(missing.errorMessage.contains("nope"))
        }
        #expect(try await instance.store.tenants().map(\.name) == ["acme"])
    }

    @Test func malformedJSONBodyIs400AndChangesNothing() async throws {
        let instance = try await TestInstance()
        try await instance.test { [adminToken = instance.adminToken] client in
            let broken = try await client.call(.post, "/api/tenants", token: adminToken, json: #"{"name": "#)
            #expect(broken.status == .badRequest)
            #expect(broken.errorCode == "invalid_json")
            #expect(broken.errorMessage.contains("not valid JSON"))
            let missing = try await client.call(.post, "/api/tenants", token: adminToken, json: #"{"title": "acme"}"#)
            #expect(missing.status == .badRequest)
            #expect(missing.errorMessage.contains("$.name"))
            let wrongType = try await client.call(.post, "/api/tenants", token: adminToken, json: #"{"name": 42}"#)
            #expect(wrongType.status == .badRequest)
            #expect(wrongType.errorMessage.contains("a string"))
        }
        #expect(try await instance.store.tenants().isEmpty)
    }

    @Test func deletingTenantWithAppsNeedsForce() async throws {
        let instance = try await TestInstance()
        try await instance.seedApp()
        try await instance.test { [adminToken = instance.adminToken] client in
            let refused = try await client.call(.delete, "/api/tenants/acme", token: adminToken)
            #expect(refused.status == .conflict)
            #expect(refused.errorMessage.contains("orders"))
            let forced = try await client.call(.delete, "/api/tenants/acme?force=true", token: adminToken)
            #expect(forced.status == .noContent)
        }
        #expect(try await instance.store.tenants().isEmpty)
        #expect(try await instance.store.app(named: "orders") == nil)
    }

    @Test func appLifecycleCreatesMasterAndHostKeys() async throws {
        let instance = try await TestInstance()
        let acme = Tenant(name: "acme")
        try await instance.store.createTenant(acme)
        try await instance.store.addTenantDomain(TenantDomain(suffix: "example.com", tenantID: acme.id))
        try await instance.test { [adminToken = instance.adminToken] client in
            let create = try await client.call(
                .post,
                "/api/apps",
                token: adminToken,
                json: #"{"name": "orders", "tenant": "acme", "hostNames": ["Orders.Example.com"]}"#
            )
            #expect(create.status == .created, "\(create.text)")
            #expect(create.json["hostNames"] as? [String] == ["orders.example.com"])
            #expect(create.json["defaultHostName"] as? String == "orders.localhost")
            let duplicate = try await client.call(.post, "/api/apps", token: adminToken, json: #"{"name": "orders", "tenant": "acme"}"#)
            #expect(duplicate.status == .conflict)
            let badName = try await client.call(.post, "/api/apps", token: adminToken, json: #"{"name": "-bad-", "tenant": "acme"}"#)
            #expect(badName.status == .badRequest)
            #expect(badName.errorMessage.contains("-bad-"))
            let noTenant = try await client.call(.post, "/api/apps", token: adminToken, json: #"{"name": "other", "tenant": "ghost"}"#)
            #expect(noTenant.status == .notFound)
            #expect(noTenant.errorMessage.contains("ghost"))
            let hosts = try await client.call(
                .put,
                "/api/apps/orders/hostnames",
                token: adminToken,
                json: #"{"hostNames": ["a.example.com", "b.example.com"]}"#
            )
            #expect(hosts.status == .ok)
            let badHost = try await client.call(.put, "/api/apps/orders/hostnames", token: adminToken, json: #"{"hostNames": ["no spaces.com"]}"#)
            #expect(badHost.status == .badRequest)
            let show = try await client.call(.get, "/api/apps/orders", token: adminToken)
            #expect((show.json["app"] as? [String: Any])?["hostNames"] as? [String] == ["a.example.com", "b.example.com"])
            let unknown = try await client.call(.get, "/api/apps/ghost", token: adminToken)
            #expect(unknown.status == .notFound)
            #expect(unknown.errorMessage.contains("ghost"))
        }
        let app = try await instance.app("orders")
        let keys = try await instance.store.keys(appID: app.id)
        #expect(keys.contains { $0.scope == .master && $0.name == "master" })
        #expect(keys.contains { $0.scope == .host && $0.name == "default" })
        #expect(try await instance.store.apps(tenantID: nil).count == 1)
        try await instance.test { [adminToken = instance.adminToken] client in
            let delete = try await client.call(.delete, "/api/apps/orders", token: adminToken)
            #expect(delete.status == .noContent)
        }
        #expect(try await instance.store.app(named: "orders") == nil)
    }

    @Test func tenantTokenCreatesAppsInItsTenant() async throws {
        let instance = try await TestInstance()
        try await instance.store.createTenant(Tenant(name: "acme"))
        try await instance.store.createTenant(Tenant(name: "globex"))
        let contributor = try await instance.token(role: .contributor, tenant: "acme")
        try await instance.test { client in
            let own = try await client.call(.post, "/api/apps", token: contributor, json: #"{"name": "orders"}"#)
            #expect(own.status == .created)
            #expect(own.json["tenant"] as? String == "acme")
            let other = try await client.call(.post, "/api/apps", token: contributor, json: #"{"name": "spy", "tenant": "globex"}"#)
            #expect(other.status == .notFound)
        }
        #expect(try await instance.store.apps(tenantID: nil).map(\.name) == ["orders"])
    }
}
