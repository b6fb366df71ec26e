import Foundation
import HTTPTypes
import HearthCore
import HearthStore
import Testing

@testable import HearthManagement

@Suite struct DeploymentTests {
    @Test func deployActivatesAndReportsFunctionURLs() async throws {
        var configuration = ManagementConfiguration()
        configuration.baseDomain = "fn.example.local"
        configuration.workerPublicURL = "http://127.0.0.1:7071"
        let instance = try await TestInstance(configuration: configuration)
        try await instance.seedApp()
        let zip = try ZipBuilder.zip(SampleApps.two)
        try await instance.test { [adminToken = instance.adminToken] client in
            let response = try await client.call(.post, "/api/apps/orders/deployments?author=ci&message=first", token: adminToken, data: zip)
            #expect(response.status == .created, "\(response.text)")
            #expect(response.json["active"] as? Bool == true)
            #expect(response.json["functionNames"] as? [String] == ["HttpHello", "Tick"])
            #expect(response.json["author"] as? String == "ci")
            let functions = try #require(response.json["functions"] as? [[String: Any]])
            let http = try #require(functions.first { $0["name"] as? String == "HttpHello" })
            #expect(http["invokeUrl"] as? String == "http://orders.fn.example.local:7071/api/hello/{name}")
            #expect(http["invokeUrlPath"] as? String == "http://127.0.0.1:7071/_app/orders/api/hello/{name}")
            #expect(http["authLevel"] as? String == "function")
            let timer = try #require(functions.first { $0["name"] as? String == "Tick" })
            #expect(timer["schedule"] as? String == "0 */5 * * * *")

            let show = try await client.call(.get, "/api/apps/orders", token: adminToken)
            #expect(show.status == .ok)
            #expect((show.json["functions"] as? [[String: Any]])?.count == 2)
            #expect((show.json["activeDeployment"] as? [String: Any])?["id"] as? String == response.json["id"] as? String)
        }
        let app = try await instance.app("orders")
        let deployments = try await instance.store.deployments(appID: app.id)
        #expect(deployments.count == 1)
        #expect(app.activeDeploymentID == deployments.first?.id)
        #expect(deployments.first?.packageSHA256 == SHA256Hex.of(zip))
        #expect(try await instance.store.package(sha256: SHA256Hex.of(zip)) == zip)
        // Every function got a default key.
        let keys = try await instance.store.keys(appID: app.id).filter { $0.scope == .function }
        #expect(Set(keys.compactMap(\.functionName)) == ["HttpHello", "Tick"])
    }

    @Test func historyNewestFirstAndReactivation() async throws {
        let instance = try await TestInstance()
        try await instance.seedApp()
        let first = try ZipBuilder.zip(SampleApps.hello)
        let second = try ZipBuilder.zip(SampleApps.two)
        try await instance.test { [adminToken = instance.adminToken] client in
            let one = try await client.call(.post, "/api/apps/orders/deployments", token: adminToken, data: first)
            try await Task.sleep(for: .milliseconds(20))
            let two = try await client.call(.post, "/api/apps/orders/deployments", token: adminToken, data: second)
            #expect(one.status == .created && two.status == .created)
            let firstID = try #require(one.json["id"] as? String)
            let secondID = try #require(two.json["id"] as? String)

            let list = try await client.call(.get, "/api/apps/orders/deployments", token: adminToken)
            let ids = (list.json["deployments"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
            #expect(ids == [secondID, firstID])

            let activate = try await client.call(.post, "/api/apps/orders/deployments/\(firstID)/activate", token: adminToken)
            #expect(activate.status == .ok)
            let show = try await client.call(.get, "/api/apps/orders/deployments/\(firstID)", token: adminToken)
            #expect(show.json["active"] as? Bool == true)
        }
        let app = try await instance.app("orders")
        #expect(app.activeDeploymentID?.uuidString == (try await instance.store.deployments(appID: app.id)).last?.id.uuidString)
    }

    @Test func uploadWithoutActivating() async throws {
        let instance = try await TestInstance()
        try await instance.seedApp()
        let zip = try ZipBuilder.zip(SampleApps.hello)
        try await instance.test { [adminToken = instance.adminToken] client in
            let response = try await client.call(.post, "/api/apps/orders/deployments?activate=false", token: adminToken, data: zip)
            #expect(response.status == .created)
            #expect(response.json["active"] as? Bool == false)
        }
        let app = try await instance.app("orders")
        #expect(app.activeDeploymentID == nil)
        #expect(try await instance.store.deployments(appID: app.id).count == 1)
    }

    @Test func unknownDeploymentIs404() async throws {
        let instance = try await TestInstance()
        try await instance.seedApp()
        try await instance.test { [adminToken = instance.adminToken] client in
            let id = UUID()
            let response = try await client.call(.post, "/api/apps/orders/deployments/\(id)/activate", token: adminToken)
            #expect(response.status == .notFound)
            #expect(response.errorMessage.contains(id.uuidString))
            let bad = try await client.call(.get, "/api/apps/orders/deployments/nope", token: adminToken)
            #expect(bad.status == .badRequest)
        }
        #expect(try await instance.app("orders").activeDeploymentID == nil)
    }
}
