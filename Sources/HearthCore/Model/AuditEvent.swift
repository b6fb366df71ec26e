public import Foundation

/// One entry of the audit log: who did what, when, to what, from where, and how it ended.
///
/// The log is append-only. ``detail`` describes the change without secret values (a setting's
/// name, never its value).
public struct AuditEvent: Sendable, Hashable, Codable {
    /// Who acted.
    public struct Actor: Sendable, Hashable, Codable {
        /// A signed-in user, an API token, the command line, or Hearth itself.
        public struct Kind: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
            public var rawValue: String
            public init(rawValue: String) { self.rawValue = rawValue }
            public static let user = Kind(rawValue: "user")
            public static let token = Kind(rawValue: "token")
            public static let cli = Kind(rawValue: "cli")
            public static let system = Kind(rawValue: "system")
            public var description: String { rawValue }
        }

        public var kind: Kind
        /// The user's or the token's id; `nil` for the command line and the system.
        public var id: UUID?
        /// The name shown: a login name, a token name, the OS user running the CLI.
        public var name: String

        public init(kind: Kind, id: UUID? = nil, name: String) {
            self.kind = kind
            self.id = id
            self.name = name
        }
    }

    /// How the action ended.
    public struct Outcome: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let success = Outcome(rawValue: "success")
        public static let failure = Outcome(rawValue: "failure")
        /// Refused for lack of rights (or throttled).
        public static let denied = Outcome(rawValue: "denied")
        public var description: String { rawValue }
    }

    /// Time-ordered (``Foundation/UUID/timeOrdered(at:)``).
    public var id: UUID
    public var at: Date
    public var actor: Actor
    /// The tenant the action concerned, or `nil` for instance-wide actions (users, sign-ins, settings).
    public var tenantID: UUID?
    /// What was done, as `noun.verb`: `app.create`, `user.sign-in`, `instance.reset`.
    public var action: String
    /// What it was done to: an app's or a user's name, a setting's name.
    public var target: String
    /// The client's address, or `nil` (the command line).
    public var address: String?
    public var outcome: Outcome
    /// More about the change, never a secret value.
    public var detail: String?

    public init(
        id: UUID? = nil,
        at: Date = Date(),
        actor: Actor,
        tenantID: UUID? = nil,
        action: String,
        target: String,
        address: String? = nil,
        outcome: Outcome = .success,
        detail: String? = nil
    ) {
        self.id = id ?? UUID.timeOrdered(at: at)
        self.at = at
        self.actor = actor
        self.tenantID = tenantID
        self.action = action
        self.target = target
        self.address = address
        self.outcome = outcome
        self.detail = detail
    }
}
