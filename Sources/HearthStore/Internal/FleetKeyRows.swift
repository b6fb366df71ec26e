import Foundation

/// The rows of the fleet forwarding key's wraps for workers (`fleet_key_wraps`, migration 0015), as
/// each backend reads and writes them inside its own transaction. ``AppKeyring`` decides what to
/// read and write; key ids are the master key id's hex.
protocol FleetKeyRows {
    /// The newest wrap for the unrevoked worker that registered `publicKey`, made for that key.
    func forwardingWrap(publicKey: Data) throws -> (workerID: UUID, keyID: String, wrap: AppKeyWrap)?
    /// The unrevoked workers with a public key and no wrap for it under master key `keyID`.
    func workersWithoutForwardingWrap(keyID: String) throws -> [(workerID: UUID, publicKey: Data)]
    /// Inserts or replaces the wrap of worker `workerID` under master key `keyID`.
    func putForwardingWrap(_ wrap: AppKeyWrap, workerID: UUID, keyID: String, publicKey: Data) throws
}
