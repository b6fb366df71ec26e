public import Foundation

/// Where an app is placed: one worker of the app's set.
public struct AppPlacement: Sendable, Hashable {
    public var appID: UUID
    public var workerID: UUID
    public var placedAt: Date

    public init(appID: UUID, workerID: UUID, placedAt: Date) {
        self.appID = appID
        self.workerID = workerID
        self.placedAt = placedAt
    }
}

/// What the store answers a worker registering at start.
public enum WorkerAdmission: Sendable, Hashable {
    /// Registered (created or updated); the record as stored.
    case admitted(WorkerRecord)
    /// The name belongs to a revoked worker: it must not take work.
    case revoked
    /// The name belongs to an enrolled worker and the credential presented is not its own (or a
    /// credential was presented for a name the fleet does not know).
    case refused
}

/// What the store answers a worker's heartbeat.
public enum WorkerHeartbeatAnswer: Sendable, Hashable {
    /// Recorded; the worker's state as an admin left it (ready or draining).
    case recorded(WorkerRecord.State)
    /// The worker is revoked: stop taking work. Nothing was recorded.
    case revoked
    /// No such worker, or the credential does not match. Nothing was recorded.
    case unknown
}

/// What the store answers a worker redeeming an enrolment token.
public enum EnrolmentRedemption: Sendable, Hashable {
    /// The worker is enrolled with its credential; the token is used up.
    case enrolled(WorkerRecord)
    /// Refused; nothing changed.
    case refused(Refusal)

    /// Why a token was refused.
    public enum Refusal: String, Sendable, Hashable {
        /// No token has this hash.
        case unknown
        /// The token was used already (tokens are one-time).
        case used
        /// The token's time ran out.
        case expired
        /// An enrolled, unrevoked worker has the name already.
        case nameTaken

        /// A sentence naming the problem and the fix (never the token).
        public var message: String {
            switch self {
            case .unknown: "the enrolment token is not known to the fleet. Fix: ask an admin for a new one (hearth workers enroll)"
            case .used: "the enrolment token was used already; tokens work once. Fix: ask an admin for a new one (hearth workers enroll)"
            case .expired: "the enrolment token has expired. Fix: ask an admin for a new one (hearth workers enroll)"
            case .nameTaken:
                "an enrolled worker has this name already. Fix: choose another --name, or revoke that worker first (hearth workers revoke NAME)"
            }
        }
    }
}

/// An enrolment token as the store keeps it (its hash only).
public struct EnrolmentTokenRecord: Sendable, Hashable {
    public var tokenHash: String
    public var createdBy: String
    public var createdAt: Date
    public var expiresAt: Date

    public init(tokenHash: String, createdBy: String, createdAt: Date, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}
