public import Foundation
public import HearthCore

extension SQLServerStore {
    public func createTenant(_ tenant: Tenant) async throws {
        try await write("tenant '\(tenant.name)'") { c in
            _ = try c.execute(SQLServerStatements.insertTenant.sql, [
                "id": .uuid(tenant.id), "name": .string(tenant.name), "created_at": .time(tenant.createdAt),
            ])
        }
    }

    public func tenants() async throws -> [Tenant] {
        try await read("tenants") { c in try c.execute(SQLServerStatements.selectTenants.sql).rows.map(Self.tenant) }
    }

    public func tenant(named name: String) async throws -> Tenant? {
        try await read("tenant") { c in try c.execute(SQLServerStatements.selectTenantByName.sql, ["name": .string(name)]).firstRow.map(Self.tenant) }
    }

    public func tenant(id: UUID) async throws -> Tenant? {
        try await read("tenant") { c in try c.execute(SQLServerStatements.selectTenantByID.sql, ["id": .uuid(id)]).firstRow.map(Self.tenant) }
    }

    public func deleteTenant(id: UUID) async throws -> Bool {
        try await write("tenant", idempotent: true) { c in
            let deleted = SQLRow.affected(try c.execute(SQLServerStatements.deleteTenant.sql, ["id": .uuid(id)])) > 0
            if deleted { _ = try c.execute(SQLServerStatements.bumpChangeCounter.sql) }
            return deleted
        }
    }

    static func tenant(_ row: SQLRow) throws -> Tenant {
        Tenant(id: try row.requiredUUID("id"), name: try row.requiredString("name"), createdAt: try row.requiredDate("created_at"))
    }
}
