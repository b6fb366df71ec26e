import Foundation
import HearthCore
import HearthManagement
import HearthStore
import Hummingbird
import Logging

/// `/audit`: the audit log, newest first, filtered by time range and actor. Instance admins see
/// every event (optionally one tenant's); a tenant owner sees only the events of the owner's
/// tenant; anyone else gets 404. Events never hold secret values.
struct AuditPage {
    let environment: PageEnvironment
    var store: any ManagementStore { environment.store }
    static let limit = 200

    init(_ environment: PageEnvironment) { self.environment = environment }

    func register(on group: RouterGroup<PortalRequestContext>) {
        group.get("audit", use: list)
    }

    @Sendable func list(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let principal = identity.principal
        guard principal.isAdmin || (principal.role == .owner && principal.tenantID != nil) else {
            throw ManagementError(.notFound, "there is no such page")
        }
        let parameters = request.uri.queryParameters
        let filter = try AuditFilter(
            since: parameters.get("since"),
            until: parameters.get("until"),
            actor: parameters.get("actor"),
            tenant: parameters.get("tenant")
        )
        var query = AuditQuery(since: filter.since, until: filter.until, limit: Self.limit)
        if principal.isAdmin {
            if let name = filter.tenant { query.tenantID = try await store.visibleTenant(named: name, for: principal).id }
        } else {
            query.tenantID = principal.tenantID
        }
        var actorName: String?
        if let actor = filter.actor {
            if let id = UUID(uuidString: actor) {
                query.actorID = id
            } else if let user = try await store.users().first(where: { $0.subject == actor }) {
                query.actorID = user.id
            } else {
                actorName = actor
            }
        }
        var events = try await store.auditEvents(query)
        if let actorName { events = events.filter { $0.actor.name == actorName } }
        let names = try await store.tenantNames()
        let rows = events.map { event -> [String: Any] in
            [
                "at": PageEnvironment.format(event.at),
                "actor": event.actor.name,
                "actorKind": event.actor.kind.rawValue,
                "tenant": event.tenantID.flatMap { names[$0] } ?? "",
                "action": event.action,
                "target": event.target,
                "address": event.address ?? "",
                "outcome": event.outcome.rawValue,
                "failed": event.outcome != .success,
                "detail": event.detail ?? "",
            ]
        }
        let model: [String: Any] = [
            "title": "Audit log",
            "events": rows,
            "empty": rows.isEmpty,
            "full": rows.count >= Self.limit,
            "limit": Self.limit,
            "since": parameters.get("since") ?? "",
            "until": parameters.get("until") ?? "",
            "actor": filter.actor ?? "",
            "tenantFilter": filter.tenant ?? "",
            "allTenants": principal.isAdmin,
        ]
        return environment.render("audit", model, context)
    }
}
