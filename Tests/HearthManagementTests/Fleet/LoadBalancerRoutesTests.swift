import Foundation
import HTTPTypes
import HearthCore
import HearthStore
import Testing

@testable import HearthManagement

@Suite struct LoadBalancerRoutesTests {
    @Test func adminsReadThePreFleetViewEveryAppOnTheOneWorker() async throws {
        let configuration = ManagementConfiguration(baseDomain: "FN.test", workerPublicURL: "http://10.0.0.9:7071")
        let instance = try await TestInstance(configuration: configuration)
        let orders = try await instance.seedApp("orders")
        try await instance.seedApp("billing")
        try await instance.store.setHostNames(appID: orders.id, ["shop.example.com"])
        try await instance.test { [adminToken = instance.adminToken] client in
            let response = try await client.call(.get, "/api/lb/haproxy", token: adminToken)
            #expect(response.status == .ok)
            let view = try JSONDecoder().decode(LoadBalancerFleetDTO.self, from: response.body)
            #expect(view.source.hasPrefix("pre-fleet"))
            #expect(view.fleet.workers == [.init(name: "10.0.0.9", address: "10.0.0.9:7071", state: .ready)])
            #expect(
                view.fleet.apps == [
                    .init(name: "billing", hostNames: ["billing.fn.test"], workers: ["10.0.0.9"]),
                    .init(name: "orders", hostNames: ["orders.fn.test", "shop.example.com"], workers: ["10.0.0.9"]),
                ]
            )
        }
    }

    @Test func onlyAdminsReadIt() async throws {
        let instance = try await TestInstance()
        try await instance.seedApp()
        let owner = try await instance.token(role: .owner, tenant: "acme")
        try await instance.test { client in
            let denied = try await client.call(.get, "/api/lb/haproxy", token: owner)
            #expect(denied.status == .forbidden)
            #expect(denied.errorMessage.contains("admin"))
            let anonymous = try await client.call(.get, "/api/lb/haproxy", token: nil)
            #expect(anonymous.status == .unauthorized)
        }
    }

    @Test func theSchemeGivesThePortAURLLeavesOut() {
        #expect(SingleWorkerFleetProvider.worker("https://fn.example.local")?.address == "fn.example.local:443")
        #expect(SingleWorkerFleetProvider.worker("http://fn.example.local/")?.address == "fn.example.local:80")
        #expect(SingleWorkerFleetProvider.worker("http://[fd00::9]:7071")?.address == "[fd00::9]:7071")
        #expect(SingleWorkerFleetProvider.worker("not a url") == nil)
    }
}
