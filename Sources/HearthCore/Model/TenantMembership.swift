public import Foundation

/// A user's role in one tenant. A user may belong to several tenants with different roles.
public struct TenantMembership: Sendable, Hashable, Codable {
    public var userID: UUID
    public var tenantID: UUID
    /// ``APIToken/Role/owner``, ``APIToken/Role/contributor`` or ``APIToken/Role/reader``
    /// (instance admins are users with ``User/isAdmin``, not members).
    public var role: APIToken.Role
    public var createdAt: Date

    public init(userID: UUID, tenantID: UUID, role: APIToken.Role, createdAt: Date = Date()) {
        self.userID = userID
        self.tenantID = tenantID
        self.role = role
        self.createdAt = createdAt
    }
}
