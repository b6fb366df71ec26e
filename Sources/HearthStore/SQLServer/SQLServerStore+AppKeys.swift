import Foundation

/// Apps' data keys and their wraps for workers in SQL Server (migration 0013), for ``AppKeyring``.
struct SQLServerAppKeyRows: AppKeyRows {
    let c: TDSConnection

    func sealedDataKey(appID: UUID, keyID: String) throws -> Data? {
        try c.execute(SQLServerStatements.selectDataKey.sql, ["app_id": .uuid(appID), "key_id": .string(keyID)]).firstRow?.bytes("sealed_key")
    }

    func sealedDataKeys(appID: UUID) throws -> [(keyID: String, sealed: Data)] {
        try c.execute(SQLServerStatements.selectDataKeysOfApp.sql, ["app_id": .uuid(appID)]).rows.map { row in
            (keyID: try row.requiredString("key_id"), sealed: try row.required(row.bytes("sealed_key"), "sealed_key"))
        }
    }

    func insertDataKey(appID: UUID, keyID: String, sealed: Data) throws {
        _ = try c.execute(
            SQLServerStatements.insertDataKeyIfAbsent.sql,
            ["app_id": .uuid(appID), "key_id": .string(keyID), "sealed_key": .bytes(sealed), "created_at": .time(Date())]
        )
    }

    func placedWorkerKeys(appID: UUID) throws -> [(workerID: UUID, publicKey: Data)] {
        try c.execute(SQLServerStatements.selectPlacedWorkerKeys.sql, ["app_id": .uuid(appID)]).rows.compactMap { row in
            guard let id = row.uuid("id"), let key = row.bytes("public_key") else { return nil }
            return (workerID: id, publicKey: key)
        }
    }

    func workerPublicKey(workerID: UUID) throws -> Data? {
        try c.execute(SQLServerStatements.selectWorkerPublicKey.sql, ["worker_id": .uuid(workerID)]).firstRow?.bytes("public_key")
    }

    func wrap(appID: UUID, publicKey: Data, keyID: String) throws -> (workerID: UUID, wrap: AppKeyWrap)? {
        let row = try c.execute(
            SQLServerStatements.selectKeyWrapOfWorkerKey.sql,
            ["app_id": .uuid(appID), "key_id": .string(keyID), "public_key": .bytes(publicKey)]
        ).firstRow
        guard let row, let workerID = row.uuid("worker_id") else { return nil }
        return (workerID, AppKeyWrap(encapsulatedKey: row.bytes("enc") ?? Data(), ciphertext: row.bytes("ciphertext") ?? Data()))
    }

    func putWrap(_ wrap: AppKeyWrap, appID: UUID, workerID: UUID, keyID: String) throws {
        _ = try c.execute(
            SQLServerStatements.replaceKeyWrap.sql,
            [
                "app_id": .uuid(appID), "worker_id": .uuid(workerID), "key_id": .string(keyID), "enc": .bytes(wrap.encapsulatedKey),
                "ciphertext": .bytes(wrap.ciphertext), "created_at": .time(Date()),
            ]
        )
    }

    func deleteWraps(appID: UUID, workerID: UUID) throws {
        _ = try c.execute(SQLServerStatements.deleteKeyWraps.sql, ["app_id": .uuid(appID), "worker_id": .uuid(workerID)])
    }
}
