package import Foundation
import GRDB
package import HearthCore

extension SQLiteStore {
    package func appendAudit(_ event: AuditEvent) async throws {
        try await write("audit event") { db in
            try db.execute(
                sql: """
                    INSERT INTO audit_log (id, at, actor_kind, actor_id, actor_name, tenant_id, action, target, address, outcome, detail)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    event.id.uuidString, event.at.millisecondsSince1970, event.actor.kind.rawValue, event.actor.id?.uuidString,
                    event.actor.name, event.tenantID?.uuidString, event.action, event.target, event.address, event.outcome.rawValue,
                    event.detail,
                ]
            )
        }
    }

    package func auditEvents(_ query: AuditQuery) async throws -> [AuditEvent] {
        try await read { db in
            let filters: [(String, (any DatabaseValueConvertible)?)] = [
                ("tenant_id = ?", query.tenantID?.uuidString), ("actor_id = ?", query.actorID?.uuidString),
                ("at >= ?", query.since?.millisecondsSince1970), ("at < ?", query.until?.millisecondsSince1970),
            ]
            var conditions: [String] = []
            var arguments: StatementArguments = []
            for case let (condition, value?) in filters {
                conditions.append(condition)
                arguments += [value]
            }
            arguments += [max(0, query.limit)]
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let sql = "SELECT * FROM audit_log \(filter) ORDER BY at DESC, seq DESC LIMIT ?"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.auditEvent)
        }
    }

    package func exportAudit(after: UUID?, limit: Int) async throws -> [AuditEvent] {
        try await read { db in
            let rows =
                if let after {
                    try Row.fetchAll(
                        db,
                        sql: "SELECT * FROM audit_log WHERE seq > (SELECT seq FROM audit_log WHERE id = ?) ORDER BY seq LIMIT ?",
                        arguments: [after.uuidString, max(0, limit)]
                    )
                } else {
                    try Row.fetchAll(db, sql: "SELECT * FROM audit_log ORDER BY seq LIMIT ?", arguments: [max(0, limit)])
                }
            return rows.map(Self.auditEvent)
        }
    }

    package func purgeAudit(before date: Date) async throws -> Int {
        try await write("audit log") { db in
            try Self.withAuditPurgePermit(db) {
                try db.execute(sql: "DELETE FROM audit_log WHERE at < ?", arguments: [date.millisecondsSince1970])
                return db.changesCount
            }
        }
    }

    /// Runs `body` holding the permit migration 0006's delete trigger checks, inside the caller's
    /// write transaction (so no other connection ever sees the permit).
    static func withAuditPurgePermit<T>(_ db: Database, _ body: () throws -> T) throws -> T {
        try db.execute(sql: "INSERT INTO audit_purge_permit (id) VALUES (1)")
        let result = try body()
        try db.execute(sql: "DELETE FROM audit_purge_permit")
        return result
    }

    package func resetToFactory() async throws {
        try await write("factory reset") { db in
            for table in Self.factoryResetTables {
                try db.execute(sql: "DELETE FROM \(table)")
            }
            try Self.withAuditPurgePermit(db) { try db.execute(sql: "DELETE FROM audit_log") }
            try Self.bump(db)
        }
    }

    /// Every table of data, children before their parents; the journal, the change counter and
    /// the audit log (deleted under the permit) are not here.
    static let factoryResetTables = [
        "queue_messages", "queues", "queue_accounts", "web_sessions", "setup_links", "tenant_memberships", "sign_in_failures", "instance_settings",
        "api_tokens",
        "invocations", "timer_occurrences", "timer_status", "leases", "publishing_credentials", "function_keys", "app_settings",
        "app_host_names", "deployments", "apps", "packages", "tenant_domains", "tenants", "users",
    ]

    static func auditEvent(_ row: Row) -> AuditEvent {
        AuditEvent(
            id: UUID(uuidString: row["id"])!,
            at: Date(millisecondsSince1970: row["at"]),
            actor: AuditEvent.Actor(
                kind: AuditEvent.Actor.Kind(rawValue: row["actor_kind"]),
                id: (row["actor_id"] as String?).flatMap(UUID.init(uuidString:)),
                name: row["actor_name"]
            ),
            tenantID: (row["tenant_id"] as String?).flatMap(UUID.init(uuidString:)),
            action: row["action"],
            target: row["target"],
            address: row["address"],
            outcome: AuditEvent.Outcome(rawValue: row["outcome"]),
            detail: row["detail"]
        )
    }
}
