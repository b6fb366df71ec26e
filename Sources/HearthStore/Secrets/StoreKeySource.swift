public import Crypto
public import Foundation

/// What a store opens secrets with: the master keys (management, and workers holding the master
/// key), or a worker's own X25519 private key (a worker that joined the fleet with `--join`),
/// which opens only the data keys wrapped for that worker, so only the secrets of apps placed on it.
///
/// A worker key needs no worker id: the store finds the worker by the public key it registered
/// (a revoked worker's wraps are gone, and are never used), so a worker can open the store before
/// it has enrolled or registered.
public enum StoreKeySource: Sendable {
    case master(SecretCipher)
    case worker(privateKey: Curve25519.KeyAgreement.PrivateKey)

    /// The master key ring; an empty one for a worker key.
    var cipher: SecretCipher {
        switch self {
        case .master(let cipher): cipher
        case .worker: .withoutMasterKey
        }
    }

    /// The public key (raw, 32 bytes) of a worker key; `nil` for the master keys.
    package var workerPublicKey: Data? { workerKey?.publicKey }

    /// The worker identity, for a worker key.
    var workerKey: WorkerKey? {
        switch self {
        case .master: nil
        case .worker(let privateKey): WorkerKey(privateKey: privateKey)
        }
    }
}

/// A worker's X25519 private key: opens the data keys wrapped for it.
struct WorkerKey: Sendable {
    var privateKey: Curve25519.KeyAgreement.PrivateKey
    /// The public key, raw (32 bytes), as the worker registered it.
    var publicKey: Data { privateKey.publicKey.rawRepresentation }
}
