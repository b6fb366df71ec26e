import Foundation
import HearthCore
import HearthManagement
import HearthStore
import Hummingbird
import Logging

/// `/admin/tenants` (instance admins only; 404 for anyone else): every tenant with its apps and
/// members; create one (the API's name rules); delete one with its name typed as confirmation,
/// refused while it has apps unless "with its apps" is ticked, as the API's `?force=true`.
struct AdminTenantsPage {
    let environment: PageEnvironment
    var store: any ManagementStore { environment.store }

    init(_ environment: PageEnvironment) { self.environment = environment }

    func register(on group: RouterGroup<PortalRequestContext>) {
        group.get("admin", use: home)
        group.get("admin/tenants", use: list)
        group.post("admin/tenants", use: create)
        group.post("admin/tenants/:tenant/delete", use: delete)
    }

    @Sendable func home(_ request: Request, context: PortalRequestContext) async throws -> Response {
        _ = try environment.requireAdmin(context)
        return PageEnvironment.redirect("/admin/users")
    }

    @Sendable func list(_ request: Request, context: PortalRequestContext) async throws -> Response {
        _ = try environment.requireAdmin(context)
        let apps = Dictionary(grouping: try await store.apps(tenantID: nil), by: \.tenantID)
        var rows: [[String: Any]] = []
        for tenant in try await store.tenants().sorted(by: { $0.name < $1.name }) {
            rows.append([
                "name": tenant.name,
                "apps": apps[tenant.id]?.count ?? 0,
                "members": try await store.members(tenantID: tenant.id).count,
                "created": PageEnvironment.format(tenant.createdAt),
            ])
        }
        let model: [String: Any] = ["title": "Tenants", "admin_tenants": true, "tenantRows": rows, "empty": rows.isEmpty]
        return environment.render("admin-tenants", model, context)
    }

    @Sendable func create(_ request: Request, context: PortalRequestContext) async throws -> Response {
        _ = try environment.requireAdmin(context)
        let name = context.form.trimmed("name") ?? ""
        try ResourceName.validateTenantName(name)
        if try await store.tenant(named: name) != nil {
            throw ManagementError(.conflict, "a tenant named '\(name)' already exists; choose another name")
        }
        try await store.createTenant(Tenant(name: name))
        context.logger.info("tenant created in the portal", metadata: ["tenant": "\(name)"])
        return PageEnvironment.redirect("/admin/tenants")
    }

    @Sendable func delete(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let identity = try environment.requireAdmin(context)
        let tenant = try await store.visibleTenant(named: try context.parameters.require("tenant"), for: identity.principal)
        guard context.form["confirm"] == tenant.name else {
            throw ManagementError(.badRequest, "type the tenant's name, '\(tenant.name)', to confirm deleting it")
        }
        let apps = try await store.apps(tenantID: tenant.id)
        if !apps.isEmpty && context.form["force"] != "on" {
            throw ManagementError(
                .conflict,
                "tenant '\(tenant.name)' still has \(apps.count) app(s) (\(apps.map(\.name).joined(separator: ", "))); "
                    + "delete them first, or tick \"with its apps\" to delete the tenant with everything in it"
            )
        }
        _ = try await store.deleteTenant(id: tenant.id)
        context.logger.info("tenant deleted in the portal", metadata: ["tenant": "\(tenant.name)", "apps": "\(apps.count)"])
        return PageEnvironment.redirect("/admin/tenants")
    }
}
