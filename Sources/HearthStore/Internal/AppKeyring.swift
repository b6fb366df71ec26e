import Crypto
import Foundation

/// Opens and seals apps' secrets (settings, function keys) under their data keys, for one store:
/// through the master keys (management, workers holding the master key) or through the wraps of
/// one worker (a worker that joined with `--join`). See ``AppDataKey`` for the hierarchy.
///
/// Values sealed before data keys (versions 1 and 2, directly under a master key) still open with
/// the master key; `hearth secrets rotate-master-key` (``SealedSecretsStore/resealSecrets(limit:)``)
/// moves them under the app's data key, after which a joined worker opens them too.
struct AppKeyring: Sendable {
    let cipher: SecretCipher
    let worker: WorkerKey?
    /// The forwarding key last opened by ``forwardingKey(_:)`` (a worker without the master key).
    let openedForwardingKey = OpenedForwardingKey()

    init(_ source: StoreKeySource) {
        cipher = source.cipher
        worker = source.workerKey
    }

    /// The app's data key under the primary master key, created when the app has none yet and
    /// then wrapped for every worker the app is placed on, in the caller's transaction.
    func primaryDataKey(appID: UUID, _ rows: some AppKeyRows) throws -> AppDataKey {
        guard cipher.hasMasterKey else { throw SecretCipher.cannotSeal }
        let id = cipher.primaryKeyID
        if let sealed = try rows.sealedDataKey(appID: appID, keyID: id.description) {
            return try openDataKey(sealed, appID: appID, keyID: id)
        }
        let created = AppDataKey.generate(masterKeyID: id)
        let context = AppDataKey.context(appID: appID, masterKeyID: id)
        try rows.insertDataKey(appID: appID, keyID: id.description, sealed: try cipher.seal(created.bytes, context: context))
        // Another writer may have inserted first: its key is the app's.
        guard let stored = try rows.sealedDataKey(appID: appID, keyID: id.description) else {
            throw StoreError(.corrupt, "the data key of app \(appID) was not stored")
        }
        let key = try openDataKey(stored, appID: appID, keyID: id)
        // A key that is not an X25519 key (a row written before registrations were checked) gets
        // no wrap: that worker opens nothing, and the placement still happens.
        for (workerID, publicKey) in try rows.placedWorkerKeys(appID: appID) where publicKey.count == 32 {
            let wrap = try AppKeyWrap.wrap(key, appID: appID, workerID: workerID, publicKey: publicKey)
            try rows.putWrap(wrap, appID: appID, workerID: workerID, keyID: id.description)
        }
        return key
    }

    /// The app's data key sealed under master key `keyID`, as this process opens it: with that
    /// master key, or through this worker's wrap.
    func dataKey(appID: UUID, keyID: SecretCipher.KeyID, _ rows: some AppKeyRows) throws -> AppDataKey {
        if cipher.masterKey(keyID) != nil {
            guard let sealed = try rows.sealedDataKey(appID: appID, keyID: keyID.description) else {
                throw StoreError(.corrupt, "the data key of app \(appID) under master key \(keyID) is missing from the store")
            }
            return try openDataKey(sealed, appID: appID, keyID: keyID)
        }
        guard let worker else { throw cipher.missingKey(keyID) }
        guard let found = try rows.wrap(appID: appID, publicKey: worker.publicKey, keyID: keyID.description) else {
            throw StoreError(
                .invalidState,
                "app \(appID) is not placed on this worker: no data key of it is wrapped for this worker's key, so its secrets stay closed here"
            )
        }
        return try found.wrap.unwrap(appID: appID, workerID: found.workerID, masterKeyID: keyID, privateKey: try worker.privateKey())
    }

    private func openDataKey(_ sealed: Data, appID: UUID, keyID: SecretCipher.KeyID) throws -> AppDataKey {
        let bytes = try cipher.open(sealed, context: AppDataKey.context(appID: appID, masterKeyID: keyID))
        guard bytes.count == 32 else { throw StoreError(.corrupt, "the data key of app \(appID) is not 32 bytes") }
        return AppDataKey(masterKeyID: keyID, key: .init(data: bytes))
    }

    /// After an app's placements changed: wraps each of its data keys for the workers it was
    /// placed on (those with a public key) and removes the wraps of the workers it left.
    ///
    /// Throws (the caller's transaction then changes nothing) in a process without the master key.
    func placementsChanged(appID: UUID, added: Set<UUID>, removed: Set<UUID>, _ rows: some AppKeyRows) throws {
        for workerID in removed { try rows.deleteWraps(appID: appID, workerID: workerID) }
        guard !added.isEmpty else { return }
        let keys = try rows.sealedDataKeys(appID: appID).map { row -> AppDataKey in
            guard let id = SecretCipher.keyID(hex: row.keyID) else {
                throw StoreError(.corrupt, "a data key of app \(appID) has an invalid key id")
            }
            return try openDataKey(row.sealed, appID: appID, keyID: id)
        }
        for workerID in added.sorted(by: { $0.uuidString < $1.uuidString }) {
            guard let publicKey = try rows.workerPublicKey(workerID: workerID), publicKey.count == 32 else { continue }
            for key in keys {
                let wrap = try AppKeyWrap.wrap(key, appID: appID, workerID: workerID, publicKey: publicKey)
                try rows.putWrap(wrap, appID: appID, workerID: workerID, keyID: key.masterKeyID.description)
            }
        }
    }

    /// The refusal to place apps in a process without the master key.
    static var cannotPlace: StoreError {
        StoreError(
            .configuration,
            "placing apps needs the master key (the data keys of the apps are wrapped for their workers); the management role places apps"
        )
    }

    /// The values of one app, opened with this keyring (each data key looked up once).
    func opener<Rows: AppKeyRows>(appID: UUID, _ rows: Rows) -> AppSecretOpener<Rows> {
        AppSecretOpener(keyring: self, appID: appID, rows: rows)
    }
}

/// Opens one app's sealed values: those under its data keys (version 3) and older ones under a
/// master key. Looks each data key up once.
struct AppSecretOpener<Rows: AppKeyRows> {
    let keyring: AppKeyring
    let appID: UUID
    let rows: Rows
    private var keys: [SecretCipher.KeyID: AppDataKey] = [:]

    init(keyring: AppKeyring, appID: UUID, rows: Rows) {
        self.keyring = keyring
        self.appID = appID
        self.rows = rows
    }

    mutating func open(_ sealed: Data, context: String) throws -> Data {
        guard AppDataKey.isSealedUnderDataKey(sealed) else { return try keyring.cipher.open(sealed, context: context) }
        guard let id = SecretCipher.keyID(of: sealed) else {
            throw StoreError(.corrupt, "a stored secret is not in Hearth's sealed format; the store may be damaged")
        }
        if let key = keys[id] { return try key.open(sealed, context: context) }
        let key = try keyring.dataKey(appID: appID, keyID: id, rows)
        keys[id] = key
        return try key.open(sealed, context: context)
    }

    mutating func openString(_ sealed: Data, context: String) throws -> String {
        String(decoding: try open(sealed, context: context), as: UTF8.self)
    }
}
