import Foundation
import HearthCore

/// A worker's standing with the fleet, as a value: what to ask the store next (register, or
/// heartbeat as the worker it registered as) and what to do with each answer. The
/// ``FleetHeartbeatService`` performs the steps and actions; tests drive it with answers alone.
struct FleetHeartbeat: Sendable, Equatable {
    enum Standing: Sendable, Equatable {
        /// Not registered yet in this process (or the store no longer knew it).
        case unregistered
        /// Registered as this worker, last seen in this state.
        case member(UUID, WorkerRecord.State)
        /// Takes no work any more, for this reason.
        case stopped(String)
    }

    /// What to ask the store next.
    enum Step: Sendable, Equatable {
        case register
        case heartbeat(UUID)
        /// Nothing: the worker was stopped.
        case none
    }

    /// What the answer means for the worker.
    enum Action: Sendable, Equatable {
        case none
        /// Registered (log it).
        case joined(UUID, WorkerRecord.State)
        /// An admin drained it or made it ready again (log it).
        case stateChanged(WorkerRecord.State)
        /// Stop taking work: serve no apps, answer 503 (log the reason as an error).
        case stopServing(String)
    }

    private(set) var standing = Standing.unregistered

    var next: Step {
        switch standing {
        case .unregistered: .register
        case .member(let id, _): .heartbeat(id)
        case .stopped: .none
        }
    }

    static let revokedReason =
        "this worker was revoked from the fleet; it takes no work until it is enrolled again (hearth workers enroll, then hearth worker --join TOKEN)"
    static let refusedReason =
        "the fleet refused this worker's registration: its name belongs to an enrolled worker whose credential this one does not hold; choose another --name or enrol it (--join)"

    mutating func registered(_ admission: WorkerAdmission) -> Action {
        switch admission {
        case .admitted(let record):
            standing = .member(record.id, record.state)
            return .joined(record.id, record.state)
        case .revoked: return stop(Self.revokedReason)
        case .refused: return stop(Self.refusedReason)
        }
    }

    mutating func heartbeatAnswered(_ answer: WorkerHeartbeatAnswer) -> Action {
        guard case .member(let id, let previous) = standing else { return .none }
        switch answer {
        case .recorded(let state):
            standing = .member(id, state)
            return state == previous ? .none : .stateChanged(state)
        case .revoked:
            return stop(Self.revokedReason)
        case .unknown:
            // The row is gone or another enrolment took the name: register again, which decides.
            standing = .unregistered
            return .none
        }
    }

    private mutating func stop(_ reason: String) -> Action {
        standing = .stopped(reason)
        return .stopServing(reason)
    }
}
