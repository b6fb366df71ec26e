public import Foundation

/// A management API token. Only a hash of the secret is stored.
public struct APIToken: Sendable, Hashable, Codable {
    /// What a token may do. `admin` is the instance administrator; the others are scoped to one tenant.
    public struct Role: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// Everything, in every tenant, including secret values and token management.
        public static let admin = Role(rawValue: "admin")
        /// Everything within its tenant, including secret values.
        public static let owner = Role(rawValue: "owner")
        /// Deploys and changes its tenant's apps; sees secret values only when it creates them.
        public static let contributor = Role(rawValue: "contributor")
        /// Reads its tenant's apps, deployments and logs; never sees secret values.
        public static let reader = Role(rawValue: "reader")
        public static let all: [Role] = [.admin, .owner, .contributor, .reader]
        public var description: String { rawValue }

        /// Whether this role may read secret values (secret settings, key values).
        public var canReadSecrets: Bool { self == .admin || self == .owner }
        /// Whether this role may change state.
        public var canWrite: Bool { self != .reader }
    }

    public var id: UUID
    public var name: String
    public var role: Role
    /// The tenant a non-admin token is limited to.
    public var tenantID: UUID?
    public var createdAt: Date
    /// The user who created the token in the portal and may list and revoke it, or `nil` for
    /// tokens made by an admin or the CLI. The token's role is still its own.
    public var ownerUserID: UUID?

    public init(id: UUID = UUID(), name: String, role: Role, tenantID: UUID? = nil, createdAt: Date = Date(), ownerUserID: UUID? = nil) {
        self.id = id
        self.name = name
        self.role = role
        self.tenantID = tenantID
        self.createdAt = createdAt
        self.ownerUserID = ownerUserID
    }
}
