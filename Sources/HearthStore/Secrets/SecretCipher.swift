import Crypto
public import Foundation

/// Encrypts secrets at rest with AES-256-GCM under the instance's master key.
///
/// Sealed format: one version byte (`0x01`), then the 12-byte nonce, the ciphertext and the 16-byte
/// tag (CryptoKit's `combined` form). The associated data binds a value to where it is stored
/// (`"setting:<app id>:<name>"`), so a ciphertext copied to another row does not decrypt.
public struct SecretCipher: Sendable {
    private let key: SymmetricKey
    private static let version: UInt8 = 1

    /// - Parameter keyBytes: exactly 32 bytes.
    public init(keyBytes: Data) throws {
        guard keyBytes.count == 32 else {
            throw StoreError(.configuration, "the master key must be 32 bytes (256 bits); this one has \(keyBytes.count). Generate one with 'head -c 32 /dev/urandom | base64'.")
        }
        self.key = SymmetricKey(data: keyBytes)
    }

    public func seal(_ plaintext: Data, context: String) throws -> Data {
        let box = try AES.GCM.seal(plaintext, using: key, authenticating: Data(context.utf8))
        guard let combined = box.combined else {
            throw StoreError(.corrupt, "AES-GCM produced no combined output")
        }
        return Data([Self.version]) + combined
    }

    public func open(_ sealed: Data, context: String) throws -> Data {
        guard sealed.first == Self.version, sealed.count > 1 + 12 + 16 else {
            throw StoreError(.corrupt, "a stored secret is not in Hearth's sealed format; the store may be damaged")
        }
        do {
            let box = try AES.GCM.SealedBox(combined: sealed.dropFirst())
            return try AES.GCM.open(box, using: key, authenticating: Data(context.utf8))
        } catch {
            throw StoreError(
                .corrupt,
                "a stored secret cannot be decrypted: the master key is not the one it was encrypted with (check HEARTH_MASTER_KEY or the data directory's master.key)"
            )
        }
    }

    public func seal(_ text: String, context: String) throws -> Data { try seal(Data(text.utf8), context: context) }

    public func openString(_ sealed: Data, context: String) throws -> String {
        String(decoding: try open(sealed, context: context), as: UTF8.self)
    }
}
