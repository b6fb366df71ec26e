package import Foundation
package import HearthStore
import HearthWorker
import Logging

extension Server {
    /// What the store opens secrets with: the master key, except on a worker-only process that
    /// joined the fleet (`--join`, or enrolled before) and has no master key (neither
    /// `HEARTH_MASTER_KEY` nor a `master.key` in its data directory): that one opens the store with
    /// its own X25519 key and reads only the secrets of the apps placed on it.
    package func storeKeys(dataDirectory: URL) throws -> (source: StoreKeySource, cipher: SecretCipher) {
        let workerDirectory = dataDirectory.appendingPathComponent("worker")
        let joined = configuration.joinToken != nil || FleetWorkerKey.isEnrolled(workerDataDirectory: workerDirectory)
        let masterKeyGiven =
            !(environment[MasterKey.environmentVariable] ?? "").isEmpty
            || FileManager.default.fileExists(atPath: dataDirectory.appendingPathComponent(MasterKey.fileName).path)
        if configuration.roles == .worker, joined, !masterKeyGiven {
            let key = try FleetWorkerKey.load(workerDataDirectory: workerDirectory)
            logger.info("no master key: this worker opens only the secrets of the apps placed on it, with its own key")
            return (.worker(key), .withoutMasterKey)
        }
        let key = try MasterKey.load(dataDirectory: dataDirectory, environment: environment)
        logger.info(
            "master key",
            metadata: [
                "source": "\(key.source)", "created": "\(key.created)", "primary": "\(key.cipher.primaryKeyID)",
                "keys": "\(key.cipher.keyIDs.map(\.description).joined(separator: ","))",
            ]
        )
        return (.master(key.cipher), key.cipher)
    }
}
