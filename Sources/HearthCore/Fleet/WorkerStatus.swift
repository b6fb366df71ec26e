public import Foundation

/// The state a person sees for a worker (`GET /api/workers`, `hearth workers list`), derived from
/// its record and the time: `revoked` above all, then `down` when not heard from for
/// ``Liveness/downAfter``, then `draining`, then `outside hours` when its availability window
/// does not hold the time, else `ready`.
public enum WorkerStatus: String, Sendable, Hashable, CaseIterable, Codable {
    case ready
    case draining
    case down
    case outsideHours = "outside hours"
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

    /// Whether a worker in this status may be given work.
    public var takesWork: Bool { self == .ready }
}
