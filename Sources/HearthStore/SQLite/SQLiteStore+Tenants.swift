public import Foundation
import GRDB
public import HearthCore

extension SQLiteStore {
    public func createTenant(_ tenant: Tenant) async throws {
        try await write("tenant '\(tenant.name)'") { db in
            try db.execute(
                sql: "INSERT INTO tenants (id, name, created_at) VALUES (?, ?, ?)",
                arguments: [tenant.id.uuidString, tenant.name, tenant.createdAt.millisecondsSince1970])
        }
    }

    public func tenants() async throws -> [Tenant] {
        try await read { db in try Row.fetchAll(db, sql: "SELECT * FROM tenants ORDER BY name").map(Self.tenant) }
    }

    public func tenant(named name: String) async throws -> Tenant? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM tenants WHERE name = ?", arguments: [name]).map(Self.tenant) }
    }

    public func tenant(id: UUID) async throws -> Tenant? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM tenants WHERE id = ?", arguments: [id.uuidString]).map(Self.tenant) }
    }

    public func deleteTenant(id: UUID) async throws -> Bool {
        try await write("tenant") { db in
            try db.execute(sql: "DELETE FROM tenants WHERE id = ?", arguments: [id.uuidString])
            let deleted = db.changesCount > 0
            if deleted { try Self.bump(db) }
            return deleted
        }
    }

    static func tenant(_ row: Row) -> Tenant {
        Tenant(id: UUID(uuidString: row["id"])!, name: row["name"], createdAt: Date(millisecondsSince1970: row["created_at"]))
    }
}
