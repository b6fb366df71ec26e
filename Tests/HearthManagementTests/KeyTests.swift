import Foundation
import HTTPTypes
import HearthCore
import HearthStore
import Testing

@testable import HearthManagement

@Suite struct KeyTests {
    /// `orders` serving SampleApps.hello (function HttpHello), created through the API so it has its keys.
    func deployed() async throws -> TestInstance {
        let instance = try await TestInstance()
        try await instance.store.createTenant(Tenant(name: "acme"))
        let zip = try ZipBuilder.zip(SampleApps.hello)
        try await instance.test { [adminToken = instance.adminToken] client in
            let app = try await client.call(.post, "/api/apps", token: adminToken, json: #"{"name": "orders", "tenant": "acme"}"#)
            #expect(app.status == .created)
            let deployment = try await client.call(.post, "/api/apps/orders/deployments", token: adminToken, data: zip)
            #expect(deployment.status == .created)
        }
        return instance
    }

    @Test func functionKeysInAzureShape() async throws {
        let instance = try await deployed()
        try await instance.test { [adminToken = instance.adminToken] client in
            let list = try await client.call(.get, "/api/apps/orders/admin/functions/HttpHello/keys", token: adminToken)
            #expect(list.status == .ok)
            let keys = try #require(list.json["keys"] as? [[String: Any]])
            #expect(keys.map { $0["name"] as? String } == ["default"])
            #expect((keys.first?["value"] as? String)?.isEmpty == false)
            #expect((list.json["links"] as? [[String: Any]])?.first?["rel"] as? String == "self")

            let put = try await client.call(
                .put,
                "/api/apps/orders/admin/functions/HttpHello/keys/ci",
                token: adminToken,
                json: #"{"name": "ci", "value": "abcdefghijklmnop_-="}"#
            )
            #expect(put.status == .created)
            #expect(put.json["value"] as? String == "abcdefghijklmnop_-=")
            let update = try await client.call(
                .put,
                "/api/apps/orders/admin/functions/HttpHello/keys/ci",
                token: adminToken,
                json: #"{"name": "ci", "value": "ZYXWVUTSRQPONMLKJIH"}"#
            )
            #expect(update.status == .ok)
            let generated = try await client.call(.post, "/api/apps/orders/admin/functions/HttpHello/keys/gen", token: adminToken)
            #expect(generated.status == .created)
            #expect((generated.json["value"] as? String)?.count ?? 0 >= 40)
            let one = try await client.call(.get, "/api/apps/orders/admin/functions/HttpHello/keys/ci", token: adminToken)
            #expect(one.json["value"] as? String == "ZYXWVUTSRQPONMLKJIH")
            let delete = try await client.call(.delete, "/api/apps/orders/admin/functions/HttpHello/keys/ci", token: adminToken)
            #expect(delete.status == .noContent)
            let again = try await client.call(.delete, "/api/apps/orders/admin/functions/HttpHello/keys/ci", token: adminToken)
            #expect(again.status == .notFound)
        }
    }

    @Test func badKeyValuesAndUnknownFunctionsChangeNothing() async throws {
        let instance = try await deployed()
        let app = try await instance.app("orders")
        let before = try await instance.store.keys(appID: app.id)
        try await instance.test { [adminToken = instance.adminToken] client in
            let short = try await client.call(
                .put,
                "/api/apps/orders/admin/functions/HttpHello/keys/ci",
                token: adminToken,
                json: #"{"name": "ci", "value": "short"}"#
            )
            #expect(short.status == .badRequest)
            #expect(short.errorMessage.contains("at least 16 characters"))
            let chars = try await client.call(
                .put,
                "/api/apps/orders/admin/host/keys/ci",
                token: adminToken,
                json: #"{"name": "ci", "value": "abcdefghijklmnop/+"}"#
            )
            #expect(chars.status == .badRequest)
            let unknown = try await client.call(.post, "/api/apps/orders/admin/functions/Nope/keys/x", token: adminToken)
            #expect(unknown.status == .notFound)
            #expect(unknown.errorMessage.contains("Nope"))
            #expect(unknown.errorMessage.contains("HttpHello"))
            let badName = try await client.call(.post, "/api/apps/orders/admin/host/keys/bad%20name", token: adminToken)
            #expect(badName.status == .badRequest)
            let master = try await client.call(.delete, "/api/apps/orders/admin/host/keys/_master", token: adminToken)
            #expect(master.status == .badRequest)
        }
        let after = try await instance.store.keys(appID: app.id)
        #expect(Set(after.map(\.value)) == Set(before.map(\.value)))
    }

    @Test func hostSystemAndMasterKeys() async throws {
        let instance = try await deployed()
        try await instance.test { [adminToken = instance.adminToken] client in
            let host = try await client.call(.get, "/api/apps/orders/admin/host/keys", token: adminToken)
            #expect((host.json["keys"] as? [[String: Any]])?.map { $0["name"] as? String } == ["default"])
            let system = try await client.call(.post, "/api/apps/orders/admin/host/systemkeys/durabletask_extension", token: adminToken)
            #expect(system.status == .created)
            let systemList = try await client.call(.get, "/api/apps/orders/admin/host/systemkeys", token: adminToken)
            #expect((systemList.json["keys"] as? [[String: Any]])?.count == 1)

            let master = try await client.call(.get, "/api/apps/orders/admin/host/keys/_master", token: adminToken)
            #expect(master.json["name"] as? String == "master")
            let oldValue = try #require(master.json["value"] as? String)
            let regenerated = try await client.call(.post, "/api/apps/orders/admin/host/keys/_master", token: adminToken)
            #expect(regenerated.status == .ok)
            #expect(regenerated.json["name"] as? String == "master")
            #expect(regenerated.json["value"] as? String != oldValue)
        }
        let keys = try await instance.store.keys(appID: instance.app("orders").id)
        #expect(keys.filter { $0.scope == .master }.count == 1)
    }

    @Test func contributorSeesValuesOnlyOfKeysItMakes() async throws {
        let instance = try await deployed()
        let contributor = try await instance.token(role: .contributor, tenant: "acme")
        let reader = try await instance.token(role: .reader, tenant: "acme")
        try await instance.test { client in
            let list = try await client.call(.get, "/api/apps/orders/admin/functions/HttpHello/keys", token: contributor)
            #expect(list.status == .ok)
            #expect((list.json["keys"] as? [[String: Any]])?.first?["value"] is NSNull)
            let master = try await client.call(.get, "/api/apps/orders/admin/host/keys/_master", token: contributor)
            #expect(master.json["value"] is NSNull)
            let made = try await client.call(.post, "/api/apps/orders/admin/functions/HttpHello/keys/mine", token: contributor)
            #expect(made.status == .created)
            #expect((made.json["value"] as? String)?.isEmpty == false)
            let readerWrite = try await client.call(.post, "/api/apps/orders/admin/functions/HttpHello/keys/r", token: reader)
            #expect(readerWrite.status == .forbidden)
        }
        let keys = try await instance.store.keys(appID: instance.app("orders").id)
        #expect(keys.contains { $0.name == "mine" })
        #expect(!keys.contains { $0.name == "r" })
    }
}
