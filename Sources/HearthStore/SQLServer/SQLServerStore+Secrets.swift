package import Foundation
package import HearthCore

extension SQLServerStore {
    package func settings(appID: UUID) async throws -> [AppSetting] {
        let keyring = self.keyring
        return try await read("settings") { c in
            var opener = keyring.opener(appID: appID, SQLServerAppKeyRows(c: c))
            return try c.execute(SQLServerStatements.selectSettings.sql, ["app_id": .uuid(appID)]).rows.map { row in
                let name = try row.requiredString("name")
                let raw = try row.required(row.bytes("value"), "value")
                let secret = row.bool("is_secret") ?? false
                let value =
                    secret ? try opener.openString(raw, context: SQLiteStore.settingContext(appID, name)) : String(decoding: raw, as: UTF8.self)
                return AppSetting(name: name, value: value, isSecret: secret, updatedAt: try row.requiredDate("updated_at"))
            }
        }
    }

    package func putSettings(appID: UUID, _ settings: [AppSetting]) async throws {
        let keyring = self.keyring
        try await write("setting", idempotent: true) { c in
            try Self.upsert(try Self.seal(settings, appID: appID, keyring: keyring, c), appID: appID, c)
        }
    }

    /// Each setting with the value as stored: encrypted under the app's data key when secret (the
    /// data key is created, in the caller's transaction, with the first secret).
    static func seal(_ settings: [AppSetting], appID: UUID, keyring: AppKeyring, _ c: TDSConnection) throws -> [(AppSetting, Data)] {
        let key = try settings.contains(where: \.isSecret) ? keyring.primaryDataKey(appID: appID, SQLServerAppKeyRows(c: c)) : nil
        return try settings.map { s -> (AppSetting, Data) in
            guard s.isSecret, let key else { return (s, Data(s.value.utf8)) }
            return (s, try key.seal(Data(s.value.utf8), context: SQLiteStore.settingContext(appID, s.name)))
        }
    }

    /// Inserts or replaces sealed settings and bumps the change counter.
    static func upsert(_ sealed: [(AppSetting, Data)], appID: UUID, _ c: TDSConnection) throws {
        for (setting, value) in sealed {
            _ = try c.execute(
                SQLServerStatements.upsertSetting.sql,
                [
                    "app_id": .uuid(appID), "name": .string(setting.name), "value": .bytes(value), "is_secret": .bool(setting.isSecret),
                    "updated_at": .time(setting.updatedAt),
                ]
            )
        }
        _ = try c.execute(SQLServerStatements.bumpChangeCounter.sql)
    }

    package func deleteSetting(appID: UUID, name: String) async throws -> Bool {
        try await write("setting", idempotent: true) { c in
            let deleted = SQLRow.affected(try c.execute(SQLServerStatements.deleteSetting.sql, ["app_id": .uuid(appID), "name": .string(name)])) > 0
            if deleted { _ = try c.execute(SQLServerStatements.bumpChangeCounter.sql) }
            return deleted
        }
    }

    package func keys(appID: UUID) async throws -> [FunctionKey] {
        let keyring = self.keyring
        return try await read("keys") { c in
            var opener = keyring.opener(appID: appID, SQLServerAppKeyRows(c: c))
            return try c.execute(SQLServerStatements.selectKeys.sql, ["app_id": .uuid(appID)]).rows.map { row in
                let scope = FunctionKey.Scope(rawValue: try row.requiredString("scope"))
                let function = row.string("function_name") ?? ""
                let name = try row.requiredString("name")
                let value = try opener.openString(
                    try row.required(row.bytes("value"), "value"),
                    context: SQLiteStore.keyContext(appID, scope, function, name)
                )
                return FunctionKey(
                    scope: scope,
                    functionName: function.isEmpty ? nil : function,
                    name: name,
                    value: value,
                    createdAt: try row.requiredDate("created_at"),
                    updatedAt: try row.requiredDate("updated_at")
                )
            }
        }
    }

    package func putKey(appID: UUID, _ key: FunctionKey) async throws -> Bool {
        let function = key.functionName ?? ""
        let keyring = self.keyring
        return try await write("key") { c in
            let sealed = try keyring.primaryDataKey(appID: appID, SQLServerAppKeyRows(c: c))
                .seal(Data(key.value.utf8), context: SQLiteStore.keyContext(appID, key.scope, function, key.name))
            let result = try c.execute(
                SQLServerStatements.upsertKey.sql,
                [
                    "app_id": .uuid(appID), "scope": .string(key.scope.rawValue), "function_name": .string(function), "name": .string(key.name),
                    "value": .bytes(sealed), "created_at": .time(key.createdAt), "updated_at": .time(key.updatedAt),
                ]
            )
            _ = try c.execute(SQLServerStatements.bumpChangeCounter.sql)
            return result.resultSets.last?.first?.bool("inserted") ?? false
        }
    }

    package func deleteKey(appID: UUID, scope: FunctionKey.Scope, functionName: String?, name: String) async throws -> Bool {
        try await write("key", idempotent: true) { c in
            let result = try c.execute(
                SQLServerStatements.deleteKey.sql,
                [
                    "app_id": .uuid(appID), "scope": .string(scope.rawValue), "function_name": .string(functionName ?? ""), "name": .string(name),
                ]
            )
            let deleted = SQLRow.affected(result) > 0
            if deleted { _ = try c.execute(SQLServerStatements.bumpChangeCounter.sql) }
            return deleted
        }
    }
}
