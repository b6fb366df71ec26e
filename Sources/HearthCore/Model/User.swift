public import Foundation

/// A person who signs in to the portal: an instance admin, a member of tenants, or both.
///
/// A user is known by ``issuer`` and ``subject`` together, unique across the instance: local
/// accounts have the issuer ``localIssuer`` and their login name as subject, so an enterprise
/// identity provider (OpenID Connect, LDAP) can add its own issuer later without moving anyone.
/// The password hash and the TOTP secret never appear in ``description`` or ``debugDescription``.
public struct User: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The issuer of local accounts, whose passwords Hearth keeps.
    public static let localIssuer = "hearth"

    public var id: UUID
    /// Who vouches for the identity: ``localIssuer`` for local accounts.
    public var issuer: String
    /// The identity within its issuer: the login name of a local account.
    public var subject: String
    /// The name the portal shows.
    public var displayName: String
    /// Whether the user administers the whole instance (every tenant, users, settings).
    public var isAdmin: Bool
    /// A disabled user cannot sign in; sessions and tokens stay until removed.
    public var isDisabled: Bool
    public var createdAt: Date
    /// The bcrypt string of the password (never the password), or `nil`: no password set yet, or
    /// an account another issuer authenticates. Written with `PeopleStore.setPasswordHash`.
    public var passwordHash: String?
    /// When the password was last set, or `nil`.
    public var passwordChangedAt: Date?
    /// The RFC 6238 shared secret (raw bytes), or `nil`; the store seals it at rest like other secrets.
    public var totpSecret: Data?
    /// Whether sign-in asks for a TOTP code (set once the user proved the secret works).
    public var totpEnabled: Bool

    public init(
        id: UUID = UUID(),
        issuer: String = User.localIssuer,
        subject: String,
        displayName: String,
        isAdmin: Bool = false,
        isDisabled: Bool = false,
        createdAt: Date = Date(),
        passwordHash: String? = nil,
        passwordChangedAt: Date? = nil,
        totpSecret: Data? = nil,
        totpEnabled: Bool = false
    ) {
        self.id = id
        self.issuer = issuer
        self.subject = subject
        self.displayName = displayName
        self.isAdmin = isAdmin
        self.isDisabled = isDisabled
        self.createdAt = createdAt
        self.passwordHash = passwordHash
        self.passwordChangedAt = passwordChangedAt
        self.totpSecret = totpSecret
        self.totpEnabled = totpEnabled
    }

    /// Whether the account is a local one, with a password Hearth checks.
    public var isLocal: Bool { issuer == Self.localIssuer }

    /// Names the user without the password hash or the TOTP secret.
    public var description: String {
        "User(\(id), \(issuer)/\(subject)\(isAdmin ? ", admin" : "")\(isDisabled ? ", disabled" : ""))"
    }

    public var debugDescription: String {
        "User(id: \(id), issuer: \(issuer), subject: \(subject), displayName: \(displayName), isAdmin: \(isAdmin), "
            + "isDisabled: \(isDisabled), password: \(passwordHash == nil ? "none" : "set"), totp: \(totpEnabled ? "on" : "off"))"
    }
}
