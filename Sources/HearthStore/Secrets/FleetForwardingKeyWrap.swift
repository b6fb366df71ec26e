import Crypto
import Foundation

/// The fleet forwarding key (the key that signs and checks `X-Hearth-Forwarded` between workers,
/// derived from the primary master key) wrapped for one worker with the same HPKE as an app's data
/// key (``AppKeyWrap``), so a worker that joined without the master key signs and checks too.
///
/// The HPKE `info` binds the purpose, the worker and the id of the master key the forwarding key
/// was derived from, so a wrap copied to another worker's row, or to another key id, does not open.
enum FleetForwardingKeyWrap {
    /// The purpose the key is derived for (``SecretCipher/derivedKey(purpose:)``).
    static let purpose = "fleet forwarding"

    static func info(workerID: UUID, masterKeyID: SecretCipher.KeyID) -> Data {
        Data("hearth \(purpose)\0\(workerID.uuidString)\0\(masterKeyID)".utf8)
    }

    /// Wraps the forwarding key `key` (derived from master key `masterKeyID`) for worker
    /// `workerID`, whose X25519 public key is `publicKey` (raw, 32 bytes).
    static func wrap(_ key: [UInt8], workerID: UUID, masterKeyID: SecretCipher.KeyID, publicKey: Data) throws -> AppKeyWrap {
        try AppKeyWrap.seal(Data(key), info: info(workerID: workerID, masterKeyID: masterKeyID), publicKey: publicKey)
    }

    /// The forwarding key a wrap holds, opened with the worker's private key.
    ///
    /// Throws ``StoreError`` naming the worker (never the key) when the wrap does not open: it was
    /// altered, or made for another worker, key id or public key.
    static func unwrap(
        _ wrap: AppKeyWrap,
        workerID: UUID,
        masterKeyID: SecretCipher.KeyID,
        privateKey: Curve25519.KeyAgreement.PrivateKey
    ) throws -> [UInt8] {
        guard let opened = wrap.open(info: info(workerID: workerID, masterKeyID: masterKeyID), privateKey: privateKey), opened.count == 32 else {
            throw StoreError(
                .corrupt,
                "the fleet forwarding key wrapped for worker \(workerID) (master key \(masterKeyID)) does not open with this worker's key: it was altered or made for another key; the placer wraps it again after 'hearth workers revoke' and a new --join"
            )
        }
        return Array(opened)
    }
}
