public import Foundation

/// A signed-in browser, kept in the store so every management instance accepts it.
///
/// The cookie value is a bearer secret: the store keeps only its SHA-256 (``idHash``, lower-case
/// hex), and looks sessions up by that hash alone. The CSRF token is derived from the cookie value
/// by the portal (for instance an HMAC of it), so the store keeps nothing for it.
public struct WebSession: Sendable, Hashable, CustomStringConvertible {
    /// SHA-256 (lower-case hex) of the cookie value; the value itself is never stored.
    public var idHash: String
    public var userID: UUID
    public var createdAt: Date
    /// When the browser last used the session (``PeopleStore``'s `touchSession`).
    public var lastSeenAt: Date
    /// The session ends at this time whatever its use.
    public var expiresAt: Date
    /// The session ends when unused for this long after ``lastSeenAt``.
    public var idleTimeout: TimeInterval
    /// Signed in with the password, the TOTP code still to come: the session opens nothing else.
    public var secondFactorPending: Bool
    /// The tenant the portal shows, or `nil` before one was chosen.
    public var selectedTenantID: UUID?
    /// The client's address at sign-in, for the user's list of sessions.
    public var clientAddress: String?
    /// The browser's `User-Agent` at sign-in, for the user's list of sessions.
    public var userAgent: String?

    public init(
        idHash: String,
        userID: UUID,
        createdAt: Date = Date(),
        lastSeenAt: Date? = nil,
        expiresAt: Date,
        idleTimeout: TimeInterval,
        secondFactorPending: Bool = false,
        selectedTenantID: UUID? = nil,
        clientAddress: String? = nil,
        userAgent: String? = nil
    ) {
        self.idHash = idHash
        self.userID = userID
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt ?? createdAt
        self.expiresAt = expiresAt
        self.idleTimeout = idleTimeout
        self.secondFactorPending = secondFactorPending
        self.selectedTenantID = selectedTenantID
        self.clientAddress = clientAddress
        self.userAgent = userAgent
    }

    /// When the session ends if unused from now on: the earlier of the idle and the absolute expiry.
    public var idleExpiresAt: Date { min(expiresAt, lastSeenAt.addingTimeInterval(idleTimeout)) }

    /// Whether the session still admits requests at `now`.
    public func isValid(at now: Date) -> Bool { now < idleExpiresAt }

    /// Names the session's user without its hash.
    public var description: String { "WebSession(user: \(userID), expires: \(expiresAt))" }
}
