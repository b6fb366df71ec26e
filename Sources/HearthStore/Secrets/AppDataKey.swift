import Crypto
import Foundation

/// An app's data key: a 256-bit AES key that seals the app's secret settings and function keys.
///
/// The key hierarchy: a master key seals each app's data key (one data key per app and master
/// key, in `app_data_keys`); a data key is also wrapped with HPKE (``AppKeyWrap``) for each worker
/// the app is placed on. So management opens every app's secrets, and a worker that joined the
/// fleet without the master key opens only those of the apps placed on it.
///
/// Sealed format, version 3: `0x03`, the 4-byte id of the master key that seals the data key (it
/// names the data key, with the app), the 12-byte nonce, the ciphertext and the 16-byte tag
/// (AES-256-GCM, the value's context as associated data, as ``SecretCipher`` binds values to rows).
struct AppDataKey: Sendable {
    static let version: UInt8 = 3

    /// The id of the master key that seals this data key.
    let masterKeyID: SecretCipher.KeyID
    let key: SymmetricKey

    /// A new random data key under master key `masterKeyID`.
    static func generate(masterKeyID: SecretCipher.KeyID) -> AppDataKey {
        AppDataKey(masterKeyID: masterKeyID, key: SymmetricKey(size: .bits256))
    }

    /// Where the data key is stored sealed under its master key: bound to its app and key id.
    static func context(appID: UUID, masterKeyID: SecretCipher.KeyID) -> String {
        "app-data-key:\(appID.uuidString):\(masterKeyID)"
    }

    /// The bytes of the key (for sealing it under the master key or wrapping it for a worker).
    var bytes: Data { key.withUnsafeBytes { Data($0) } }

    /// `plaintext` sealed under this data key in the version-3 format.
    func seal(_ plaintext: Data, context: String) throws -> Data {
        let box = try AES.GCM.seal(plaintext, using: key, authenticating: Data(context.utf8))
        guard let combined = box.combined else { throw StoreError(.corrupt, "AES-GCM produced no combined output") }
        return Data([Self.version] + masterKeyID.bytes) + combined
    }

    /// Opens a version-3 value sealed under this data key.
    func open(_ sealed: Data, context: String) throws -> Data {
        guard sealed.first == Self.version, sealed.count > 1 + 4 + 12 + 16 else {
            throw StoreError(.corrupt, "a stored secret is not in Hearth's sealed format; the store may be damaged")
        }
        if let plain = try? SecretCipher.open(sealed.dropFirst(5), key: key, context: context) { return plain }
        throw StoreError(
            .corrupt,
            "a stored secret sealed under an app's data key (master key \(masterKeyID)) does not decrypt: it was altered or copied from another row"
        )
    }

    /// Whether `sealed` is a value under an app's data key (version 3).
    static func isSealedUnderDataKey(_ sealed: Data) -> Bool { sealed.first == version }
}
