import Crypto
import Foundation

/// An app's data key wrapped for one worker with HPKE (RFC 9180, base mode,
/// DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20-Poly1305) to the worker's X25519 public key.
///
/// The HPKE `info` binds the wrap to its app, its worker and the master key id of the data key, so
/// a wrap copied to another app's or worker's row does not open. Only the worker's private key
/// (0600 in its data directory) opens it.
struct AppKeyWrap: Sendable, Equatable {
    /// The HPKE encapsulated key (32 bytes for X25519).
    var encapsulatedKey: Data
    /// The data key sealed to the worker (32 bytes and a 16-byte tag).
    var ciphertext: Data

    init(encapsulatedKey: Data, ciphertext: Data) {
        self.encapsulatedKey = encapsulatedKey
        self.ciphertext = ciphertext
    }

    static let ciphersuite = HPKE.Ciphersuite.Curve25519_SHA256_ChachaPoly

    static func info(appID: UUID, workerID: UUID, masterKeyID: SecretCipher.KeyID) -> Data {
        Data("hearth app data key\0\(appID.uuidString)\0\(workerID.uuidString)\0\(masterKeyID)".utf8)
    }

    /// The worker's public key from its registration's raw 32 bytes.
    static func publicKey(_ raw: Data) throws -> Curve25519.KeyAgreement.PublicKey {
        do {
            return try Curve25519.KeyAgreement.PublicKey(rawRepresentation: raw)
        } catch {
            throw StoreError(.corrupt, "a worker's registered public key is not an X25519 key (\(raw.count) bytes, 32 expected)")
        }
    }

    /// Wraps `dataKey` of app `appID` for worker `workerID`, whose X25519 public key is `publicKey` (raw, 32 bytes).
    static func wrap(_ dataKey: AppDataKey, appID: UUID, workerID: UUID, publicKey: Data) throws -> AppKeyWrap {
        try seal(dataKey.bytes, info: info(appID: appID, workerID: workerID, masterKeyID: dataKey.masterKeyID), publicKey: publicKey)
    }

    /// Seals `secret` for the X25519 public key `publicKey` (raw, 32 bytes), bound to `info`: the
    /// one HPKE wrap of the store (apps' data keys, the fleet forwarding key).
    static func seal(_ secret: Data, info: Data, publicKey: Data) throws -> AppKeyWrap {
        var sender = try HPKE.Sender(recipientKey: try Self.publicKey(publicKey), ciphersuite: ciphersuite, info: info)
        let ciphertext = try sender.seal(secret)
        return AppKeyWrap(encapsulatedKey: sender.encapsulatedKey, ciphertext: ciphertext)
    }

    /// The secret this wrap holds, opened with the worker's private key and the `info` it was sealed
    /// with; `nil` when it does not open (altered, or sealed for another key or `info`).
    func open(info: Data, privateKey: Curve25519.KeyAgreement.PrivateKey) -> Data? {
        guard
            var recipient = try? HPKE.Recipient(
                privateKey: privateKey,
                ciphersuite: Self.ciphersuite,
                info: info,
                encapsulatedKey: encapsulatedKey
            )
        else { return nil }
        return try? recipient.open(ciphertext)
    }

    /// The data key this wrap holds, opened with the worker's private key.
    ///
    /// Throws ``StoreError`` (no key material in the message) when the wrap is not for this
    /// worker, app or key id, or was altered.
    func unwrap(
        appID: UUID,
        workerID: UUID,
        masterKeyID: SecretCipher.KeyID,
        privateKey: Curve25519.KeyAgreement.PrivateKey
    ) throws -> AppDataKey {
        guard let opened = open(info: Self.info(appID: appID, workerID: workerID, masterKeyID: masterKeyID), privateKey: privateKey) else {
            throw StoreError(
                .corrupt,
                "the data key of app \(appID) wrapped for this worker does not open with this worker's key: it was altered, or wrapped for another worker or app"
            )
        }
        guard opened.count == 32 else { throw StoreError(.corrupt, "the data key of app \(appID) wrapped for this worker is not 32 bytes") }
        return AppDataKey(masterKeyID: masterKeyID, key: SymmetricKey(data: opened))
    }
}
