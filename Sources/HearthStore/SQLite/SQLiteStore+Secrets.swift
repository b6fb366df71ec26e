package import Foundation
import GRDB
package import HearthCore

extension SQLiteStore {
    package func settings(appID: UUID) async throws -> [AppSetting] {
        let keyring = self.keyring
        return try await read { db in
            var opener = keyring.opener(appID: appID, SQLiteAppKeyRows(db: db))
            return try Row.fetchAll(
                db,
                sql: "SELECT name, value, is_secret, updated_at FROM app_settings WHERE app_id = ? ORDER BY name",
                arguments: [appID.uuidString]
            )
            .map { row in
                let name: String = row["name"]
                let raw: Data = row["value"]
                let secret: Bool = row["is_secret"]
                let value = secret ? try opener.openString(raw, context: Self.settingContext(appID, name)) : String(decoding: raw, as: UTF8.self)
                return AppSetting(name: name, value: value, isSecret: secret, updatedAt: Date(millisecondsSince1970: row["updated_at"]))
            }
        }
    }

    package func putSettings(appID: UUID, _ settings: [AppSetting]) async throws {
        let keyring = self.keyring
        try await write("setting") { db in
            try Self.upsert(try Self.seal(settings, appID: appID, keyring: keyring, db), appID: appID, db)
        }
    }

    /// Each setting with the value as stored: encrypted under the app's data key when secret (the
    /// data key is created, in the caller's transaction, with the first secret).
    static func seal(_ settings: [AppSetting], appID: UUID, keyring: AppKeyring, _ db: Database) throws -> [(AppSetting, Data)] {
        let key = try settings.contains(where: \.isSecret) ? keyring.primaryDataKey(appID: appID, SQLiteAppKeyRows(db: db)) : nil
        return try settings.map { s -> (AppSetting, Data) in
            guard s.isSecret, let key else { return (s, Data(s.value.utf8)) }
            return (s, try key.seal(Data(s.value.utf8), context: Self.settingContext(appID, s.name)))
        }
    }

    /// Inserts or replaces sealed settings and bumps the change counter.
    static func upsert(_ sealed: [(AppSetting, Data)], appID: UUID, _ db: Database) throws {
        for (setting, value) in sealed {
            try db.execute(
                sql: "INSERT OR REPLACE INTO app_settings (app_id, name, value, is_secret, updated_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [appID.uuidString, setting.name, value, setting.isSecret, setting.updatedAt.millisecondsSince1970]
            )
        }
        try bump(db)
    }

    package func deleteSetting(appID: UUID, name: String) async throws -> Bool {
        try await write("setting") { db in
            try db.execute(sql: "DELETE FROM app_settings WHERE app_id = ? AND name = ?", arguments: [appID.uuidString, name])
            let deleted = db.changesCount > 0
            if deleted { try Self.bump(db) }
            return deleted
        }
    }

    package func keys(appID: UUID) async throws -> [FunctionKey] {
        let keyring = self.keyring
        return try await read { db in
            var opener = keyring.opener(appID: appID, SQLiteAppKeyRows(db: db))
            return try Row.fetchAll(
                db,
                sql: "SELECT * FROM function_keys WHERE app_id = ? ORDER BY scope, function_name, name",
                arguments: [appID.uuidString]
            )
            .map { row in
                let scope = FunctionKey.Scope(rawValue: row["scope"])
                let function: String = row["function_name"]
                let name: String = row["name"]
                let value = try opener.openString(row["value"], context: Self.keyContext(appID, scope, function, name))
                return FunctionKey(
                    scope: scope,
                    functionName: function.isEmpty ? nil : function,
                    name: name,
                    value: value,
                    createdAt: Date(millisecondsSince1970: row["created_at"]),
                    updatedAt: Date(millisecondsSince1970: row["updated_at"])
                )
            }
        }
    }

    package func putKey(appID: UUID, _ key: FunctionKey) async throws -> Bool {
        let function = key.functionName ?? ""
        let keyring = self.keyring
        return try await write("key") { db in
            let sealed = try keyring.primaryDataKey(appID: appID, SQLiteAppKeyRows(db: db))
                .seal(Data(key.value.utf8), context: Self.keyContext(appID, key.scope, function, key.name))
            let existed =
                try Bool.fetchOne(
                    db,
                    sql: "SELECT 1 FROM function_keys WHERE app_id = ? AND scope = ? AND function_name = ? AND name = ?",
                    arguments: [appID.uuidString, key.scope.rawValue, function, key.name]
                ) ?? false
            try db.execute(
                sql: """
                    INSERT INTO function_keys (app_id, scope, function_name, name, value, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (app_id, scope, function_name, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                    """,
                arguments: [
                    appID.uuidString, key.scope.rawValue, function, key.name, sealed,
                    key.createdAt.millisecondsSince1970, key.updatedAt.millisecondsSince1970,
                ]
            )
            try Self.bump(db)
            return !existed
        }
    }

    package func deleteKey(appID: UUID, scope: FunctionKey.Scope, functionName: String?, name: String) async throws -> Bool {
        try await write("key") { db in
            try db.execute(
                sql: "DELETE FROM function_keys WHERE app_id = ? AND scope = ? AND function_name = ? AND name = ?",
                arguments: [appID.uuidString, scope.rawValue, functionName ?? "", name]
            )
            let deleted = db.changesCount > 0
            if deleted { try Self.bump(db) }
            return deleted
        }
    }

    static func settingContext(_ appID: UUID, _ name: String) -> String { "setting:\(appID.uuidString):\(name)" }
    static func keyContext(_ appID: UUID, _ scope: FunctionKey.Scope, _ function: String, _ name: String) -> String {
        "key:\(appID.uuidString):\(scope.rawValue):\(function.lowercased()):\(name)"
    }
}
