import Foundation
import GRDB

/// The fleet forwarding key's wraps for workers in SQLite (migration 0015), for ``AppKeyring``.
struct SQLiteFleetKeyRows: FleetKeyRows {
    let db: Database

    func forwardingWrap(publicKey: Data) throws -> (workerID: UUID, keyID: String, wrap: AppKeyWrap)? {
        let row = try Row.fetchOne(
            db,
            sql: """
                SELECT k.worker_id, k.key_id, k.enc, k.ciphertext FROM fleet_key_wraps k JOIN workers w ON w.id = k.worker_id
                WHERE w.public_key = ? AND k.public_key = w.public_key AND w.state <> 'revoked'
                ORDER BY k.created_at DESC, k.key_id LIMIT 1
                """,
            arguments: [publicKey]
        )
        guard let row, let workerID = UUID(uuidString: row["worker_id"]) else { return nil }
        let keyID: String = row["key_id"]
        let enc: Data = row["enc"]
        let ciphertext: Data = row["ciphertext"]
        return (workerID, keyID, AppKeyWrap(encapsulatedKey: enc, ciphertext: ciphertext))
    }

    func workersWithoutForwardingWrap(keyID: String) throws -> [(workerID: UUID, publicKey: Data)] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT w.id, w.public_key FROM workers w
                WHERE w.public_key IS NOT NULL AND w.state <> 'revoked' AND NOT EXISTS (
                    SELECT 1 FROM fleet_key_wraps k WHERE k.worker_id = w.id AND k.key_id = ? AND k.public_key = w.public_key)
                ORDER BY w.id
                """,
            arguments: [keyID]
        )
        .compactMap { row in
            let publicKey: Data = row["public_key"]
            return UUID(uuidString: row["id"]).map { (workerID: $0, publicKey: publicKey) }
        }
    }

    func putForwardingWrap(_ wrap: AppKeyWrap, workerID: UUID, keyID: String, publicKey: Data) throws {
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO fleet_key_wraps (worker_id, key_id, public_key, enc, ciphertext, created_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [workerID.uuidString, keyID, publicKey, wrap.encapsulatedKey, wrap.ciphertext, Date().millisecondsSince1970]
        )
    }
}

extension SQLiteStore {
    package func fleetForwardingKey() async throws -> [UInt8]? {
        let keyring = self.keyring
        guard keyring.worker != nil, !keyring.cipher.hasMasterKey else { return nil }
        return try await read { db in try keyring.forwardingKey(SQLiteFleetKeyRows(db: db)) }
    }

    package func wrapFleetForwardingKey() async throws -> Int {
        let keyring = self.keyring
        guard keyring.cipher.hasMasterKey else { throw AppKeyring.cannotWrapForwardingKey }
        return try await write("fleet forwarding key") { db in try keyring.wrapForwardingKey(SQLiteFleetKeyRows(db: db)) }
    }
}
