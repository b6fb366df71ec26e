import Foundation
import HearthCore
import HearthStore
import Testing

@testable import HearthManagement

@Suite struct SetupLinkIssuerTests {
    @Test func aNewLinkReplacesTheUnusedOldOneAndExpiresAfterItsLifetime() async throws {
        let instance = try await TestInstance()
        let user = User(subject: "alice", displayName: "Alice")
        try await instance.store.createUser(user)
        let issuer = SetupLinkIssuer(store: instance.store)
        let now = Date()
        let old = try await issuer.issue(for: user.id, now: now)
        let new = try await issuer.issue(for: user.id, now: now)
        #expect(SessionToken.isWellFormed(new))
        #expect(old != new)
        #expect(try await instance.store.consumeSetupLink(tokenHash: SessionToken.hash(old), at: now) == nil)
        #expect(try await instance.store.consumeSetupLink(tokenHash: SessionToken.hash(new), at: now.addingTimeInterval(24 * 3600 + 1)) == nil)
        let used = try await instance.store.consumeSetupLink(tokenHash: SessionToken.hash(new), at: now.addingTimeInterval(60))
        #expect(used?.userID == user.id)
        #expect(SetupLinkIssuer.link(portalURL: "https://portal.example.com/", token: new) == "https://portal.example.com/setup/\(new)")
    }

    @Test func firstAdminIsCreatedOnceWithALink() async throws {
        let instance = try await TestInstance()
        #expect(try await FirstAdmin.ensure(store: instance.store) != nil)
        #expect(try await FirstAdmin.ensure(store: instance.store) == nil)
        let admin = try #require(try await FirstAdmin.find(store: instance.store))
        #expect(admin.subject == "admin")
        #expect(admin.isAdmin)
        #expect(admin.passwordHash == nil)
    }

    @Test func factoryResetLeavesOnlyTheResetEventAndANewAdmin() async throws {
        let instance = try await TestInstance()
        try await instance.seedApp()
        let actor = AuditEvent.Actor(kind: .cli, name: "ops")
        try await instance.store.appendAudit(AuditEvent(actor: actor, action: "app.create", target: "orders"))
        let outcome = try await FactoryReset(store: instance.store, dataDirectory: instance.directory, environment: [:]).run(actor: actor)
        #expect(outcome.exportedEvents == 1)
        #expect(try String(contentsOf: outcome.auditFile, encoding: .utf8).contains("app.create"))
        #expect(try await instance.store.tenants().isEmpty)
        #expect(try await instance.store.users().map(\.subject) == ["admin"])
        #expect(try await instance.store.tokens().count == 1)
        #expect(try await instance.store.exportAudit(after: nil, limit: 10).map(\.action) == ["instance.reset"])
        #expect(FileManager.default.fileExists(atPath: instance.directory.appendingPathComponent("master.key").path))
        let fromEnvironment = try await FactoryReset(
            store: instance.store,
            dataDirectory: instance.directory,
            environment: ["HEARTH_MASTER_KEY": "x"]
        )
        .run(actor: actor)
        #expect(fromEnvironment.masterKey.contains("cannot replace"))
        #expect(!FactoryReset.isConfirmed("yes"))
        #expect(FactoryReset.isConfirmed(" Reset "))
    }
}
