public import Foundation

/// The state a person sees for a worker (`GET /api/workers`, `hearth workers list`), derived from
/// its record and the time: `revoked` above all, then `down` when not heard from for
/// ``Liveness/downAfter``, then `draining`, then `outside hours` when its availability window
/// does not hold the time, else `ready`. The placer reads the same status (``FleetWorker/state``).
public enum WorkerStatus: String, Sendable, Hashable, CaseIterable, Codable {
    /// Heard from recently and offering its capacity.
    case ready
    /// Finishing in-flight calls before it stops (`hearth workers drain`, SIGTERM).
    case draining
    /// Not heard from within the heartbeat window.
    case down
    /// A spare machine outside the hours it offers (`--available`).
    case outsideHours = "outside hours"
    /// Its credential was revoked: it receives no work and no secrets.
    case revoked

    /// How long a worker may stay silent before it is `down`.
    public struct Liveness: Sendable, Hashable {
        /// 10 s by default (configurable).
        public var downAfter: TimeInterval

        public init(downAfter: TimeInterval = 10) { self.downAfter = downAfter }
    }

    /// The status of `record` at `now`. A time zone the record names but this machine does not
    /// know is read as UTC; an availability window that no longer parses is read as always.
    public static func of(_ record: WorkerRecord, at now: Date, liveness: Liveness = Liveness()) -> WorkerStatus {
        if record.state == .revoked { return .revoked }
        if now.timeIntervalSince(record.lastHeartbeatAt) > liveness.downAfter { return .down }
        if record.state == .draining { return .draining }
        if let window = record.registration.availability {
            let zone = record.registration.timeZone.flatMap(TimeZone.init(identifier:)) ?? TimeZone(identifier: "UTC")!
            if !window.contains(now, in: zone) { return .outsideHours }
        }
        return .ready
    }

    /// Whether a worker in this status may be given work: apps are placed on (and stay on) only
    /// such workers.
    public var takesWork: Bool { self == .ready }
}
