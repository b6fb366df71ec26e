package import Foundation
package import HearthCore

extension SQLServerStore {
    package func appendAudit(_ event: AuditEvent) async throws {
        try await write("audit event") { c in
            _ = try c.execute(
                SQLServerStatements.insertAuditEvent.sql,
                [
                    "id": .uuid(event.id), "at": .time(event.at), "actor_kind": .string(event.actor.kind.rawValue),
                    "actor_id": .uuid(event.actor.id), "actor_name": .string(event.actor.name), "tenant_id": .uuid(event.tenantID),
                    "action": .string(event.action), "target": .string(event.target), "address": .string(event.address),
                    "outcome": .string(event.outcome.rawValue), "detail": .string(event.detail),
                ]
            )
        }
    }

    package func auditEvents(_ query: AuditQuery) async throws -> [AuditEvent] {
        try await read("audit log") { c in
            try c.execute(
                SQLServerStatements.selectAuditEvents.sql,
                [
                    "limit": .int64(Int64(max(0, query.limit))), "tenant_id": .uuid(query.tenantID), "actor_id": .uuid(query.actorID),
                    "since": .time(query.since), "until": .time(query.until),
                ]
            ).rows.map(Self.auditEvent)
        }
    }

    package func exportAudit(after: UUID?, limit: Int) async throws -> [AuditEvent] {
        try await read("audit log") { c in
            let limit = SQLValue.int64(Int64(max(0, limit)))
            let result =
                if let after {
                    try c.execute(SQLServerStatements.selectAuditPageAfter.sql, ["after": .uuid(after), "limit": limit])
                } else {
                    try c.execute(SQLServerStatements.selectAuditPageFirst.sql, ["limit": limit])
                }
            return try result.rows.map(Self.auditEvent)
        }
    }

    package func purgeAudit(before date: Date) async throws -> Int {
        try await write("audit log", idempotent: true) { c in
            SQLRow.affected(try c.execute(SQLServerStatements.purgeAuditLog.sql, ["before": .time(date)]))
        }
    }

    package func resetToFactory() async throws {
        try await write("factory reset", idempotent: true) { c in
            _ = try c.execute(SQLServerStatements.resetToFactory.sql)
            _ = try c.execute(SQLServerStatements.purgeAuditLog.sql, ["before": .time(nil)])
            _ = try c.execute(SQLServerStatements.bumpChangeCounter.sql)
        }
    }

    static func auditEvent(_ row: SQLRow) throws -> AuditEvent {
        AuditEvent(
            id: try row.requiredUUID("id"),
            at: try row.requiredDate("at"),
            actor: AuditEvent.Actor(
                kind: AuditEvent.Actor.Kind(rawValue: try row.requiredString("actor_kind")),
                id: row.uuid("actor_id"),
                name: try row.requiredString("actor_name")
            ),
            tenantID: row.uuid("tenant_id"),
            action: try row.requiredString("action"),
            target: try row.requiredString("target"),
            address: row.string("address"),
            outcome: AuditEvent.Outcome(rawValue: try row.requiredString("outcome")),
            detail: row.string("detail")
        )
    }
}
