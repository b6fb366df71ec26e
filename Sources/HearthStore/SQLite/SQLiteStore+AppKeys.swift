import Foundation
import GRDB

/// Apps' data keys and their wraps for workers in SQLite (migration 0013), for ``AppKeyring``.
struct SQLiteAppKeyRows: AppKeyRows {
    let db: Database

    func sealedDataKey(appID: UUID, keyID: String) throws -> Data? {
        try Data.fetchOne(
            db,
            sql: "SELECT sealed_key FROM app_data_keys WHERE app_id = ? AND key_id = ?",
            arguments: [appID.uuidString, keyID]
        )
    }

    func sealedDataKeys(appID: UUID) throws -> [(keyID: String, sealed: Data)] {
        try Row.fetchAll(db, sql: "SELECT key_id, sealed_key FROM app_data_keys WHERE app_id = ? ORDER BY key_id", arguments: [appID.uuidString])
            .map { row in
                let keyID: String = row["key_id"]
                let sealed: Data = row["sealed_key"]
                return (keyID: keyID, sealed: sealed)
            }
    }

    func insertDataKey(appID: UUID, keyID: String, sealed: Data) throws {
        try db.execute(
            sql: "INSERT OR IGNORE INTO app_data_keys (app_id, key_id, sealed_key, created_at) VALUES (?, ?, ?, ?)",
            arguments: [appID.uuidString, keyID, sealed, Date().millisecondsSince1970]
        )
    }

    func placedWorkerKeys(appID: UUID) throws -> [(workerID: UUID, publicKey: Data)] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT w.id, w.public_key FROM app_placements p JOIN workers w ON w.id = p.worker_id
                WHERE p.app_id = ? AND w.public_key IS NOT NULL ORDER BY w.id
                """,
            arguments: [appID.uuidString]
        )
        .compactMap { row in
            let publicKey: Data = row["public_key"]
            return UUID(uuidString: row["id"]).map { (workerID: $0, publicKey: publicKey) }
        }
    }

    func workerPublicKey(workerID: UUID) throws -> Data? {
        try Data.fetchOne(db, sql: "SELECT public_key FROM workers WHERE id = ?", arguments: [workerID.uuidString])
    }

    func wrap(appID: UUID, publicKey: Data, keyID: String) throws -> (workerID: UUID, wrap: AppKeyWrap)? {
        let row = try Row.fetchOne(
            db,
            sql: """
                SELECT k.worker_id, k.enc, k.ciphertext FROM app_key_wraps k JOIN workers w ON w.id = k.worker_id
                WHERE k.app_id = ? AND k.key_id = ? AND w.public_key = ? AND w.state <> 'revoked'
                ORDER BY k.worker_id LIMIT 1
                """,
            arguments: [appID.uuidString, keyID, publicKey]
        )
        guard let row, let workerID = UUID(uuidString: row["worker_id"]) else { return nil }
        let enc: Data = row["enc"]
        let ciphertext: Data = row["ciphertext"]
        return (workerID, AppKeyWrap(encapsulatedKey: enc, ciphertext: ciphertext))
    }

    func putWrap(_ wrap: AppKeyWrap, appID: UUID, workerID: UUID, keyID: String) throws {
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO app_key_wraps (app_id, worker_id, key_id, enc, ciphertext, created_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [appID.uuidString, workerID.uuidString, keyID, wrap.encapsulatedKey, wrap.ciphertext, Date().millisecondsSince1970]
        )
    }

    func deleteWraps(appID: UUID, workerID: UUID) throws {
        try db.execute(sql: "DELETE FROM app_key_wraps WHERE app_id = ? AND worker_id = ?", arguments: [appID.uuidString, workerID.uuidString])
    }
}
