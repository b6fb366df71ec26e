public import Foundation

/// A one-time link that lets a user set a password: the first admin's, and each password reset.
///
/// The link's token is a bearer secret: the store keeps only its SHA-256 (``tokenHash``,
/// lower-case hex). It works once, before ``expiresAt``.
public struct SetupLink: Sendable, Hashable, CustomStringConvertible {
    /// SHA-256 (lower-case hex) of the link's token.
    public var tokenHash: String
    public var userID: UUID
    public var createdAt: Date
    public var expiresAt: Date
    /// When the link was used, or `nil` while it is unused.
    public var usedAt: Date?

    public init(tokenHash: String, userID: UUID, createdAt: Date = Date(), expiresAt: Date, usedAt: Date? = nil) {
        self.tokenHash = tokenHash
        self.userID = userID
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.usedAt = usedAt
    }

    /// Names the link's user without its hash.
    public var description: String { "SetupLink(user: \(userID), expires: \(expiresAt)\(usedAt == nil ? "" : ", used"))" }
}
