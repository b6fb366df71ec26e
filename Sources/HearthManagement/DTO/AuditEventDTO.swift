package import Foundation
package import HearthCore

/// One audit event as `GET /api/audit` and `hearth audit export` show it.
package struct AuditEventDTO: Codable, Sendable {
    package var id: UUID
    package var at: Date
    package var actorKind: String
    package var actorID: UUID?
    package var actor: String
    package var tenantID: UUID?
    package var tenant: String?
    package var action: String
    package var target: String
    package var address: String?
    package var outcome: String
    package var detail: String?

    package init(_ event: AuditEvent, tenantName: String?) {
        self.id = event.id
        self.at = event.at
        self.actorKind = event.actor.kind.rawValue
        self.actorID = event.actor.id
        self.actor = event.actor.name
        self.tenantID = event.tenantID
        self.tenant = tenantName
        self.action = event.action
        self.target = event.target
        self.address = event.address
        self.outcome = event.outcome.rawValue
        self.detail = event.detail
    }
}

/// `GET /api/audit`: newest first.
package struct AuditListDTO: Codable, Sendable {
    package var events: [AuditEventDTO]
}
