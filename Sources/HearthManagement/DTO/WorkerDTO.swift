package import Foundation
import HearthCore

/// A worker as `GET /api/workers` lists it: never its credential hash or keys.
package struct WorkerDTO: Codable, Sendable {
    /// What it reports with each heartbeat.
    package struct Load: Codable, Sendable {
        package var appsRunning: Int
        /// 0 when the worker does not measure it.
        package var sandboxMemoryBytes: Int64
        package var inFlightInvocations: Int
    }

    package var id: UUID
    package var name: String
    /// `ready`, `draining`, `down`, `outside hours` or `revoked`.
    package var state: String
    package var lastHeartbeat: Date
    package var appsPlaced: Int
    package var load: Load
    package var advertiseUrl: String
    package var capacityMb: Int
    package var labels: [String: String]
    package var version: String
    package var available: String?
    package var timeZone: String?
    /// Whether it joined with an enrolment token (it has a credential of its own).
    package var enrolled: Bool
    package var registeredAt: Date

    init(_ record: WorkerRecord, now: Date, liveness: WorkerStatus.Liveness) {
        id = record.id
        name = record.name
        state = WorkerStatus.of(record, at: now, liveness: liveness).rawValue
        lastHeartbeat = record.lastHeartbeatAt
        appsPlaced = record.appsPlaced
        load = Load(
            appsRunning: record.load.appsRunning,
            sandboxMemoryBytes: record.load.sandboxMemoryBytes,
            inFlightInvocations: record.load.inFlightInvocations
        )
        advertiseUrl = record.registration.advertiseURL
        capacityMb = record.registration.capacityMB
        labels = record.registration.labels
        version = record.registration.version
        available = record.registration.availability?.text
        timeZone = record.registration.timeZone
        enrolled = record.enrolled
        registeredAt = record.registeredAt
    }
}
