public import Foundation
import HearthCore

/// One value the store keeps sealed (a secret setting, a function key, a publishing password, a
/// user's TOTP secret, a queue account's key):
/// where it is, and its ciphertext. What `hearth secrets rotate-master-key` walks over.
struct SealedSecret: Sendable {
    enum Location: Sendable {
        case setting(appID: UUID, name: String)
        case key(appID: UUID, scope: String, function: String, name: String)
        case publishing(appID: UUID)
        case totp(userID: UUID)
        case queueKey(accountID: UUID, slot: QueueAccountKeys.Slot)
    }

    var location: Location
    var sealed: Data

    /// The associated data the value was sealed with (binds it to its row).
    var context: String {
        switch location {
        case .setting(let appID, let name): SQLiteStore.settingContext(appID, name)
        case .key(let appID, let scope, let function, let name): SQLiteStore.keyContext(appID, .init(rawValue: scope), function, name)
        case .publishing(let appID): SQLiteStore.publishingContext(appID)
        case .totp(let userID): User.totpContext(userID)
        case .queueKey(let accountID, let slot): QueueSealing.context(accountID, slot)
        }
    }

    /// The app whose data key seals this value (settings and function keys); `nil` for values
    /// sealed directly under a master key.
    var appID: UUID? {
        switch location {
        case .setting(let appID, _), .key(let appID, _, _, _): appID
        case .publishing, .totp, .queueKey: nil
        }
    }

    /// Whether the value is not where it belongs: under the app's data key for the primary master
    /// key (app values; older ones are under a master key directly), or under the primary master key.
    func needsReseal(_ cipher: SecretCipher) -> Bool {
        guard appID != nil else { return cipher.needsReseal(sealed) }
        return !AppDataKey.isSealedUnderDataKey(sealed) || cipher.needsReseal(sealed)
    }

    /// Up to `limit` of `secrets` re-sealed under the primary key (app values: under the app's data
    /// key for it, created when missing), each with the ciphertext it replaces (the update applies
    /// only while the row still holds that one).
    static func resealed(_ secrets: [SealedSecret], keyring: AppKeyring, rows: some AppKeyRows, limit: Int) throws -> [(SealedSecret, Data)] {
        let cipher = keyring.cipher
        var primaryKeys: [UUID: AppDataKey] = [:]
        var resealed: [(SealedSecret, Data)] = []
        for secret in secrets.lazy.filter({ $0.needsReseal(cipher) }).prefix(limit) {
            guard let appID = secret.appID else {
                resealed.append((secret, try cipher.reseal(secret.sealed, context: secret.context)))
                continue
            }
            var opener = keyring.opener(appID: appID, rows)
            let plain = try opener.open(secret.sealed, context: secret.context)
            let key = try primaryKeys[appID] ?? keyring.primaryDataKey(appID: appID, rows)
            primaryKeys[appID] = key
            resealed.append((secret, try key.seal(plain, context: secret.context)))
        }
        return resealed
    }

    /// How many values each key sealed (`nil`: the version-1 format, which does not say).
    static func counts(_ secrets: [SealedSecret]) -> [SecretCipher.KeyID?: Int] {
        secrets.reduce(into: [:]) { $0[SecretCipher.keyID(of: $1.sealed), default: 0] += 1 }
    }
}
