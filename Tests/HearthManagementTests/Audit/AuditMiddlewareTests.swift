import Foundation
import HTTPTypes
import HearthCore
import HearthStore
import Logging
import Testing

@testable import HearthManagement

@Suite struct AuditMiddlewareTests {
    func events(_ instance: TestInstance) async throws -> [AuditEvent] {
        try await instance.store.auditEvents(AuditQuery(limit: 1000))
    }

    @Test func anAPIChangeIsOneEventWithActorActionTargetAndNoSecret() async throws {
        let instance = try await TestInstance()
        let app = try await instance.seedApp()
        let contributor = try await instance.token(role: .contributor, tenant: "acme")
        try await instance.test { client in
            let put = try await client.call(
                .put,
                "/api/apps/orders/settings/DB_PASSWORD",
                token: contributor,
                json: #"{"value": "hunter2-secret", "secret": true}"#
            )
            #expect(put.status == .created)
        }
        let recorded = try await events(instance)
        #expect(recorded.count == 1)
        let event = try #require(recorded.first)
        #expect(event.actor.kind == .token)
        #expect(event.actor.name.hasPrefix("contributor-"))
        #expect(event.action == "setting.update")
        #expect(event.target == "orders/DB_PASSWORD")
        #expect(event.tenantID == app.tenantID)
        #expect(event.outcome == .success)
        #expect(!"\(event)".contains("hunter2"))
        #expect(!"\(event)".contains(contributor))
    }

    @Test func creatingATenantAndAnAppRecordsTheirNamesAsTarget() async throws {
        let instance = try await TestInstance()
        try await instance.test { [adminToken = instance.adminToken] client in
            let tenant = try await client.call(.post, "/api/tenants", token: adminToken, json: #"{"name": "globex"}"#)
            #expect(tenant.status == .created)
            let app = try await client.call(.post, "/api/apps", token: adminToken, json: #"{"name": "billing", "tenant": "globex"}"#)
            #expect(app.status == .created)
            let taken = try await client.call(.post, "/api/apps", token: adminToken, json: #"{"name": "billing", "tenant": "globex"}"#)
            #expect(taken.status == .conflict)
        }
        let recorded = Array(try await events(instance).reversed())
        #expect(recorded.map(\.action) == ["tenant.create", "app.create", "app.create"])
        #expect(recorded.map(\.target) == ["globex", "billing", "billing"])
        #expect(recorded.map(\.outcome) == [.success, .success, .failure])
    }

    @Test func aGetRecordsNothing() async throws {
        let instance = try await TestInstance()
        try await instance.seedApp()
        try await instance.test { [adminToken = instance.adminToken] client in
            let apps = try await client.call(.get, "/api/apps", token: adminToken)
            let settings = try await client.call(.get, "/api/apps/orders/settings", token: adminToken)
            #expect(apps.status == .ok)
            #expect(settings.status == .ok)
        }
        #expect(try await events(instance).isEmpty)
    }

    @Test func refusedRequestsAreRecordedAsDenied() async throws {
        let instance = try await TestInstance()
        try await instance.seedApp()
        let reader = try await instance.token(role: .reader, tenant: "acme")
        try await instance.test { client in
            let forbidden = try await client.call(.delete, "/api/apps/orders", token: reader)
            #expect(forbidden.status == .forbidden)
            let unknown = try await client.call(.post, "/api/tenants", token: "hth_not-a-token", json: #"{"name": "x"}"#)
            #expect(unknown.status == .unauthorized)
        }
        // The store gives newest first, in the order appended (two events may share a millisecond).
        let recorded = Array(try await events(instance).reversed())
        #expect(recorded.map(\.outcome) == [.denied, .denied])
        #expect(recorded.map(\.action) == ["app.delete", "tenant.create"])
        #expect(recorded.first?.actor.name.hasPrefix("reader-") == true)
        #expect(recorded.last?.actor.name == "anonymous")
    }

    @Test func deploymentCreateIsNamedFromTheRoute() {
        let action = AuditAction(method: .post, route: "/api/apps/{app}/deployments", parameter: { $0 == "app" ? "orders" : nil })
        #expect(action.name == "deployment.create")
        #expect(action.target == "orders")
        let activate = AuditAction(
            method: .post,
            route: "/api/apps/{app}/deployments/{id}/activate",
            parameter: { ["app": "orders", "id": "42"][$0] }
        )
        #expect(activate.name == "deployment.activate")
        #expect(AuditAction(method: .post, route: "/scm/{app}/api/zipdeploy", parameter: { _ in "orders" }).name == "deployment.create")
    }

    @Test func ownersSeeOnlyTheirTenantAndReadersAreRefused() async throws {
        let instance = try await TestInstance()
        let acme = try await instance.seedApp()
        let globex = try await instance.seedApp("ledger", tenant: "globex")
        try await instance.store.appendAudit(
            AuditEvent(actor: .init(kind: .cli, name: "ops"), tenantID: acme.tenantID, action: "a.x", target: "orders")
        )
        try await instance.store.appendAudit(
            AuditEvent(actor: .init(kind: .cli, name: "ops"), tenantID: globex.tenantID, action: "b.x", target: "ledger")
        )
        let owner = try await instance.token(role: .owner, tenant: "acme")
        let reader = try await instance.token(role: .reader, tenant: "acme")
        try await instance.test { [adminToken = instance.adminToken] client in
            let all = try await client.call(.get, "/api/audit", token: adminToken)
            #expect((all.json["events"] as? [[String: Any]])?.count == 2)
            let mine = try await client.call(.get, "/api/audit", token: owner)
            let events = try #require(mine.json["events"] as? [[String: Any]])
            #expect(events.map { $0["target"] as? String } == ["orders"])
            #expect(events.first?["tenant"] as? String == "acme")
            #expect(try await client.call(.get, "/api/audit?tenant=globex", token: owner).status == .notFound)
            #expect(try await client.call(.get, "/api/audit", token: reader).status == .forbidden)
            #expect(try await client.call(.get, "/api/audit?limit=0", token: adminToken).status == .badRequest)
        }
    }

    @Test func retentionPurgesEventsOlderThanTheSetting() async throws {
        let instance = try await TestInstance()
        let actor = AuditEvent.Actor(kind: .system, name: "hearth")
        try await instance.store.appendAudit(AuditEvent(at: Date().addingTimeInterval(-40 * 86_400), actor: actor, action: "old.x", target: ""))
        try await instance.store.appendAudit(AuditEvent(actor: actor, action: "new.x", target: ""))
        var settings = try await instance.store.instanceSettings()
        settings.auditRetentionDays = 30
        try await instance.store.setInstanceSettings(settings)
        #expect(await AuditRetentionService(store: instance.store, logger: Logger(label: "test")).pruneOnce() == 1)
        #expect(try await events(instance).map(\.action) == ["new.x"])
    }
}
