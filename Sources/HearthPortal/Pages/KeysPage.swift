import Foundation
import HearthCore
import HearthManagement
import HearthStore
import Hummingbird
import Logging

/// `/apps/{app}/keys`: the master, host and function keys; values revealed only to those who may
/// read secrets (owners, admins), as in the API. Create, regenerate and delete need a writer; a
/// function key is created only for a function of the active deployment.
struct KeysPage {
    let environment: PageEnvironment
    var store: any ManagementStore { environment.store }

    init(_ environment: PageEnvironment) { self.environment = environment }

    func register(on group: RouterGroup<PortalRequestContext>) {
        group.get("apps/:app/keys", use: list)
        group.post("apps/:app/keys", use: create)
        group.post("apps/:app/keys/regenerate", use: regenerate)
        group.post("apps/:app/keys/delete", use: delete)
    }

    @Sendable func list(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (identity, app) = try await environment.visibleApp(context)
        var model = try await environment.appModel(app, tab: "keys")
        let reveal = identity.principal.canReadSecrets
        let keys = try await store.keys(appID: app.id).filter { $0.scope != .system }
        model["keys"] = keys.sorted { ($0.scope.rawValue, $0.functionName ?? "", $0.name) < ($1.scope.rawValue, $1.functionName ?? "", $1.name) }
            .map { key -> [String: Any] in
                [
                    "scope": key.scope.rawValue,
                    "function": key.functionName ?? "",
                    "name": key.name,
                    "value": reveal ? key.value : "",
                    "masked": !reveal,
                    "deletable": key.scope != .master,
                ]
            }
        return environment.render("keys", model, context)
    }

    /// The key a form names (`scope`, `function`, `name`), if the app has it.
    func key(_ form: PortalForm, app: AppRecord) async throws -> FunctionKey {
        let scope = FunctionKey.Scope(rawValue: form["scope"] ?? "")
        let function = form.trimmed("function")
        guard
            let key = try await store.keys(appID: app.id).first(where: {
                $0.scope == scope && $0.name == form["name"] && (scope != .function || $0.functionName == function) && $0.scope != .system
            })
        else {
            throw ManagementError(.notFound, "app '\(app.name)' has no such key")
        }
        return key
    }

    @Sendable func create(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (_, app) = try await environment.changeableApp(context, action: "create keys")
        let name = context.form.trimmed("name") ?? ""
        try KeyValues.validateName(name)
        // A function key belongs to a function of the active deployment, spelled as it spells it (as in the API).
        var function = context.form.trimmed("function")
        if let requested = function { function = try await store.activeFunctionName(requested, of: app) }
        let scope: FunctionKey.Scope = function == nil ? .host : .function
        if try await store.keys(appID: app.id).contains(where: { $0.scope == scope && $0.name == name && $0.functionName == function }) {
            throw ManagementError(.conflict, "a key named '\(name)' already exists there; regenerate it instead")
        }
        _ = try await store.putKey(appID: app.id, FunctionKey(scope: scope, functionName: function, name: name, value: KeyValues.generate(scope)))
        context.logger.info("key created in the portal", metadata: ["app": "\(app.name)", "key": "\(name)"])
        return PageEnvironment.redirect("/apps/\(app.name)/keys")
    }

    @Sendable func regenerate(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (_, app) = try await environment.changeableApp(context, action: "regenerate keys")
        var key = try await key(context.form, app: app)
        key.value = KeyValues.generate(key.scope)
        key.updatedAt = Date()
        _ = try await store.putKey(appID: app.id, key)
        context.logger.info("key regenerated in the portal", metadata: ["app": "\(app.name)", "key": "\(key.name)"])
        return PageEnvironment.redirect("/apps/\(app.name)/keys")
    }

    @Sendable func delete(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (_, app) = try await environment.changeableApp(context, action: "delete keys")
        let key = try await key(context.form, app: app)
        guard key.scope != .master else { throw ManagementError(.badRequest, "the master key cannot be deleted; regenerate it instead") }
        _ = try await store.deleteKey(appID: app.id, scope: key.scope, functionName: key.functionName, name: key.name)
        context.logger.info("key deleted in the portal", metadata: ["app": "\(app.name)", "key": "\(key.name)"])
        return PageEnvironment.redirect("/apps/\(app.name)/keys")
    }
}
