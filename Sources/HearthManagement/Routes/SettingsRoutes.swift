import Foundation
import HearthCore
import HearthStore
import Hummingbird
import Logging

/// `/api/apps/{app}/settings`. Secret values are encrypted by the store and returned only to roles
/// that may read secrets (owner, admin); others get `"value": null, "secret": true`.
struct SettingsRoutes {
    let store: any ManagementStore

    func register(on group: RouterGroup<ManagementRequestContext>) {
        group.get("apps/:app/settings", use: list)
        group.put("apps/:app/settings", use: merge)
        group.put("apps/:app/settings/:name", use: put)
        group.delete("apps/:app/settings/:name", use: delete)
    }

    @Sendable func list(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let app = try await store.visibleApp(named: try context.parameter("app"), for: principal)
        return try await listing(app: app, principal: principal)
    }

    /// Sets the named settings and keeps the others. A plain string value keeps an existing
    /// setting's secrecy (so updating a secret never exposes it by accident).
    @Sendable func merge(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let app = try await store.visibleApp(named: try context.parameter("app"), for: principal)
        try principal.requireWrite("change settings")
        let body = try await RequestBodyReader.decode(SettingsPatchRequest.self, from: request)
        guard !body.entries.isEmpty else {
            throw ManagementError(
                .invalidJSON,
                "the body names no settings; send {\"NAME\": \"value\"} or {\"NAME\": {\"value\": \"…\", \"secret\": true}}"
            )
        }
        let settings = try await store.settings(appID: app.id)
        let current = Dictionary(settings.map { ($0.name, $0) }, uniquingKeysWith: { $1 })
        var updates: [AppSetting] = []
        for (name, value) in body.entries {
            try SettingNameRules.validate(name)
            updates.append(AppSetting(name: name, value: value.value, isSecret: value.secret ?? current[name]?.isSecret ?? false))
        }
        try SettingValueRules.validate(updates, current: settings)
        try await store.putSettings(appID: app.id, updates)
        context.logger.info("settings changed", metadata: ["app": "\(app.name)", "names": "\(updates.map(\.name).joined(separator: ","))"])
        return try await listing(app: app, principal: principal)
    }

    @Sendable func put(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let app = try await store.visibleApp(named: try context.parameter("app"), for: principal)
        try principal.requireWrite("change settings")
        let name = try context.parameter("name")
        try SettingNameRules.validate(name)
        let body = try await RequestBodyReader.decode(SettingValueRequest.self, from: request)
        let settings = try await store.settings(appID: app.id)
        let existing = settings.first { $0.name == name }
        let setting = AppSetting(name: name, value: body.value, isSecret: body.secret ?? existing?.isSecret ?? false)
        try SettingValueRules.validate([setting], current: settings)
        try await store.putSettings(appID: app.id, [setting])
        context.logger.info("setting changed", metadata: ["app": "\(app.name)", "name": "\(name)", "secret": "\(setting.isSecret)"])
        return try JSONResponse.make(SettingDTO(setting, reveal: principal.canReadSecrets), status: existing == nil ? .created : .ok)
    }

    @Sendable func delete(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let app = try await store.visibleApp(named: try context.parameter("app"), for: principal)
        try principal.requireWrite("change settings")
        let name = try context.parameter("name")
        guard try await store.deleteSetting(appID: app.id, name: name) else {
            throw ManagementError(.notFound, "app '\(app.name)' has no setting named '\(name)'")
        }
        context.logger.info("setting deleted", metadata: ["app": "\(app.name)", "name": "\(name)"])
        return JSONResponse.noContent()
    }

    func listing(app: AppRecord, principal: Principal) async throws -> Response {
        let settings = try await store.settings(appID: app.id).sorted { $0.name < $1.name }
        return try JSONResponse.make(SettingListDTO(settings: settings.map { SettingDTO($0, reveal: principal.canReadSecrets) }))
    }
}
