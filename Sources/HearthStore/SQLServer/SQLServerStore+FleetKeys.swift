import Foundation

/// The fleet forwarding key's wraps for workers in SQL Server (migration 0015), for ``AppKeyring``.
struct SQLServerFleetKeyRows: FleetKeyRows {
    let c: TDSConnection

    func forwardingWrap(publicKey: Data) throws -> (workerID: UUID, keyID: String, wrap: AppKeyWrap)? {
        let row = try c.execute(SQLServerStatements.selectForwardingWrapOfWorkerKey.sql, ["public_key": .bytes(publicKey)]).firstRow
        guard let row, let workerID = row.uuid("worker_id") else { return nil }
        let keyID = try row.requiredString("key_id")
        return (workerID, keyID, AppKeyWrap(encapsulatedKey: row.bytes("enc") ?? Data(), ciphertext: row.bytes("ciphertext") ?? Data()))
    }

    func workersWithoutForwardingWrap(keyID: String) throws -> [(workerID: UUID, publicKey: Data)] {
        try c.execute(SQLServerStatements.selectWorkersWithoutForwardingWrap.sql, ["key_id": .string(keyID)]).rows.compactMap { row in
            guard let id = row.uuid("id"), let key = row.bytes("public_key") else { return nil }
            return (workerID: id, publicKey: key)
        }
    }

    func putForwardingWrap(_ wrap: AppKeyWrap, workerID: UUID, keyID: String, publicKey: Data) throws {
        _ = try c.execute(
            SQLServerStatements.replaceForwardingWrap.sql,
            [
                "worker_id": .uuid(workerID), "key_id": .string(keyID), "public_key": .bytes(publicKey), "enc": .bytes(wrap.encapsulatedKey),
                "ciphertext": .bytes(wrap.ciphertext), "created_at": .time(Date()),
            ]
        )
    }
}

extension SQLServerStore {
    package func fleetForwardingKey() async throws -> [UInt8]? {
        let keyring = self.keyring
        guard keyring.worker != nil, !keyring.cipher.hasMasterKey else { return nil }
        return try await read("fleet forwarding key") { c in try keyring.forwardingKey(SQLServerFleetKeyRows(c: c)) }
    }

    package func wrapFleetForwardingKey() async throws -> Int {
        let keyring = self.keyring
        guard keyring.cipher.hasMasterKey else { throw AppKeyring.cannotWrapForwardingKey }
        return try await write("fleet forwarding key", idempotent: true) { c in try keyring.wrapForwardingKey(SQLServerFleetKeyRows(c: c)) }
    }
}
