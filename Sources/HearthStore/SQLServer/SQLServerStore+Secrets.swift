package import Foundation
package import HearthCore

extension SQLServerStore {
    package func settings(appID: UUID) async throws -> [AppSetting] {
        let rows = try await read("settings") { c in try c.execute(SQLServerStatements.selectSettings.sql, ["app_id": .uuid(appID)]).rows }
        return try rows.map { row in
            let name = try row.requiredString("name")
            let raw = try row.required(row.bytes("value"), "value")
            let secret = row.bool("is_secret") ?? false
            let value = secret ? try cipher.openString(raw, context: SQLiteStore.settingContext(appID, name)) : String(decoding: raw, as: UTF8.self)
            return AppSetting(name: name, value: value, isSecret: secret, updatedAt: try row.requiredDate("updated_at"))
        }
    }

    package func putSettings(appID: UUID, _ settings: [AppSetting]) async throws {
        let sealed = try seal(settings, appID: appID)
        try await write("setting", idempotent: true) { c in try Self.upsert(sealed, appID: appID, c) }
    }

    /// Each setting with the value as stored: encrypted when secret.
    func seal(_ settings: [AppSetting], appID: UUID) throws -> [(AppSetting, Data)] {
        try settings.map { s -> (AppSetting, Data) in
            (s, s.isSecret ? try cipher.seal(s.value, context: SQLiteStore.settingContext(appID, s.name)) : Data(s.value.utf8))
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
        let rows = try await read("keys") { c in try c.execute(SQLServerStatements.selectKeys.sql, ["app_id": .uuid(appID)]).rows }
        return try rows.map { row in
            let scope = FunctionKey.Scope(rawValue: try row.requiredString("scope"))
            let function = row.string("function_name") ?? ""
            let name = try row.requiredString("name")
            let value = try cipher.openString(
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

    package func putKey(appID: UUID, _ key: FunctionKey) async throws -> Bool {
        let function = key.functionName ?? ""
        let sealed = try cipher.seal(key.value, context: SQLiteStore.keyContext(appID, key.scope, function, key.name))
        return try await write("key") { c in
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
