import Foundation
import HearthCore
import HearthManagement
import HearthStore
import Hummingbird
import Logging

/// `/apps/{app}`: the active deployment's functions with trigger, route, methods, auth level and
/// full URL ("copy URL with key" for those who may read keys); enable or disable a function
/// through the `AzureWebJobs.<name>.Disabled` setting, as Azure does.
struct AppPage {
    let environment: PageEnvironment
    var store: any ManagementStore { environment.store }

    init(_ environment: PageEnvironment) { self.environment = environment }

    func register(on group: RouterGroup<PortalRequestContext>) {
        group.get("apps/:app", use: show)
        group.post("apps/:app/functions/:function/state", use: setState)
    }

    @Sendable func show(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (identity, app) = try await environment.visibleApp(context)
        var model = try await environment.appModel(app, tab: "functions")
        var functions: [FunctionDTO] = []
        if let id = app.activeDeploymentID, let deployment = try await store.deployment(id: id) {
            do {
                let loaded = try await DeploymentPipeline(store: store, configuration: environment.configuration)
                    .loadStored(deployment, appID: app.id, cache: environment.appCache)
                let configuration = try await environment.configuration.applyingInstanceSettings(from: environment.store)
                functions = loaded.functionDTOs(appName: app.name, urls: FunctionURLBuilder(configuration: configuration))
            } catch {
                model["functionNames"] = deployment.functionNames
                model["functionsError"] = ManagementError.converting(error)?.message ?? "the deployment could not be read"
            }
        }
        let revealKeys = identity.principal.canReadSecrets
        let keys = revealKeys ? try await store.keys(appID: app.id) : []
        model["functions"] = functions.map { function -> [String: Any] in
            var row: [String: Any] = [
                "name": function.name,
                "trigger": function.trigger,
                "route": function.route ?? "",
                "methods": (function.methods ?? []).joined(separator: ", "),
                "authLevel": function.authLevel ?? "",
                "url": function.invokeUrl ?? "",
                "disabled": function.disabled ?? false,
            ]
            if let url = function.invokeUrl, revealKeys {
                row["hasKeyedURLs"] = !keys.isEmpty
                row["keyedURLs"] = keys.filter { $0.scope == .host || $0.scope == .master || $0.functionName == function.name }
                    .map { key -> [String: Any] in
                        ["keyName": "\(key.scope.rawValue)/\(key.name)", "keyedURL": url + (url.contains("?") ? "&" : "?") + "code=" + key.value]
                    }
            }
            return row
        }
        model["hasFunctions"] = !functions.isEmpty
        return environment.render("app", model, context)
    }

    @Sendable func setState(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (_, app) = try await environment.changeableApp(context, action: "enable or disable functions")
        let function = try context.parameters.require("function")
        let name = "AzureWebJobs.\(function).Disabled"
        try SettingNameRules.validate(name)
        if context.form["disabled"] == "true" {
            let setting = AppSetting(name: name, value: "true", isSecret: false)
            try SettingValueRules.validate([setting], current: try await store.settings(appID: app.id))
            try await store.putSettings(appID: app.id, [setting])
        } else {
            _ = try await store.deleteSetting(appID: app.id, name: name)
        }
        context.logger.info("function state changed in the portal", metadata: ["app": "\(app.name)", "function": "\(function)"])
        return PageEnvironment.redirect("/apps/\(app.name)")
    }
}
