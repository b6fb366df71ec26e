import Crypto
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
    case worker(WorkerKey)

    /// The master key ring; an empty one for a worker key.
    var cipher: SecretCipher {
        switch self {
        case .master(let cipher): cipher
        case .worker: .withoutMasterKey
        }
    }

    /// The worker's key, for a worker key.
    var workerKey: WorkerKey? {
        switch self {
        case .master: nil
        case .worker(let key): key
        }
    }

    /// The public key (raw, 32 bytes) of a worker key; `nil` for the master keys.
    package var workerPublicKey: Data? { workerKey?.publicKey }
}

/// A worker's X25519 private key: opens the data keys wrapped for it.
public struct WorkerKey: Sendable {
    /// The private key's raw 32 bytes (kept as bytes so the store's interface needs no crypto module).
    private let raw: Data
    /// The public key, raw (32 bytes), as the worker registered it.
    public let publicKey: Data

    /// - Parameter rawRepresentation: the X25519 private key's 32 bytes.
    /// - Throws: ``StoreError`` when they are not an X25519 private key.
    public init(rawRepresentation: Data) throws {
        guard let key = try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: rawRepresentation) else {
            throw StoreError(.configuration, "the worker's key is not an X25519 private key (\(rawRepresentation.count) bytes, 32 expected)")
        }
        raw = rawRepresentation
        publicKey = key.publicKey.rawRepresentation
    }

    /// The key, for HPKE (its bytes were checked in `init`).
    func privateKey() throws -> Curve25519.KeyAgreement.PrivateKey {
        try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: raw)
    }
}
