import Foundation
import HTTPTypes
import HearthCore
import HearthManagement
import HearthStore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HearthPortal

@Suite("Portal audit and factory reset")
struct PortalAuditTests {
    func events(_ instance: PortalTestInstance) async throws -> [AuditEvent] {
        try await instance.store.exportAudit(after: nil, limit: 1000)
    }

    /// The portal with the data directory a reset needs.
    func test<Value: Sendable>(
        _ instance: PortalTestInstance,
        as identity: PortalIdentity?,
        _ body: @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        var configuration = ManagementConfiguration()
        configuration.dataDirectory = instance.directory
        let portal = try Portal(store: instance.store, configuration: configuration, authenticator: FixedAuthenticator(identity: identity))
        return try await Application(router: portal.buildRouter(), configuration: .init()).test(.router, body)
    }

    @Test("a portal change is one event of the person, without the value; a GET is none; no CSRF token is denied")
    func changesAreRecorded() async throws {
        let instance = try await PortalTestInstance()
        let app = try await instance.seedApp("orders", tenant: "acme")
        let identity = try await instance.identity(.owner, tenant: "acme")
        try await test(instance, as: identity) { client in
            #expect(try await client.page("/apps/orders/settings").status == .ok)
            let saved = try await client.form(
                "/apps/orders/settings",
                [("csrf", PortalTestInstance.csrf), ("name", "DB_PASSWORD"), ("value", "hunter2-secret"), ("secret", "on")]
            )
            #expect(saved.status == .seeOther)
            let forged = try await client.form("/apps/orders/settings", [("name", "X"), ("value", "y")])
            #expect(forged.status == .forbidden)
        }
        let recorded = try await events(instance)
        #expect(recorded.count == 2)
        #expect(recorded.map(\.actor.kind) == [.user, .user])
        #expect(recorded.map(\.action) == ["setting.create", "setting.create"])
        #expect(recorded.map(\.outcome) == [.success, .denied])
        #expect(recorded.allSatisfy { $0.target == "orders" && $0.tenantID == app.tenantID })
        #expect(!recorded.map { "\($0)" }.joined().contains("hunter2"))
    }

    @Test("/admin/reset is 404 for anyone but an admin")
    func resetIsAdminOnly() async throws {
        let instance = try await PortalTestInstance()
        let owner = try await instance.identity(.owner, tenant: "acme")
        try await test(instance, as: owner) { client in
            let page = try await client.page("/admin/reset")
            let post = try await client.form("/admin/reset", [("csrf", PortalTestInstance.csrf), ("confirm", "reset")])
            #expect(page.status == .notFound)
            #expect(post.status == .notFound)
        }
        #expect(try await instance.store.tenants().count == 1)
    }

    @Test("a reset needs the typed confirmation, then empties the instance and shows the new setup link once")
    func resetFromThePortal() async throws {
        let instance = try await PortalTestInstance()
        try await instance.seedApp("orders", tenant: "acme")
        let admin = try await instance.identity(.admin, tenant: nil)
        try await test(instance, as: admin) { client in
            let page = try await client.page("/admin/reset")
            #expect(page.status == .ok)
            #expect(page.body.contains("name=\"confirm\""))
            let refused = try await client.form("/admin/reset", [("csrf", PortalTestInstance.csrf), ("confirm", "acme")])
            #expect(refused.status == .badRequest)
            #expect(refused.body.contains("Nothing was changed"))
            #expect(try await instance.store.app(named: "orders") != nil)
            let done = try await client.form("/admin/reset", [("csrf", PortalTestInstance.csrf), ("confirm", "reset")])
            #expect(done.status == .ok)
            #expect(done.body.contains("/setup/"))
            #expect(done.body.contains("hth_"))
        }
        #expect(try await instance.store.tenants().isEmpty)
        #expect(try await instance.store.users().map(\.subject) == ["admin"])
        let log = try await events(instance)
        #expect(log.map(\.action) == ["instance.reset"])
        #expect(log.first?.actor.kind == .user)
        let files = try FileManager.default.contentsOfDirectory(atPath: instance.directory.path)
        #expect(files.contains { $0.hasPrefix("audit-before-reset-") })
    }
}
