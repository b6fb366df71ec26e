import Foundation
import HearthCore
import HearthStore
import Testing

/// ``AuditStore``'s documented behaviour, and ``ManagementStore/resetToFactory()``, on every
/// configured backend.
@Suite struct AuditStoreContractTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func event(_ seconds: Double, _ action: String, tenantID: UUID? = nil, actorID: UUID? = nil) -> AuditEvent {
        AuditEvent(
            at: start.addingTimeInterval(seconds),
            actor: AuditEvent.Actor(kind: actorID == nil ? .cli : .user, id: actorID, name: actorID == nil ? "root" : "alice"),
            tenantID: tenantID,
            action: action,
            target: "orders",
            address: actorID == nil ? nil : "192.0.2.7",
            outcome: .success,
            detail: "setting MODE"
        )
    }

    @Test(arguments: StoreBackend.configured)
    func eventsAreAppendedThenQueriedNewestFirstWithFilters(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any ManagementStore = f.store
            let tenant = UUID()
            let actor = UUID()
            let events = [
                Self.event(0, "app.create", tenantID: tenant, actorID: actor),
                Self.event(10, "user.sign-in", actorID: actor),
                Self.event(20, "app.delete", tenantID: tenant),
                Self.event(30, "setting.put", tenantID: UUID(), actorID: UUID()),
            ]
            for event in events { try await store.appendAudit(event) }
            try await expectStoreError(.conflict) { try await store.appendAudit(events[0]) }

            #expect(try await store.auditEvents(AuditQuery()) == events.reversed())
            #expect(try await store.auditEvents(AuditQuery(limit: 2)).map(\.action) == ["setting.put", "app.delete"])
            #expect(try await store.auditEvents(AuditQuery(tenantID: tenant)).map(\.action) == ["app.delete", "app.create"])
            #expect(try await store.auditEvents(AuditQuery(actorID: actor)).map(\.action) == ["user.sign-in", "app.create"])
            let window = AuditQuery(since: Self.start.addingTimeInterval(10), until: Self.start.addingTimeInterval(30))
            #expect(try await store.auditEvents(window).map(\.action) == ["app.delete", "user.sign-in"])
            #expect(try await store.auditEvents(AuditQuery(tenantID: tenant, actorID: actor)).map(\.action) == ["app.create"])
        }
    }

    @Test(arguments: StoreBackend.configured)
    func theWholeLogIsExportedInPagesInTheOrderItWasAppended(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any ManagementStore = f.store
            // Appended out of time order: export follows the order of appending.
            let events = [Self.event(50, "a"), Self.event(10, "b"), Self.event(30, "c"), Self.event(20, "d"), Self.event(40, "e")]
            for event in events { try await store.appendAudit(event) }
            var exported: [AuditEvent] = []
            var after: UUID?
            while true {
                let page = try await store.exportAudit(after: after, limit: 2)
                if page.isEmpty { break }
                exported += page
                after = page.last?.id
            }
            #expect(exported == events)
            #expect(try await store.exportAudit(after: UUID(), limit: 10).isEmpty)
        }
    }

    @Test(arguments: StoreBackend.configured)
    func retentionPurgesOnlyEventsBeforeTheCutOff(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any ManagementStore = f.store
            for seconds in [0.0, 10, 20, 30] { try await store.appendAudit(Self.event(seconds, "e\(Int(seconds))")) }
            #expect(try await store.purgeAudit(before: Self.start.addingTimeInterval(20)) == 2)
            #expect(try await store.purgeAudit(before: Self.start.addingTimeInterval(20)) == 0)
            #expect(try await store.auditEvents(AuditQuery()).map(\.action) == ["e30", "e20"])
            try await store.appendAudit(Self.event(40, "e40"))
            #expect(try await store.exportAudit(after: nil, limit: 10).map(\.action) == ["e20", "e30", "e40"])
        }
    }

    @Test(arguments: StoreBackend.configured)
    func aFactoryResetEmptiesEverythingAndTheStoreWorksAfterwards(_ backend: StoreBackend) async throws {
        try await backend.run { (f: any ContractFixture) async throws in
            let store: any ManagementStore = f.store
            let app = try await f.app("reset")
            try await store.setHostNames(appID: app.id, ["reset.example.com"])
            try await store.addTenantDomain(TenantDomain(suffix: "example.org", tenantID: app.tenantID))
            try await store.putPackage(sha256: "pkg", content: Data("zip".utf8))
            let deployment = Deployment(appID: app.id, packageSHA256: "pkg", packageSize: 3, status: .succeeded)
            try await store.createDeployment(deployment)
            try await store.activateDeployment(appID: app.id, deploymentID: deployment.id)
            try await store.putSettings(appID: app.id, [AppSetting(name: "S", value: "v", isSecret: true)])
            _ = try await store.putKey(appID: app.id, FunctionKey(scope: .master, name: "master", value: "k"))
            _ = try await store.setPublishingCredentials(
                appID: app.id,
                PublishingCredentials(userName: "$reset", password: "pw"),
                replace: true
            )
            let user = User(subject: "olivia", displayName: "Olivia", isAdmin: true)
            try await store.createUser(user)
            try await store.setMembership(TenantMembership(userID: user.id, tenantID: app.tenantID, role: .owner))
            try await store.createSession(PeopleStoreContractTests.session("s", user.id))
            try await store.createSetupLink(SetupLink(tokenHash: "l", userID: user.id, expiresAt: Self.start))
            try await store.createToken(APIToken(name: "admin", role: .admin), secretHash: "admin-hash")
            try await store.createToken(APIToken(name: "mine", role: .reader, ownerUserID: user.id), secretHash: "mine-hash")
            try await store.recordSignInFailure(SignInFailure(account: "olivia", address: "192.0.2.9", at: Self.start))
            try await store.setInstanceSettings(InstanceSettings(auditRetentionDays: 30))
            try await store.appendAudit(Self.event(0, "app.create"))
            let before = try await f.store.changeVersion()

            try await store.resetToFactory()

            #expect(try await store.tenants().isEmpty)
            #expect(try await store.apps(tenantID: nil).isEmpty)
            #expect(try await store.app(hostName: "reset.example.com") == nil)
            #expect(try await store.tenantDomains(tenantID: nil).isEmpty)
            #expect(try await store.package(sha256: "pkg") == nil)
            #expect(try await store.deployment(id: deployment.id) == nil)
            #expect(try await store.users().isEmpty)
            #expect(try await store.session(idHash: "s") == nil)
            #expect(try await store.consumeSetupLink(tokenHash: "l", at: Self.start.addingTimeInterval(-1)) == nil)
            #expect(try await store.tokens().isEmpty)
            #expect(try await store.signInFailures(address: "192.0.2.9", since: Self.start) == 0)
            #expect(try await store.instanceSettings() == InstanceSettings())
            #expect(try await store.exportAudit(after: nil, limit: 10).isEmpty)
            #expect(try await f.store.changeVersion() > before)

            // Usable afterwards: the reset event starts the new log, and everything can be created again.
            try await store.appendAudit(Self.event(60, "instance.reset"))
            #expect(try await store.auditEvents(AuditQuery()).map(\.action) == ["instance.reset"])
            let again = try await f.app("reset")
            try await store.createUser(User(subject: "olivia", displayName: "Olivia", isAdmin: true))
            #expect(try await store.app(named: "reset")?.id == again.id)
        }
    }
}
