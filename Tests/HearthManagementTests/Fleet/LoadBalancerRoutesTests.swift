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

    @Test func registeredWorkersAndPlacementsMakeTheView() async throws {
        let configuration = ManagementConfiguration(baseDomain: "fn.test", workerPublicURL: "http://10.0.0.9:7071")
        let instance = try await TestInstance(configuration: configuration)
        let orders = try await instance.seedApp("orders")
        try await instance.seedApp("billing")
        let now = Date()
        var ids: [String: UUID] = [:]
        for name in ["w1", "w2", "w3"] {
            let registration = WorkerRegistration(name: name, advertiseURL: "http://\(name).lan:7071", capacityMB: 1024, labels: [:], version: "1")
            guard case .admitted(let record) = try await instance.store.registerWorker(registration, credentialHash: nil, at: now) else {
                Issue.record("\(name) was not admitted")
                return
            }
            ids[name] = record.id
        }
        #expect(try await instance.store.setWorkerDraining(named: "w2", true))
        #expect(try await instance.store.revokeWorker(named: "w3"))
        try await instance.store.replacePlacements(appID: orders.id, workerIDs: [ids["w2"]!], at: now)
        try await instance.test { [adminToken = instance.adminToken] client in
            let response = try await client.call(.get, "/api/lb/haproxy", token: adminToken)
            #expect(response.status == .ok)
            let view = try JSONDecoder().decode(LoadBalancerFleetDTO.self, from: response.body)
            #expect(view.source.hasPrefix("store"))
            #expect(
                view.fleet.workers == [
                    .init(name: "w1", address: "w1.lan:7071", state: .ready),
                    .init(name: "w2", address: "w2.lan:7071", state: .draining),
                    .init(name: "w3", address: "w3.lan:7071", state: .revoked),
                ]
            )
            // Placed apps go to their workers; an app not placed yet is on every worker not revoked.
            #expect(
                view.fleet.apps == [
                    .init(name: "billing", hostNames: ["billing.fn.test"], workers: ["w1", "w2"]),
                    .init(name: "orders", hostNames: ["orders.fn.test"], workers: ["w2"]),
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
