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

    /// Up to `limit` of `secrets` re-sealed under the cipher's primary key, each with the ciphertext
    /// it replaces (the update applies only while the row still holds that one).
    static func resealed(_ secrets: [SealedSecret], cipher: SecretCipher, limit: Int) throws -> [(SealedSecret, Data)] {
        try secrets.lazy.filter { cipher.needsReseal($0.sealed) }.prefix(limit).map { ($0, try cipher.reseal($0.sealed, context: $0.context)) }
    }

    /// How many values each key sealed (`nil`: the version-1 format, which does not say).
    static func counts(_ secrets: [SealedSecret]) -> [SecretCipher.KeyID?: Int] {
        secrets.reduce(into: [:]) { $0[SecretCipher.keyID(of: $1.sealed), default: 0] += 1 }
    }
}
