import Foundation

extension AppKeyring {
    /// The fleet forwarding key as a worker without the master key opens it: the wrap made for its
    /// public key. `nil` for a store opened with the master keys (its processes derive the key
    /// themselves) and while no wrap has been made for this worker (not enrolled, revoked, or the
    /// placer has not run since it joined). The wrap is opened again only when its row changed
    /// (``OpenedForwardingKey``).
    func forwardingKey(_ rows: some FleetKeyRows) throws -> [UInt8]? {
        guard let worker, !cipher.hasMasterKey else { return nil }
        guard let found = try rows.forwardingWrap(publicKey: worker.publicKey) else { return nil }
        guard let keyID = SecretCipher.keyID(hex: found.keyID) else {
            throw StoreError(.corrupt, "the fleet forwarding key wrapped for worker \(found.workerID) has an invalid master key id")
        }
        let entry = OpenedForwardingKey.Entry(workerID: found.workerID, keyID: found.keyID, wrap: found.wrap)
        return try openedForwardingKey.key(for: entry) {
            try FleetForwardingKeyWrap.unwrap(found.wrap, workerID: found.workerID, masterKeyID: keyID, privateKey: try worker.privateKey())
        }
    }

    /// Wraps the forwarding key derived from the primary master key for every unrevoked worker
    /// with a public key that has no wrap of it yet; returns how many were written. A public key
    /// that is not an X25519 key gets no wrap.
    ///
    /// Throws in a process without the master key.
    func wrapForwardingKey(_ rows: some FleetKeyRows) throws -> Int {
        guard cipher.hasMasterKey else { throw Self.cannotWrapForwardingKey }
        let keyID = cipher.primaryKeyID
        let key = cipher.derivedKey(purpose: FleetForwardingKeyWrap.purpose)
        var written = 0
        for (workerID, publicKey) in try rows.workersWithoutForwardingWrap(keyID: keyID.description) where publicKey.count == 32 {
            let wrap = try FleetForwardingKeyWrap.wrap(key, workerID: workerID, masterKeyID: keyID, publicKey: publicKey)
            try rows.putForwardingWrap(wrap, workerID: workerID, keyID: keyID.description, publicKey: publicKey)
            written += 1
        }
        return written
    }

    /// The refusal to wrap the forwarding key in a process without the master key.
    static var cannotWrapForwardingKey: StoreError {
        StoreError(
            .configuration,
            "wrapping the fleet forwarding key for workers needs the master key (the key is derived from it); the management role's placer does it"
        )
    }
}
