import Foundation
import HTTPTypes
import HearthCore
import HearthStore
import HummingbirdTesting
import NIOCore
import Testing

@testable import HearthPortal

@Suite("Portal keys")
struct PortalKeysTests {
    /// An owner's portal with `orders` deployed (one function, `HttpHello`).
    static func deployedInstance() async throws -> (PortalTestInstance, PortalIdentity) {
        let instance = try await PortalTestInstance()
        try await instance.seedApp("orders", tenant: "acme")
        let identity = try await instance.identity(.owner, tenant: "acme")
        let zip = try PortalDeploymentTests.package()
        try await instance.test(as: identity) { client in
            var headers = HTTPFields()
            headers[.contentType] = "multipart/form-data; boundary=hearth-test-boundary"
            let body = PortalDeploymentTests.multipart(zip)
            let status = try await client.execute(uri: "/apps/orders/deployments", method: .post, headers: headers, body: body) {
                $0.status
            }
            #expect(status == .seeOther)
        }
        return (instance, identity)
    }

    @Test("a function key is stored under the function's name as the deployment spells it")
    func functionKeyTakesTheDeploymentsSpelling() async throws {
        let (instance, identity) = try await Self.deployedInstance()
        try await instance.test(as: identity) { client in
            let fields = [("csrf", PortalTestInstance.csrf), ("name", "ci"), ("function", "httphello")]
            let created = try await client.form("/apps/orders/keys", fields)
            #expect(created.status == .seeOther)
        }
        let app = try #require(try await instance.store.app(named: "orders"))
        let key = try #require(try await instance.store.keys(appID: app.id).first { $0.name == "ci" })
        #expect(key.scope == .function)
        #expect(key.functionName == "HttpHello")
    }

    @Test("a function key for a function the app does not have is refused, naming the functions it has")
    func functionKeyForAnUnknownFunctionIsRefused() async throws {
        let (instance, identity) = try await Self.deployedInstance()
        try await instance.test(as: identity) { client in
            let fields = [("csrf", PortalTestInstance.csrf), ("name", "ci"), ("function", "Nope")]
            let refused = try await client.form("/apps/orders/keys", fields)
            #expect(refused.status == .notFound)
            #expect(refused.body.contains("no function named"), "\(refused.body)")
            #expect(refused.body.contains("Nope"))
            #expect(refused.body.contains("HttpHello"))
        }
        let app = try #require(try await instance.store.app(named: "orders"))
        #expect(try await instance.store.keys(appID: app.id).contains { $0.name == "ci" } == false)
    }
}
