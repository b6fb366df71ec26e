package import HearthCore
package import HearthStore

extension ManagementStore {
    /// Fails with 409 when an app of any tenant already has `name` (app names are unique).
    package func requireAppNameFree(_ name: String) async throws {
        if try await app(named: name) != nil {
            throw ManagementError(
                .conflict,
                "an app named '\(name)' already exists in this instance (app names are unique across tenants); choose another name"
            )
        }
    }

    /// Stores a new app with its master key (`master`) and a host function key (`default`).
    package func createAppWithKeys(_ app: AppRecord) async throws -> AppRecord {
        try await createApp(app)
        _ = try await putKey(appID: app.id, FunctionKey(scope: .master, name: "master", value: KeyValues.generate(.master)))
        _ = try await putKey(appID: app.id, FunctionKey(scope: .host, name: "default", value: KeyValues.generate(.host)))
        return app
    }
}
