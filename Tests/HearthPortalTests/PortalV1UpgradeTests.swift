import Foundation
import HTTPTypes
import HearthCore
import HearthPackages
import HearthStore
import HummingbirdTesting
import NIOCore
import Testing

@testable import HearthPortal

@Suite("Portal upload of a v1 app")
struct PortalV1UpgradeTests {
    static func v1Package() throws -> Data {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-portal-v1-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = [
            "host.json": "{}",
            "Nightly/function.json":
                #"{"disabled": true, "bindings": [{"type": "timerTrigger", "direction": "in", "name": "t", "schedule": "0 0 2 * * *"}]}"#,
            "Nightly/index.js": "module.exports = function (context, t) { context.done(); };",
        ]
        for (path, text) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return try PackageArchive.zipFolder(folder)
    }

    /// The deployments form's upload (``PortalDeploymentTests/multipart(_:boundary:)``), with the
    /// upgrade box ticked when `upgrade` is set.
    static func multipart(_ zip: Data, upgrade: Bool) -> ByteBuffer {
        var body = ByteBuffer()
        if upgrade { body.writeString("--hearth-test-boundary\r\nContent-Disposition: form-data; name=\"upgrade\"\r\n\r\ntrue\r\n") }
        var form = PortalDeploymentTests.multipart(zip)
        body.writeBuffer(&form)
        return body
    }

    @Test("the upload form's upgrade box upgrades a v1 app; without it the app is refused and nothing changes")
    func upgradeBox() async throws {
        let instance = try await PortalTestInstance()
        try await instance.seedApp("orders", tenant: "acme")
        let identity = try await instance.identity(.owner, tenant: "acme")
        let zip = try Self.v1Package()
        let headers: HTTPFields = [.contentType: "multipart/form-data; boundary=hearth-test-boundary"]
        let refused = try await instance.test(as: identity) { client in
            try await client.execute(uri: "/apps/orders/deployments", method: .post, headers: headers, body: Self.multipart(zip, upgrade: false)) {
                $0.status
            }
        }
        #expect(refused != .seeOther)
        let app = try #require(try await instance.store.app(named: "orders"))
        #expect(app.activeDeploymentID == nil)
        #expect(try await instance.store.settings(appID: app.id).isEmpty)

        let status = try await instance.test(as: identity) { client in
            try await client.execute(uri: "/apps/orders/deployments", method: .post, headers: headers, body: Self.multipart(zip, upgrade: true)) {
                $0.status
            }
        }
        #expect(status == .seeOther)
        let upgraded = try #require(try await instance.store.app(named: "orders"))
        let active = try #require(upgraded.activeDeploymentID)
        #expect(try await instance.store.deployment(id: active)?.originalPackageSHA256 != nil)
        let names = try await instance.store.settings(appID: app.id).map(\.name)
        #expect(names.contains("AzureWebJobs.Nightly.Disabled"))
        #expect(names.contains("FUNCTIONS_WORKER_RUNTIME"))
    }
}
