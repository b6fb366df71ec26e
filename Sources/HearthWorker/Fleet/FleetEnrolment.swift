import Foundation
import HearthCore
import HearthStore
import Logging

/// A worker's identity at start: the one it keeps in its data directory, or, the first time it
/// starts with `--join TOKEN`, a new one made by redeeming the token.
enum FleetEnrolment {
    /// The identity to register with, or `nil` for a worker that never joined (it holds the store
    /// and master key itself).
    ///
    /// Throws ``WorkerError`` (code `fleet`) when the token is refused — unknown, used, expired,
    /// or the name is taken — naming why and the fix; nothing is written then.
    static func identity(store: any FleetStore, configuration: WorkerConfiguration, logger: Logger, at date: Date) async throws -> FleetIdentity? {
        if let existing = try FleetIdentity.load(from: configuration.dataDirectory) {
            if configuration.fleet.joinToken != nil {
                logger.notice("this worker is enrolled already; --join is ignored", metadata: ["worker": "\(configuration.fleet.name)"])
            }
            return existing
        }
        guard let token = configuration.fleet.joinToken else { return nil }
        // A worker started without the master key made its key already, to open the store with it.
        var identity = FleetIdentity.generate()
        if let key = try FleetWorkerKey.existing(in: configuration.dataDirectory) { identity.privateKey = key }
        let fleet = configuration.fleet
        let registration = WorkerRegistration(
            name: fleet.name,
            advertiseURL: fleet.advertiseURL ?? FleetHeartbeatService.defaultAdvertiseURL(configuration: configuration, port: configuration.port),
            capacityMB: fleet.capacityMB,
            labels: fleet.labels,
            version: HearthVersion.current,
            availability: fleet.availability,
            timeZone: fleet.timeZone,
            publicKey: identity.publicKey
        )
        let answer = try await store.redeemEnrolmentToken(
            hash: FleetSecret.hash(token.trimmingCharacters(in: .whitespacesAndNewlines)),
            worker: registration,
            credentialHash: identity.credentialHash,
            at: date
        )
        switch answer {
        case .enrolled(let record):
            try identity.save(to: configuration.dataDirectory)
            logger.info("enrolled in the fleet", metadata: ["worker": "\(record.name)", "id": "\(record.id)"])
            return identity
        case .refused(let refusal):
            throw WorkerError(.fleet, "cannot join the fleet as '\(fleet.name)': \(refusal.message)")
        }
    }
}
