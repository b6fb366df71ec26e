public import Foundation
public import HearthCore

/// The caller of a management request, as its API token identifies it.
public struct Principal: Sendable, Hashable {
    /// The token's id.
    public var tokenID: UUID
    /// The token's name, for logs.
    public var name: String
    /// What the token may do.
    public var role: APIToken.Role
    /// The tenant a non-admin token is limited to.
    public var tenantID: UUID?

    /// Creates a principal from a stored token.
    /// - Parameter token: The token the request presented.
    public init(token: APIToken) {
        self.tokenID = token.id
        self.name = token.name
        self.role = token.role
        self.tenantID = token.tenantID
    }

    /// Whether this is the instance administrator.
    public var isAdmin: Bool { role == .admin }

    /// Whether the caller may see anything of `tenantID`'s.
    public func canSee(tenantID: UUID) -> Bool {
        isAdmin || self.tenantID == tenantID
    }
}
