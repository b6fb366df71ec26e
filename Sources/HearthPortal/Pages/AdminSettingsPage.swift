import Foundation
import HearthCore
import HearthManagement
import HearthStore
import Hummingbird
import Logging

/// `/admin/settings` (instance admins only; 404 for anyone else): the public URLs (portal,
/// function host, Kudu) that function URLs and publish profiles use in place of the command
/// line's, the second factor required for the instance or per tenant, and audit retention.
struct AdminSettingsPage {
    let environment: PageEnvironment
    var store: any ManagementStore { environment.store }

    init(_ environment: PageEnvironment) { self.environment = environment }

    func register(on group: RouterGroup<PortalRequestContext>) {
        group.get("admin/settings", use: show)
        group.post("admin/settings", use: save)
    }

    @Sendable func show(_ request: Request, context: PortalRequestContext) async throws -> Response {
        _ = try environment.requireAdmin(context)
        let settings = try await store.instanceSettings()
        let tenants = try await store.tenants().sorted { $0.name < $1.name }.map { tenant -> [String: Any] in
            ["name": tenant.name, "required": settings.tenantsRequiringSecondFactor.contains(tenant.id)]
        }
        let model: [String: Any] = [
            "title": "Instance settings",
            "admin_settings": true,
            "portalURL": settings.portalURL ?? "",
            "functionHostURL": settings.functionHostURL ?? "",
            "kuduURL": settings.kuduURL ?? "",
            "defaultFunctionHostURL": environment.configuration.workerPublicURL,
            "defaultKuduURL": environment.configuration.scmURL ?? "",
            "requireSecondFactor": settings.requireSecondFactor,
            "secondFactorTenants": tenants,
            "auditRetentionDays": settings.auditRetentionDays.map(String.init) ?? "",
        ]
        return environment.render("admin-settings", model, context)
    }

    @Sendable func save(_ request: Request, context: PortalRequestContext) async throws -> Response {
        _ = try environment.requireAdmin(context)
        let form = context.form
        var settings = try await store.instanceSettings()
        settings.portalURL = try PublicURLRule.validate(form["portalURL"], field: "portal URL")
        settings.functionHostURL = try PublicURLRule.validate(form["functionHostURL"], field: "function host URL")
        settings.kuduURL = try PublicURLRule.validate(form["kuduURL"], field: "Kudu URL", allowAppPlaceholder: true)
        settings.requireSecondFactor = form["requireSecondFactor"] == "on"
        let tenants = try await store.tenants()
        settings.tenantsRequiringSecondFactor = Set(tenants.filter { form["secondFactor.\($0.name)"] == "on" }.map(\.id))
        if let days = form.trimmed("auditRetentionDays") {
            guard let value = Int(days), (1...36_500).contains(value) else {
                throw ManagementError(.badRequest, "audit retention is a number of days from 1 to 36500, or empty to keep every event")
            }
            settings.auditRetentionDays = value
        } else {
            settings.auditRetentionDays = nil
        }
        try await store.setInstanceSettings(settings)
        context.logger.info("instance settings changed in the portal")
        return PageEnvironment.redirect("/admin/settings")
    }
}
