public import Foundation

/// A worker as the fleet knows it: what it registered, what an admin set, its last heartbeat and
/// load, and how many apps are placed on it. Never its credential.
public struct WorkerRecord: Sendable, Hashable {
    /// What an admin (or the worker's registration) set; the state a person sees is derived from
    /// it, the heartbeat and the hours (``WorkerStatus``).
    public enum State: String, Sendable, Hashable, CaseIterable {
        /// Takes work.
        case ready
        /// Finishes what it has and takes no new work.
        case draining
        /// No longer trusted: takes no work and gets no secrets; only a new enrolment brings the name back.
        case revoked
    }

    public var id: UUID
    public var registration: WorkerRegistration
    public var state: State
    public var registeredAt: Date
    public var lastHeartbeatAt: Date
    public var load: WorkerLoad
    /// Apps placed on it (from the placements table).
    public var appsPlaced: Int
    /// Whether it joined with an enrolment token (it has a credential of its own).
    public var enrolled: Bool

    public init(
        id: UUID = UUID(),
        registration: WorkerRegistration,
        state: State = .ready,
        registeredAt: Date,
        lastHeartbeatAt: Date,
        load: WorkerLoad = .idle,
        appsPlaced: Int = 0,
        enrolled: Bool = false
    ) {
        self.id = id
        self.registration = registration
        self.state = state
        self.registeredAt = registeredAt
        self.lastHeartbeatAt = lastHeartbeatAt
        self.load = load
        self.appsPlaced = appsPlaced
        self.enrolled = enrolled
    }

    /// The worker's name.
    public var name: String { registration.name }
}
