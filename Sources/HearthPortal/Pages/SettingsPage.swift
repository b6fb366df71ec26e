import Foundation
import HearthCore
import HearthManagement
import HearthStore
import Hummingbird
import Logging

/// `/apps/{app}/settings`: values shown only where the API would return them (secret values only
/// to owners and admins); set and delete with the API's name and value rules.
struct SettingsPage {
    let environment: PageEnvironment
    var store: any ManagementStore { environment.store }

    init(_ environment: PageEnvironment) { self.environment = environment }

    func register(on group: RouterGroup<PortalRequestContext>) {
        group.get("apps/:app/settings", use: list)
        group.post("apps/:app/settings", use: put)
        group.post("apps/:app/settings/delete", use: delete)
    }

    @Sendable func list(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (identity, app) = try await environment.visibleApp(context)
        var model = try await environment.appModel(app, tab: "settings")
        let reveal = identity.principal.canReadSecrets
        model["settings"] = try await store.settings(appID: app.id).sorted { $0.name < $1.name }.map { setting -> [String: Any] in
            let dto = SettingDTO(setting, reveal: reveal)
            return [
                "name": dto.name,
                "value": dto.value ?? "",
                "masked": dto.value == nil,
                "secret": dto.secret,
                "updatedAt": PageEnvironment.format(dto.updatedAt),
            ]
        }
        return environment.render("settings", model, context)
    }

    @Sendable func put(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (_, app) = try await environment.changeableApp(context, action: "change settings")
        let name = context.form["name"] ?? ""
        try SettingNameRules.validate(name)
        let settings = try await store.settings(appID: app.id)
        let existing = settings.first { $0.name == name }
        let secret = context.form["secret"].map { $0 == "on" || $0 == "true" } ?? existing?.isSecret ?? false
        let setting = AppSetting(name: name, value: context.form["value"] ?? "", isSecret: secret)
        try SettingValueRules.validate([setting], current: settings)
        try await store.putSettings(appID: app.id, [setting])
        context.logger.info("setting changed in the portal", metadata: ["app": "\(app.name)", "name": "\(name)", "secret": "\(secret)"])
        return PageEnvironment.redirect("/apps/\(app.name)/settings")
    }

    @Sendable func delete(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (_, app) = try await environment.changeableApp(context, action: "change settings")
        let name = context.form["name"] ?? ""
        guard try await store.deleteSetting(appID: app.id, name: name) else {
            throw ManagementError(.notFound, "app '\(app.name)' has no setting named '\(name)'")
        }
        context.logger.info("setting deleted in the portal", metadata: ["app": "\(app.name)", "name": "\(name)"])
        return PageEnvironment.redirect("/apps/\(app.name)/settings")
    }
}
