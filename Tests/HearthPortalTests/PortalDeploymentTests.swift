import Foundation
import HTTPTypes
import HearthCore
import HearthManagement
import HearthPackages
import HearthStore
import HummingbirdTesting
import NIOCore
import Testing

@testable import HearthPortal

@Suite("Portal deployments")
struct PortalDeploymentTests {
    /// A zip of a valid app with one HTTP function (`HttpHello`, route `hello/{name}`).
    static func package() throws -> Data {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-portal-app-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("HttpHello"), withIntermediateDirectories: true)
        try Data(#"{"version": "2.0"}"#.utf8).write(to: folder.appendingPathComponent("host.json"))
        let function =
            #"{"bindings": [{"type": "httpTrigger", "direction": "in", "name": "req", "authLevel": "function", "#
            + #""route": "hello/{name}", "methods": ["get"]}, {"type": "http", "direction": "out", "name": "res"}]}"#
        try Data(function.utf8).write(to: folder.appendingPathComponent("HttpHello/function.json"))
        try Data("//".utf8).write(to: folder.appendingPathComponent("HttpHello/index.js"))
        return try PackageArchive.zipFolder(folder)
    }

    /// A multipart upload of `zip` with the form's CSRF field and a message.
    static func multipart(_ zip: Data, boundary: String = "hearth-test-boundary") -> ByteBuffer {
        var body = Data()
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(PortalTestInstance.csrf)\r\n".utf8))
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"message\"\r\n\r\nfirst <release>\r\n".utf8))
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"package\"; filename=\"app.zip\"\r\n".utf8))
        body.append(Data("Content-Type: application/zip\r\n\r\n".utf8))
        body.append(zip)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        return ByteBuffer(bytes: body)
    }

    @Test("a multipart upload deploys; the app page lists the function with its route and URL; history shows it")
    func uploadAndShow() async throws {
        let instance = try await PortalTestInstance()
        try await instance.seedApp("orders", tenant: "acme")
        let identity = try await instance.identity(.owner, tenant: "acme")
        let zip = try Self.package()
        try await instance.test(as: identity) { client in
            var headers = HTTPFields()
            headers[.contentType] = "multipart/form-data; boundary=hearth-test-boundary"
            let status = try await client.execute(uri: "/apps/orders/deployments", method: .post, headers: headers, body: Self.multipart(zip)) {
                $0.status
            }
            #expect(status == .seeOther)
            let app = try await client.page("/apps/orders")
            #expect(app.body.contains("HttpHello"))
            #expect(app.body.contains("hello/{name}"))
            #expect(app.body.contains("Copy URL with key"))
            let history = try await client.page("/apps/orders/deployments")
            #expect(history.body.contains("first &lt;release&gt;"))
            #expect(history.body.contains("succeeded"))
        }
        let stored = try #require(try await instance.store.app(named: "orders"))
        #expect(stored.activeDeploymentID != nil)
    }

    @Test("a raw zip upload needs the X-CSRF-Token header")
    func rawUploadNeedsToken() async throws {
        let instance = try await PortalTestInstance()
        try await instance.seedApp("orders", tenant: "acme")
        let identity = try await instance.identity(.contributor, tenant: "acme")
        let zip = try Self.package()
        try await instance.test(as: identity) { client in
            var headers = HTTPFields()
            headers[.contentType] = "application/zip"
            let refused = try await client.execute(uri: "/apps/orders/deployments", method: .post, headers: headers, body: ByteBuffer(bytes: zip)) {
                $0.status
            }
            #expect(refused == .forbidden)
            headers[HTTPField.Name("X-CSRF-Token")!] = PortalTestInstance.csrf
            let accepted = try await client.execute(uri: "/apps/orders/deployments", method: .post, headers: headers, body: ByteBuffer(bytes: zip)) {
                $0.status
            }
            #expect(accepted == .seeOther)
        }
        #expect(try await instance.store.app(named: "orders")?.activeDeploymentID != nil)
    }

    @Test("the publish profile downloads for an owner and is a 403 page for a contributor")
    func publishProfile() async throws {
        let instance = try await PortalTestInstance()
        try await instance.seedApp("orders", tenant: "acme")
        let owner = try await instance.identity(.owner, tenant: "acme")
        try await instance.test(as: owner) { client in
            let profile = try await client.page("/apps/orders/publishprofile")
            #expect(profile.status == .ok)
            #expect(profile.headers[.contentDisposition]?.contains("orders.PublishSettings") == true)
            #expect(profile.body.contains("publishProfile"))
        }
        let contributor = try await instance.identity(.contributor, tenant: "acme")
        try await instance.test(as: contributor) { client in
            let refused = try await client.page("/apps/orders/publishprofile")
            #expect(refused.status == .forbidden)
            #expect(!refused.body.contains("userPWD"))
        }
    }

    @Test("the apps list shows the runtime as the host runs it: a customHandler in host.json is a custom handler")
    func customHandlerRuntime() async throws {
        let instance = try await PortalTestInstance()
        try await instance.seedApp("orders", tenant: "acme")
        let owner = try await instance.identity(.owner, tenant: "acme")
        let hostJSON = #"{"version": "2.0", "customHandler": {"description": {"defaultExecutablePath": "handler"}}}"#
        let zip = try PackageEditor(package: try Self.package(), limits: .init()).replacing(["host.json": Data(hostJSON.utf8)])
        let list = try await instance.test(as: owner) { client in
            var headers = HTTPFields()
            headers[.contentType] = "multipart/form-data; boundary=hearth-test-boundary"
            let status = try await client.execute(uri: "/apps/orders/deployments", method: .post, headers: headers, body: Self.multipart(zip)) {
                $0.status
            }
            #expect(status == .seeOther)
            return try await client.page("/apps").body
        }
        #expect(list.contains("<td>custom handler</td>"))
        #expect(!list.contains("not set"))
    }

    @Test("the runtime label follows the host's choice: customHandler first, then FUNCTIONS_WORKER_RUNTIME")
    func runtimeLabels() {
        #expect(AppWorkerKind(workerRuntime: "python", hasCustomHandler: true).label == "custom handler")
        #expect(AppWorkerKind(workerRuntime: nil, hasCustomHandler: true).label == "custom handler")
        #expect(AppWorkerKind(workerRuntime: "Custom", hasCustomHandler: nil).label == "custom handler")
        #expect(AppWorkerKind(workerRuntime: "Python", hasCustomHandler: false).label == "python")
        #expect(AppWorkerKind(workerRuntime: "node", hasCustomHandler: nil).label == "node")
        #expect(AppWorkerKind(workerRuntime: "dotnet-isolated", hasCustomHandler: false).label == "dotnet-isolated")
        #expect(AppWorkerKind(workerRuntime: nil, hasCustomHandler: false).label == "not set")
    }
}
