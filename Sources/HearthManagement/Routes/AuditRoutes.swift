import Foundation
import HearthCore
import HearthStore
import Hummingbird

/// `GET /api/audit?tenant=&since=&until=&limit=`: the audit log, newest first. Admins see every
/// event; a tenant owner sees only their tenant's (another tenant is 404, as everywhere); other
/// roles get 403.
struct AuditRoutes {
    static let defaultLimit = 100
    static let maxLimit = 1000
    let store: any ManagementStore

    func register(on group: RouterGroup<ManagementRequestContext>) {
        group.get("audit", use: list)
    }

    @Sendable func list(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard principal.isAdmin || principal.role == .owner else {
            throw ManagementError(.forbidden, "only an admin or a tenant owner can read the audit log; this token's role is \(principal.role)")
        }
        let parameters = request.uri.queryParameters
        var query = AuditQuery(limit: Self.defaultLimit)
        if let name = parameters.get("tenant") {
            query.tenantID = try await store.visibleTenant(named: name, for: principal).id
        } else if !principal.isAdmin {
            query.tenantID = principal.tenantID
        }
        query.since = try Self.date(parameters.get("since"), "since")
        query.until = try Self.date(parameters.get("until"), "until")
        if let raw = parameters.get("limit") {
            guard let value = Int(raw), (1...Self.maxLimit).contains(value) else {
                throw ManagementError(.badRequest, "limit must be a whole number from 1 to \(Self.maxLimit), not '\(raw)'")
            }
            query.limit = value
        }
        let names = try await store.tenantNames()
        let events = try await store.auditEvents(query)
        return try JSONResponse.make(AuditListDTO(events: events.map { AuditEventDTO($0, tenantName: $0.tenantID.flatMap { names[$0] }) }))
    }

    static func date(_ raw: String?, _ name: String) throws -> Date? {
        guard let raw else { return nil }
        guard let date = ISO8601DateFormatter().date(from: raw) else {
            throw ManagementError(.badRequest, "\(name) must be an ISO 8601 time such as 2026-01-31T12:00:00Z, not '\(raw)'")
        }
        return date
    }
}
