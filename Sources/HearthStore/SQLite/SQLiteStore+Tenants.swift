package import Foundation
import GRDB
package import HearthCore

extension SQLiteStore {
    package func createTenant(_ tenant: Tenant) async throws {
        try await write("tenant '\(tenant.name)'") { db in
            try db.execute(
                sql: "INSERT INTO tenants (id, name, created_at) VALUES (?, ?, ?)",
                arguments: [tenant.id.uuidString, tenant.name, tenant.createdAt.millisecondsSince1970]
            )
        }
    }

    package func tenants() async throws -> [Tenant] {
        try await read { db in try Row.fetchAll(db, sql: "SELECT * FROM tenants ORDER BY name").map(Self.tenant) }
    }

    package func tenant(named name: String) async throws -> Tenant? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM tenants WHERE name = ?", arguments: [name]).map(Self.tenant) }
    }

    package func tenant(id: UUID) async throws -> Tenant? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM tenants WHERE id = ?", arguments: [id.uuidString]).map(Self.tenant) }
    }

    package func deleteTenant(id: UUID) async throws -> Bool {
        try await write("tenant") { db in
            try db.execute(sql: "DELETE FROM tenants WHERE id = ?", arguments: [id.uuidString])
            let deleted = db.changesCount > 0
            if deleted { try Self.bump(db) }
            return deleted
        }
    }

    package func tenantDomains(tenantID: UUID?) async throws -> [TenantDomain] {
        try await read { db in
            let rows =
                if let tenantID {
                    try Row.fetchAll(db, sql: "SELECT * FROM tenant_domains WHERE tenant_id = ? ORDER BY suffix", arguments: [tenantID.uuidString])
                } else {
                    try Row.fetchAll(db, sql: "SELECT * FROM tenant_domains ORDER BY suffix")
                }
            return rows.map {
                TenantDomain(
                    suffix: $0["suffix"],
                    tenantID: UUID(uuidString: $0["tenant_id"])!,
                    createdAt: Date(millisecondsSince1970: $0["created_at"])
                )
            }
        }
    }

    package func addTenantDomain(_ domain: TenantDomain) async throws {
        let suffix = domain.suffix.lowercased()
        try await write("domain '\(domain.suffix)'") { db in
            // Domain names hold no LIKE wildcards (letters, digits, '-' and '.' only).
            if let other = try String.fetchOne(
                db,
                sql: "SELECT suffix FROM tenant_domains WHERE tenant_id <> ? AND (suffix = ? OR ? LIKE '%.' || suffix OR suffix LIKE '%.' || ?)",
                arguments: [domain.tenantID.uuidString, suffix, suffix, suffix]
            ) {
                throw StoreError(.conflict, "the domain '\(suffix)' overlaps '\(other)', which another tenant holds")
            }
            try db.execute(
                sql: "INSERT INTO tenant_domains (suffix, tenant_id, created_at) VALUES (?, ?, ?)",
                arguments: [suffix, domain.tenantID.uuidString, domain.createdAt.millisecondsSince1970]
            )
            try Self.bump(db)
        }
    }

    package func removeTenantDomain(tenantID: UUID, suffix: String) async throws -> Bool {
        try await write("domain") { db in
            try db.execute(
                sql: "DELETE FROM tenant_domains WHERE tenant_id = ? AND suffix = ?",
                arguments: [tenantID.uuidString, suffix.lowercased()]
            )
            let deleted = db.changesCount > 0
            if deleted { try Self.bump(db) }
            return deleted
        }
    }

    static func tenant(_ row: Row) -> Tenant {
        Tenant(id: UUID(uuidString: row["id"])!, name: row["name"], createdAt: Date(millisecondsSince1970: row["created_at"]))
    }
}
