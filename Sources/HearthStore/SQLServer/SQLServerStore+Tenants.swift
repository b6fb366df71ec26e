package import Foundation
package import HearthCore

extension SQLServerStore {
    package func createTenant(_ tenant: Tenant) async throws {
        try await write("tenant '\(tenant.name)'") { c in
            _ = try c.execute(
                SQLServerStatements.insertTenant.sql,
                [
                    "id": .uuid(tenant.id), "name": .string(tenant.name), "created_at": .time(tenant.createdAt),
                ]
            )
        }
    }

    package func tenants() async throws -> [Tenant] {
        try await read("tenants") { c in try c.execute(SQLServerStatements.selectTenants.sql).rows.map(Self.tenant) }
    }

    package func tenant(named name: String) async throws -> Tenant? {
        try await read("tenant") { c in try c.execute(SQLServerStatements.selectTenantByName.sql, ["name": .string(name)]).firstRow.map(Self.tenant) }
    }

    package func tenant(id: UUID) async throws -> Tenant? {
        try await read("tenant") { c in try c.execute(SQLServerStatements.selectTenantByID.sql, ["id": .uuid(id)]).firstRow.map(Self.tenant) }
    }

    package func deleteTenant(id: UUID) async throws -> Bool {
        try await write("tenant", idempotent: true) { c in
            let deleted = SQLRow.affected(try c.execute(SQLServerStatements.deleteTenant.sql, ["id": .uuid(id)])) > 0
            if deleted { _ = try c.execute(SQLServerStatements.bumpChangeCounter.sql) }
            return deleted
        }
    }

    package func tenantDomains(tenantID: UUID?) async throws -> [TenantDomain] {
        try await read("tenant domains") { c in
            let rows =
                if let tenantID {
                    try c.execute(SQLServerStatements.selectTenantDomainsOfTenant.sql, ["tenant_id": .uuid(tenantID)]).rows
                } else {
                    try c.execute(SQLServerStatements.selectTenantDomains.sql).rows
                }
            return try rows.map {
                TenantDomain(
                    suffix: try $0.requiredString("suffix"),
                    tenantID: try $0.requiredUUID("tenant_id"),
                    createdAt: try $0.requiredDate("created_at")
                )
            }
        }
    }

    package func addTenantDomain(_ domain: TenantDomain) async throws {
        let suffix = domain.suffix.lowercased()
        try await write("domain '\(domain.suffix)'") { c in
            if let other = try c.execute(
                SQLServerStatements.selectOverlappingTenantDomain.sql,
                ["tenant_id": .uuid(domain.tenantID), "suffix": .string(suffix)]
            ).firstRow?.string("suffix") {
                throw StoreError(.conflict, "the domain '\(suffix)' overlaps '\(other)', which another tenant holds")
            }
            _ = try c.execute(
                SQLServerStatements.insertTenantDomain.sql,
                [
                    "suffix": .string(domain.suffix.lowercased()), "tenant_id": .uuid(domain.tenantID), "created_at": .time(domain.createdAt),
                ]
            )
            _ = try c.execute(SQLServerStatements.bumpChangeCounter.sql)
        }
    }

    package func removeTenantDomain(tenantID: UUID, suffix: String) async throws -> Bool {
        try await write("domain", idempotent: true) { c in
            let deleted =
                SQLRow.affected(
                    try c.execute(SQLServerStatements.deleteTenantDomain.sql, ["tenant_id": .uuid(tenantID), "suffix": .string(suffix.lowercased())])
                ) > 0
            if deleted { _ = try c.execute(SQLServerStatements.bumpChangeCounter.sql) }
            return deleted
        }
    }

    static func tenant(_ row: SQLRow) throws -> Tenant {
        Tenant(id: try row.requiredUUID("id"), name: try row.requiredString("name"), createdAt: try row.requiredDate("created_at"))
    }
}
