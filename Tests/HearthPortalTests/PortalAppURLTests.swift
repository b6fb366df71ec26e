import Foundation
import HearthCore
import HearthManagement
import HearthStore
import HummingbirdTesting
import Testing

@testable import HearthPortal

/// The app's URL the apps list and every app page show: where the function host serves the app, with
/// its scheme and port, not a made-up `https://{app}.{domain}/`.
@Suite("Portal app URLs")
struct PortalAppURLTests {
    @Test("the apps list and the app's pages show the function host's scheme and port")
    func urlsNameTheFunctionHost() async throws {
        let instance = try await PortalTestInstance()
        try await instance.seedApp("orders", tenant: "acme")
        let identity = try await instance.identity(.owner, tenant: "acme")
        let configuration = ManagementConfiguration(workerPublicURL: "http://127.0.0.1:7171")
        try await instance.test(as: identity, configuration: configuration) { client in
            for uri in ["/apps", "/apps/orders", "/apps/orders/deployments", "/apps/orders/keys"] {
                let page = try await client.page(uri)
                #expect(page.body.contains("href=\"http://orders.localhost:7171/\""), "\(uri)")
                #expect(!page.body.contains("https://orders.localhost/"), "\(uri)")
            }
        }
    }

    @Test("the apps list and the app's pages follow the function host URL an admin set in the instance settings")
    func urlsFollowTheInstanceSettings() async throws {
        let instance = try await PortalTestInstance()
        try await instance.seedApp("orders", tenant: "acme")
        try await instance.store.setInstanceSettings(InstanceSettings(functionHostURL: "https://fn.example.com:8443"))
        let identity = try await instance.identity(.owner, tenant: "acme")
        let configuration = ManagementConfiguration(workerPublicURL: "http://127.0.0.1:7171")
        try await instance.test(as: identity, configuration: configuration) { client in
            for uri in ["/apps", "/apps/orders", "/apps/orders/settings"] {
                let page = try await client.page(uri)
                #expect(page.body.contains("href=\"https://orders.localhost:8443/\""), "\(uri)")
                #expect(!page.body.contains(":7171"), "\(uri)")
            }
        }
    }
}
