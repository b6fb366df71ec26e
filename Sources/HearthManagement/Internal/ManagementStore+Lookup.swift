package import Foundation
package import HearthCore
package import HearthStore

extension ManagementStore {
    /// The app named `name` if the caller may see it; apps of other tenants are reported as
    /// missing (404), so a tenant-scoped token learns nothing about them.
    package func visibleApp(named name: String, for principal: Principal) async throws -> AppRecord {
        guard let app = try await app(named: name.lowercased()), principal.canSee(tenantID: app.tenantID) else {
            throw ManagementError(.notFound, "there is no app named '\(name)'; list apps with 'hearth app list'")
        }
        return app
    }

    /// The tenant named `name` if the caller may see it (404 otherwise).
    package func visibleTenant(named name: String, for principal: Principal) async throws -> Tenant {
        guard let tenant = try await tenant(named: name.lowercased()), principal.canSee(tenantID: tenant.id) else {
            throw ManagementError(.notFound, "there is no tenant named '\(name)'; list tenants with 'hearth tenant list'")
        }
        return tenant
    }

    /// Tenant names by id, for DTOs.
    package func tenantNames() async throws -> [UUID: String] {
        Dictionary(uniqueKeysWithValues: try await tenants().map { ($0.id, $0.name) })
    }

    /// The app's settings as the function app loader sees them (name → value).
    package func settingValues(appID: UUID) async throws -> [String: String] {
        try await settings(appID: appID).valuesByName
    }
}
