public import Foundation
public import HearthCore
import HearthSystem

/// How a worker presents itself to the fleet (`hearth worker --name --advertise --capacity-mb
/// --label --available --join`).
public struct WorkerFleetConfiguration: Sendable {
    /// The worker's name in the fleet; the machine's host name by default.
    public var name = MachineName.current
    /// The URL others reach this worker at; `nil`: `http(s)://{host}:{bound port}` of its front.
    public var advertiseURL: String?
    /// Memory offered to apps, in MiB; the machine's memory by default (1024 when it cannot be read).
    public var capacityMB = MachineMemory.totalMB ?? 1024
    /// Labels such as `zone=b`.
    public var labels: [String: String] = [:]
    /// The hours the worker offers its capacity in; `nil`: always.
    public var availability: AvailabilityWindow?
    /// The time zone ``availability`` is read in: this machine's.
    public var timeZone = TimeZone.current.identifier
    /// A one-time enrolment token (`--join`), redeemed at the first start; ignored once the worker
    /// holds a credential of its own.
    public var joinToken: String?
    /// How often the worker heartbeats with its load.
    public var heartbeatInterval: Duration = .seconds(2)
    /// How long a drain (`hearth workers drain`, or SIGTERM) waits for the placer to move the
    /// worker's apps before its health check answers 503 (`--drain-timeout`).
    public var drainTimeout: Duration = .seconds(30)
    /// How long a stopping worker keeps serving after its health check answers 503, so load
    /// balancers notice first (HAProxy checks every 2 s and needs 3 failures).
    public var drainLinger: Duration = .seconds(8)
    /// The fleet forwarding key (32 bytes) that signs and checks `X-Hearth-Forwarded` between
    /// workers; every worker of a fleet needs the same. `hearth` derives it from the primary master
    /// key (HKDF, purpose "fleet forwarding"). `nil` (a worker without the master key): the worker
    /// reads the key the management role wrapped for its public key in the store
    /// (``FleetStore/fleetForwardingKey()``), at start and after every heartbeat; until it has
    /// one it neither forwards nor accepts forwarded requests (an app placed only elsewhere is
    /// answered 503).
    public var forwardingKey: [UInt8]?

    public init() {}

    /// The longest a graceful stop spends draining before the front stops.
    public var longestDrain: Duration { .seconds(drain.longestStop) }

    var drain: WorkerDrain.Configuration {
        WorkerDrain.Configuration(timeout: Self.seconds(drainTimeout), linger: Self.seconds(drainLinger))
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        TimeInterval(duration.components.seconds) + TimeInterval(duration.components.attoseconds) / 1e18
    }

    /// Sets ``availability`` from `--available` text (`nil`: always).
    ///
    /// Throws ``HearthError`` naming the part that cannot be read and the expected form.
    public mutating func setAvailability(_ text: String?) throws {
        availability = try text.map(AvailabilityWindow.init(parsing:))
    }
}
