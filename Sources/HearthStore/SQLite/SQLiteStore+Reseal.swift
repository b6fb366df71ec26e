import Foundation
import GRDB
import HearthCore

extension SQLiteStore {
    package func sealedSecretCounts() async throws -> [SecretCipher.KeyID?: Int] {
        try await read { db in SealedSecret.counts(try Self.sealedSecrets(db)) }
    }

    package func resealSecrets(limit: Int) async throws -> Int {
        let keyring = self.keyring
        return try await write("secret") { db in
            var count = 0
            let rows = SQLiteAppKeyRows(db: db)
            for (secret, sealed) in try SealedSecret.resealed(try Self.sealedSecrets(db), keyring: keyring, rows: rows, limit: limit) {
                switch secret.location {
                case .setting(let appID, let name):
                    try db.execute(
                        sql: "UPDATE app_settings SET value = ? WHERE app_id = ? AND name = ? AND value = ?",
                        arguments: [sealed, appID.uuidString, name, secret.sealed]
                    )
                case .key(let appID, let scope, let function, let name):
                    try db.execute(
                        sql: "UPDATE function_keys SET value = ? WHERE app_id = ? AND scope = ? AND function_name = ? AND name = ? AND value = ?",
                        arguments: [sealed, appID.uuidString, scope, function, name, secret.sealed]
                    )
                case .publishing(let appID):
                    try db.execute(
                        sql: "UPDATE publishing_credentials SET password = ? WHERE app_id = ? AND password = ?",
                        arguments: [sealed, appID.uuidString, secret.sealed]
                    )
                case .totp(let userID):
                    try db.execute(
                        sql: "UPDATE users SET totp_secret = ? WHERE id = ? AND totp_secret = ?",
                        arguments: [sealed, userID.uuidString, secret.sealed]
                    )
                case .queueKey(let accountID, let slot):
                    let column = slot == .primary ? "primary_key" : "secondary_key"
                    try db.execute(
                        sql: "UPDATE queue_accounts SET \(column) = ? WHERE id = ? AND \(column) = ?",
                        arguments: [sealed, accountID.uuidString, secret.sealed]
                    )
                }
                count += db.changesCount
            }
            return count
        }
    }

    static func sealedSecrets(_ db: Database) throws -> [SealedSecret] {
        let settings = try Row.fetchAll(db, sql: "SELECT app_id, name, value FROM app_settings WHERE is_secret = 1").map {
            SealedSecret(location: .setting(appID: UUID(uuidString: $0["app_id"])!, name: $0["name"]), sealed: $0["value"])
        }
        let keys = try Row.fetchAll(db, sql: "SELECT app_id, scope, function_name, name, value FROM function_keys").map {
            SealedSecret(
                location: .key(appID: UUID(uuidString: $0["app_id"])!, scope: $0["scope"], function: $0["function_name"], name: $0["name"]),
                sealed: $0["value"]
            )
        }
        let publishing = try Row.fetchAll(db, sql: "SELECT app_id, password FROM publishing_credentials").map {
            SealedSecret(location: .publishing(appID: UUID(uuidString: $0["app_id"])!), sealed: $0["password"])
        }
        let totp = try Row.fetchAll(db, sql: "SELECT id, totp_secret FROM users WHERE totp_secret IS NOT NULL").map {
            SealedSecret(location: .totp(userID: UUID(uuidString: $0["id"])!), sealed: $0["totp_secret"])
        }
        let queueKeys = try Row.fetchAll(db, sql: "SELECT id, primary_key, secondary_key FROM queue_accounts").flatMap { row in
            QueueAccountKeys.Slot.allCases.map { slot in
                SealedSecret(
                    location: .queueKey(accountID: UUID(uuidString: row["id"])!, slot: slot),
                    sealed: row[slot == .primary ? "primary_key" : "secondary_key"]
                )
            }
        }
        return settings + keys + publishing + totp + queueKeys
    }
}
