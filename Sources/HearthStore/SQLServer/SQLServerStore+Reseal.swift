import Foundation
import HearthCore

extension SQLServerStore {
    package func sealedSecretCounts() async throws -> [SecretCipher.KeyID?: Int] {
        try await read("sealed secrets") { c in SealedSecret.counts(try Self.sealedSecrets(c)) }
    }

    package func resealSecrets(limit: Int) async throws -> Int {
        let keyring = self.keyring
        return try await write("secret", idempotent: true) { c in
            var count = 0
            let rows = SQLServerAppKeyRows(c: c)
            for (secret, sealed) in try SealedSecret.resealed(try Self.sealedSecrets(c), keyring: keyring, rows: rows, limit: limit) {
                let result =
                    switch secret.location {
                    case .setting(let appID, let name):
                        try c.execute(
                            SQLServerStatements.resealSetting.sql,
                            [
                                "value": .bytes(sealed), "app_id": .uuid(appID), "name": .string(name), "old_value": .bytes(secret.sealed),
                            ]
                        )
                    case .key(let appID, let scope, let function, let name):
                        try c.execute(
                            SQLServerStatements.resealKey.sql,
                            [
                                "value": .bytes(sealed), "app_id": .uuid(appID), "scope": .string(scope), "function_name": .string(function),
                                "name": .string(name), "old_value": .bytes(secret.sealed),
                            ]
                        )
                    case .publishing(let appID):
                        try c.execute(
                            SQLServerStatements.resealPublishingPassword.sql,
                            [
                                "password": .bytes(sealed), "app_id": .uuid(appID), "old_password": .bytes(secret.sealed),
                            ]
                        )
                    case .totp(let userID):
                        try c.execute(
                            SQLServerStatements.resealTOTPSecret.sql,
                            ["totp_secret": .bytes(sealed), "id": .uuid(userID), "old_totp_secret": .bytes(secret.sealed)]
                        )
                    case .queueKey(let accountID, let slot):
                        try c.execute(
                            (slot == .primary
                                ? SQLServerStatements.resealQueueAccountPrimaryKey : SQLServerStatements.resealQueueAccountSecondaryKey).sql,
                            ["key": .bytes(sealed), "id": .uuid(accountID), "old_key": .bytes(secret.sealed)]
                        )
                    }
                count += SQLRow.affected(result)
            }
            return count
        }
    }

    static func sealedSecrets(_ c: TDSConnection) throws -> [SealedSecret] {
        let settings = try c.execute(SQLServerStatements.selectSealedSettings.sql).rows.map {
            SealedSecret(
                location: .setting(appID: try $0.requiredUUID("app_id"), name: try $0.requiredString("name")),
                sealed: try $0.required($0.bytes("value"), "value")
            )
        }
        let keys = try c.execute(SQLServerStatements.selectSealedKeys.sql).rows.map {
            SealedSecret(
                location: .key(
                    appID: try $0.requiredUUID("app_id"),
                    scope: try $0.requiredString("scope"),
                    function: try $0.requiredString("function_name"),
                    name: try $0.requiredString("name")
                ),
                sealed: try $0.required($0.bytes("value"), "value")
            )
        }
        let publishing = try c.execute(SQLServerStatements.selectSealedPublishingPasswords.sql).rows.map {
            SealedSecret(location: .publishing(appID: try $0.requiredUUID("app_id")), sealed: try $0.required($0.bytes("password"), "password"))
        }
        let totp = try c.execute(SQLServerStatements.selectSealedTOTPSecrets.sql).rows.map {
            SealedSecret(location: .totp(userID: try $0.requiredUUID("id")), sealed: try $0.required($0.bytes("totp_secret"), "totp_secret"))
        }
        let queueKeys = try c.execute(SQLServerStatements.selectSealedQueueAccountKeys.sql).rows.flatMap { row in
            try QueueAccountKeys.Slot.allCases.map { slot in
                let column = slot == .primary ? "primary_key" : "secondary_key"
                return SealedSecret(
                    location: .queueKey(accountID: try row.requiredUUID("id"), slot: slot),
                    sealed: try row.required(row.bytes(column), column)
                )
            }
        }
        return settings + keys + publishing + totp + queueKeys
    }
}
