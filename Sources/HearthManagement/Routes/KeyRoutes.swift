import Foundation
import HTTPTypes
import HearthCore
import HearthStore
import Hummingbird
import Logging

/// The Azure Functions admin key API, per app, under `/api/apps/{app}/admin/`:
/// `functions/{fn}/keys[/{name}]`, `host/keys[/{name}]` (= `host/functionkeys`), `host/systemkeys[/{name}]`,
/// and the master key as `host/keys/_master`.
///
/// Values are listed only to roles that may read secrets; a contributor sees the value of a key in
/// the response of the call that created or regenerated it, and `null` elsewhere.
struct KeyRoutes {
    let store: any ManagementStore

    static let masterName = "_master"

    func register(on group: RouterGroup<ManagementRequestContext>) {
        for (path, scope) in [
            ("functions/:fn/keys", FunctionKey.Scope.function), ("host/keys", .host), ("host/functionkeys", .host), ("host/systemkeys", .system),
        ] {
            let base = "apps/:app/admin/\(path)"
            group.get(RouterPath(base)) { request, context in try await list(request, context: context, scope: scope) }
            group.get(RouterPath(base + "/:name")) { request, context in try await show(request, context: context, scope: scope) }
            group.put(RouterPath(base + "/:name")) { request, context in try await put(request, context: context, scope: scope, generate: false) }
            group.post(RouterPath(base + "/:name")) { request, context in try await put(request, context: context, scope: scope, generate: true) }
            group.delete(RouterPath(base + "/:name")) { request, context in try await delete(request, context: context, scope: scope) }
        }
    }

    // MARK: Handlers

    func list(_ request: Request, context: ManagementRequestContext, scope: FunctionKey.Scope) async throws -> Response {
        let principal = try context.requirePrincipal()
        let (app, target) = try await resolve(context: context, scope: scope, principal: principal)
        let keys = try await store.keys(appID: app.id).filter(target.matches).sorted { $0.name < $1.name }
        let reveal = principal.canReadSecrets
        let body = KeyListDTO(
            keys: keys.map { KeyDTO(name: $0.name, value: reveal ? $0.value : nil) },
            links: [LinkDTO(rel: "self", href: selfLink(request))]
        )
        return try JSONResponse.make(body)
    }

    func show(_ request: Request, context: ManagementRequestContext, scope: FunctionKey.Scope) async throws -> Response {
        let principal = try context.requirePrincipal()
        let name = try context.parameter("name")
        let (app, target) = try await resolve(context: context, scope: scope, principal: principal, keyName: name)
        let key = try await existingKey(app: app, target: target, name: name)
        let reveal = principal.canReadSecrets
        return try JSONResponse.make(KeyDTO(name: key.name, value: reveal ? key.value : nil, links: [LinkDTO(rel: "self", href: selfLink(request))]))
    }

    /// PUT sets a given value (body `{"name", "value"}`), POST generates one. 201 when the key is
    /// new, 200 when it replaced a value. The response carries the value.
    func put(_ request: Request, context: ManagementRequestContext, scope: FunctionKey.Scope, generate: Bool) async throws -> Response {
        let principal = try context.requirePrincipal()
        let name = try context.parameter("name")
        let (app, target) = try await resolve(context: context, scope: scope, principal: principal, keyName: name)
        try principal.requireWrite(generate ? "generate keys" : "set keys")
        let value: String
        if generate {
            value = KeyValues.generate(target.scope)
        } else {
            let body = try await RequestBodyReader.decode(KeyRequest.self, from: request)
            if let bodyName = body.name, bodyName != name, !(target.scope == .master && bodyName == "master") {
                throw ManagementError(.badRequest, "the body names key '\(bodyName)' but the URL names '\(name)'; they must match")
            }
            try KeyValues.validate(body.value)
            value = body.value
        }
        let storedName = target.scope == .master ? "master" : name
        if target.scope != .master {
            try KeyValues.validateName(name)
        }
        let existing = try await store.keys(appID: app.id).first { target.matches($0) && $0.name == storedName }
        let key = FunctionKey(
            scope: target.scope,
            functionName: target.functionName,
            name: storedName,
            value: value,
            createdAt: existing?.createdAt ?? Date(),
            updatedAt: Date()
        )
        let created = try await store.putKey(appID: app.id, key)
        context.logger.info(
            generate ? "key generated" : "key set",
            metadata: ["app": "\(app.name)", "keys": "\(target.label)", "key": "\(storedName)"]
        )
        return try JSONResponse.make(
            KeyDTO(name: storedName, value: value, links: [LinkDTO(rel: "self", href: selfLink(request))]),
            status: created ? .created : .ok
        )
    }

    func delete(_ request: Request, context: ManagementRequestContext, scope: FunctionKey.Scope) async throws -> Response {
        let principal = try context.requirePrincipal()
        let name = try context.parameter("name")
        let (app, target) = try await resolve(context: context, scope: scope, principal: principal, keyName: name)
        try principal.requireWrite("delete keys")
        if target.scope == .master {
            throw ManagementError(
                .badRequest,
                "the master key cannot be deleted; regenerate it with POST …/admin/host/keys/_master ('hearth keys generate APP --master')"
            )
        }
        guard try await store.deleteKey(appID: app.id, scope: target.scope, functionName: target.functionName, name: name) else {
            throw ManagementError(.notFound, "app '\(app.name)' has no \(target.label) key named '\(name)'")
        }
        context.logger.info("key deleted", metadata: ["app": "\(app.name)", "keys": "\(target.label)", "key": "\(name)"])
        return JSONResponse.noContent()
    }

    // MARK: Helpers

    /// The app and key set a route addresses. `host/keys/_master` addresses the master key; a
    /// function must exist in the app's active deployment.
    func resolve(
        context: ManagementRequestContext,
        scope: FunctionKey.Scope,
        principal: Principal,
        keyName: String? = nil
    ) async throws -> (AppRecord, KeyTarget) {
        let app = try await store.visibleApp(named: try context.parameter("app"), for: principal)
        if scope == .host, keyName == Self.masterName {
            return (app, KeyTarget(scope: .master, functionName: nil))
        }
        guard scope == .function else { return (app, KeyTarget(scope: scope, functionName: nil)) }
        let name = try await store.activeFunctionName(try context.parameter("fn"), of: app)
        return (app, KeyTarget(scope: .function, functionName: name))
    }

    func existingKey(app: AppRecord, target: KeyTarget, name: String) async throws -> FunctionKey {
        let storedName = target.scope == .master ? "master" : name
        guard let key = try await store.keys(appID: app.id).first(where: { target.matches($0) && $0.name == storedName }) else {
            throw ManagementError(.notFound, "app '\(app.name)' has no \(target.label) key named '\(name)'")
        }
        return key
    }

    /// The absolute URL of the request, as Azure's `links` carry it.
    func selfLink(_ request: Request) -> String {
        let path = request.uri.path
        guard let authority = request.head.authority else { return path }
        return "\(request.head.scheme ?? "http")://\(authority)\(path)"
    }
}
