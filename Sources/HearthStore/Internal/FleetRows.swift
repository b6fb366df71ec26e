import Foundation
import HearthCore

/// The column values of a worker registration both backends write, and the record fields they
/// read back: labels as a JSON object, availability as its text.
enum FleetRows {
    struct Columns {
        var advertiseURL: String
        var capacityMB: Int64
        var labels: String
        var version: String
        var availability: String?
        var timeZone: String?
    }

    static func registrationColumns(_ registration: WorkerRegistration) -> Columns {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let labels = (try? encoder.encode(registration.labels)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return Columns(
            advertiseURL: registration.advertiseURL,
            capacityMB: Int64(registration.capacityMB),
            labels: labels,
            version: registration.version,
            availability: registration.availability?.text,
            timeZone: registration.timeZone
        )
    }

    static func registration(
        name: String,
        advertiseURL: String,
        capacityMB: Int64,
        labels: String?,
        version: String,
        availability: String?,
        timeZone: String?,
        publicKey: Data?
    ) -> WorkerRegistration {
        WorkerRegistration(
            name: name,
            advertiseURL: advertiseURL,
            capacityMB: Int(capacityMB),
            labels: labels.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) } ?? [:],
            version: version,
            // Stored text was validated when written; a window a newer binary wrote and this one
            // cannot read is treated as always available.
            availability: availability.flatMap { try? AvailabilityWindow(parsing: $0) },
            timeZone: timeZone,
            publicKey: publicKey
        )
    }

    /// Whether the credential a worker presents is the one its row holds (both absent for a worker
    /// without one). Compared in constant time: the values are hashes, but of a bearer secret.
    static func credentialMatches(stored: String?, presented: String?) -> Bool {
        switch (stored, presented) {
        case (nil, nil): return true
        case (let stored?, let presented?): return ConstantTime.equal(Array(stored.utf8), Array(presented.utf8))
        default: return false
        }
    }
}
