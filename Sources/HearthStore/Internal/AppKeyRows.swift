import Foundation

/// The rows of apps' data keys (`app_data_keys`, sealed under a master key) and of their wraps for
/// workers (`app_key_wraps`), as each backend reads and writes them inside its own transaction.
/// ``AppKeyring`` decides what to read and write; key ids are the master key id's hex.
protocol AppKeyRows {
    func sealedDataKey(appID: UUID, keyID: String) throws -> Data?
    func sealedDataKeys(appID: UUID) throws -> [(keyID: String, sealed: Data)]
    /// Inserts a data key unless the app has one for that key id already (a concurrent writer's).
    func insertDataKey(appID: UUID, keyID: String, sealed: Data) throws
    /// The workers the app is placed on that registered a public key.
    func placedWorkerKeys(appID: UUID) throws -> [(workerID: UUID, publicKey: Data)]
    func workerPublicKey(workerID: UUID) throws -> Data?
    /// The wrap of an app's data key for the unrevoked worker that registered `publicKey`.
    func wrap(appID: UUID, publicKey: Data, keyID: String) throws -> (workerID: UUID, wrap: AppKeyWrap)?
    /// Inserts or replaces a wrap.
    func putWrap(_ wrap: AppKeyWrap, appID: UUID, workerID: UUID, keyID: String) throws
    func deleteWraps(appID: UUID, workerID: UUID) throws
}
