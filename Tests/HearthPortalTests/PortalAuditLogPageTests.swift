import Foundation
import HTTPTypes
import HearthCore
import HearthManagement
import HearthStore
import HummingbirdTesting
import Testing

@testable import HearthPortal

@Suite("Portal audit log")
struct PortalAuditLogPageTests {
    /// Events of two tenants and the instance, by two people, on two days.
    static func seed(_ instance: PortalTestInstance) async throws -> (alice: User, bob: User) {
        let acme = try await instance.tenant("acme")
        let globex = try await instance.tenant("globex")
        let alice = try await instance.user("alice")
        let bob = try await instance.user("bob")
        let day1 = try #require(try AuditFilter.date("2026-12-01T09:00", field: "t"))
        let day2 = try #require(try AuditFilter.date("2026-12-03T09:00", field: "t"))
        let events = [
            AuditEvent(
                at: day1,
                actor: .init(kind: .user, id: alice.id, name: "alice"),
                tenantID: acme.id,
                action: "app.create",
                target: "acme-early"
            ),
            AuditEvent(at: day2, actor: .init(kind: .user, id: bob.id, name: "bob"), tenantID: acme.id, action: "setting.set", target: "acme-late"),
            AuditEvent(
                at: day2,
                actor: .init(kind: .user, id: alice.id, name: "alice"),
                tenantID: globex.id,
                action: "app.delete",
                target: "globex-app"
            ),
            AuditEvent(at: day2, actor: .init(kind: .cli, name: "root"), action: "user.add", target: "instance-wide"),
        ]
        for event in events { try await instance.store.appendAudit(event) }
        return (alice, bob)
    }

    @Test("an admin sees every event and filters by time range, actor and tenant")
    func adminFilters() async throws {
        let instance = try await PortalTestInstance()
        let (alice, _) = try await Self.seed(instance)
        try await instance.test(as: try await instance.identity(.admin, tenant: nil)) { client in
            let all = try await client.page("/audit")
            #expect(all.status == .ok)
            for target in ["acme-early", "acme-late", "globex-app", "instance-wide"] { #expect(all.body.contains(target)) }
            let late = try await client.page("/audit?since=2026-12-02&until=2026-12-04")
            #expect(!late.body.contains("acme-early"))
            #expect(late.body.contains("acme-late") && late.body.contains("globex-app"))
            let early = try await client.page("/audit?until=2026-12-02T00:00")
            #expect(early.body.contains("acme-early") && !early.body.contains("acme-late"))
            let byLogin = try await client.page("/audit?actor=alice")
            #expect(byLogin.body.contains("acme-early") && byLogin.body.contains("globex-app") && !byLogin.body.contains("acme-late"))
            let byID = try await client.page("/audit?actor=\(alice.id.uuidString)")
            #expect(byID.body.contains("globex-app") && !byID.body.contains("acme-late"))
            let byName = try await client.page("/audit?actor=root")
            #expect(byName.body.contains("instance-wide") && !byName.body.contains("acme-early"))
            let byTenant = try await client.page("/audit?tenant=globex")
            #expect(byTenant.body.contains("globex-app") && !byTenant.body.contains("acme-late"))
            #expect(try await client.page("/audit?since=yesterday").status == .badRequest)
        }
    }

    @Test("a tenant owner sees only the owner's tenant, whatever the query says")
    func ownerScoped() async throws {
        let instance = try await PortalTestInstance()
        _ = try await Self.seed(instance)
        try await instance.test(as: try await instance.identity(.owner, tenant: "acme")) { client in
            let page = try await client.page("/audit")
            #expect(page.status == .ok)
            #expect(page.body.contains("acme-early") && page.body.contains("acme-late"))
            #expect(!page.body.contains("globex-app") && !page.body.contains("instance-wide"))
            let edited = try await client.page("/audit?tenant=globex&actor=alice")
            #expect(edited.body.contains("acme-early"))
            #expect(!edited.body.contains("globex-app"))
            #expect(try await client.page("/apps").body.contains("href=\"/audit\""))
        }
    }

    @Test("contributors and readers get 404 for the audit log", arguments: [APIToken.Role.contributor, .reader])
    func othersNotFound(role: APIToken.Role) async throws {
        let instance = try await PortalTestInstance()
        _ = try await Self.seed(instance)
        try await instance.test(as: try await instance.identity(role, tenant: "acme")) { client in
            let page = try await client.page("/audit")
            #expect(page.status == .notFound)
            #expect(!page.body.contains("acme-early"))
            #expect(!(try await client.page("/apps").body.contains("href=\"/audit\"")))
        }
    }
}
