public import Foundation
public import HearthCore

/// What the portal's sign-in and administration keep: users, their tenant memberships, browser
/// sessions, one-time setup links, failed sign-ins, users' own API tokens and the instance
/// settings.
///
/// Part of ``ManagementStore``; workers never see it. Bearer-like secrets (session cookies, setup
/// link tokens) are stored only as their SHA-256 (lower-case hex, computed by the caller) and
/// found only by it. Passwords arrive already hashed (bcrypt); TOTP secrets are sealed at rest
/// with the store's ``SecretCipher``.
///
/// Every method may throw ``StoreError/Code/unavailable`` when the database cannot be reached;
/// other errors are listed on each method. A lookup that finds nothing returns `nil`, `false`, 0
/// or an empty array rather than throwing. Each write is one transaction.
public protocol PeopleStore: Sendable {
    // MARK: Users

    /// Creates a user with its password hash and TOTP secret, if any.
    ///
    /// Throws ``StoreError/Code/conflict`` when the id or the (issuer, subject) pair is taken.
    func createUser(_ user: User) async throws

    /// The user with this id, or `nil`.
    func user(id: UUID) async throws -> User?

    /// The user with this issuer and subject (compared exactly), or `nil`.
    func user(issuer: String, subject: String) async throws -> User?

    /// Every user, ordered by issuer, then subject.
    func users() async throws -> [User]

    /// Rewrites a user's display name, admin flag, disabled flag, TOTP secret and TOTP flag.
    ///
    /// The issuer, the subject, the creation time and the password are left as they are (the
    /// password changes with ``setPasswordHash(userID:_:at:)``). Throws ``StoreError/Code/notFound``
    /// when no user has the id.
    func updateUser(_ user: User) async throws

    /// Sets only a user's TOTP secret (sealed like in ``createUser(_:)``) and TOTP flag, leaving
    /// every other column as it is now: a second factor switched on the account page never undoes
    /// an administrator's change made meanwhile (the admin or disabled flag, the display name).
    ///
    /// Throws ``StoreError/Code/notFound`` when no user has the id.
    func setTOTP(userID: UUID, secret: Data?, enabled: Bool) async throws

    /// Sets only a user's admin flag and/or disabled flag (`nil`: left as it is), leaving every
    /// other column as it is now: an administrator's change never undoes the user's own second
    /// factor switched on or off meanwhile.
    ///
    /// Throws ``StoreError/Code/notFound`` when no user has the id.
    func setUserFlags(userID: UUID, isAdmin: Bool?, isDisabled: Bool?) async throws

    /// Accepts a TOTP time step for a user once: records `step` as the last one used when it is
    /// later than the one recorded (or none is), in one conditional update, and returns whether it
    /// did. Of two sign-ins racing with the same code only one gets `true`.
    func useTOTPStep(userID: UUID, step: Int64) async throws -> Bool

    /// Sets (or, with `nil`, removes) a user's password hash and records `date` as the change,
    /// ending every session of the user in the same transaction.
    ///
    /// Throws ``StoreError/Code/notFound`` when no user has the id.
    func setPasswordHash(userID: UUID, _ passwordHash: String?, at date: Date) async throws

    /// Deletes a user with its memberships, sessions, setup links and own API tokens.
    ///
    /// Returns `false` when no user has this id.
    func deleteUser(id: UUID) async throws -> Bool

    // MARK: Tenant memberships

    /// Grants a user a role in a tenant, or changes the role the user has there.
    ///
    /// Throws ``StoreError/Code/notFound`` when the user or the tenant does not exist.
    func setMembership(_ membership: TenantMembership) async throws

    /// Takes a user out of a tenant; returns `false` when the user was not a member.
    func removeMembership(userID: UUID, tenantID: UUID) async throws -> Bool

    /// The tenants a user belongs to, ordered by the tenant's name.
    func memberships(userID: UUID) async throws -> [TenantMembership]

    /// The members of a tenant, ordered by the user's subject. A deleted tenant has none (its
    /// memberships go with it).
    func members(tenantID: UUID) async throws -> [TenantMembership]

    // MARK: Sessions

    /// Stores a new session.
    ///
    /// Throws ``StoreError/Code/conflict`` when the hash is taken and ``StoreError/Code/notFound``
    /// when the user (or the selected tenant) does not exist.
    func createSession(_ session: WebSession) async throws

    /// The session whose cookie value hashes to `idHash`, or `nil`. Expired sessions are returned
    /// too: the caller checks ``WebSession/isValid(at:)``.
    func session(idHash: String) async throws -> WebSession?

    /// Records a use of the session at `date` (moving its idle expiry).
    ///
    /// Returns `false` when the session does not exist (it ended meanwhile).
    func touchSession(idHash: String, at date: Date) async throws -> Bool

    /// Rewrites a session's second-factor state and selected tenant (the rest stays).
    ///
    /// Returns `false` when the session does not exist. Throws ``StoreError/Code/notFound`` when
    /// the selected tenant does not exist.
    func updateSession(_ session: WebSession) async throws -> Bool

    /// Every session of a user, newest first (the user's list of signed-in browsers).
    func sessions(userID: UUID) async throws -> [WebSession]

    /// Ends one session (sign-out); returns `false` when it did not exist.
    func deleteSession(idHash: String) async throws -> Bool

    /// Ends every session of a user; returns how many.
    func deleteSessions(userID: UUID) async throws -> Int

    /// Deletes the sessions past their absolute or idle expiry at `date`; returns how many.
    func deleteExpiredSessions(at date: Date) async throws -> Int

    // MARK: Setup links

    /// Stores a setup link.
    ///
    /// Throws ``StoreError/Code/conflict`` when the hash is taken and ``StoreError/Code/notFound``
    /// when the user does not exist.
    func createSetupLink(_ link: SetupLink) async throws

    /// Uses a setup link: marks it used at `date` and returns it, in one transaction, so that of
    /// two requests racing with the same link exactly one gets it.
    ///
    /// Returns `nil` when no link has the hash, or it was used already, or it expired by `date`.
    func consumeSetupLink(tokenHash: String, at date: Date) async throws -> SetupLink?

    /// Deletes a user's setup links that are unused (when a new one replaces them); returns how many.
    func deleteSetupLinks(userID: UUID) async throws -> Int

    // MARK: Failed sign-ins

    /// Records one failed sign-in.
    func recordSignInFailure(_ failure: SignInFailure) async throws

    /// How many failed sign-ins named `account` at or after `date`.
    func signInFailures(account: String, since date: Date) async throws -> Int

    /// How many failed sign-ins came from `address` at or after `date`.
    func signInFailures(address: String, since date: Date) async throws -> Int

    /// Admits a sign-in attempt under the throttle in one transaction: counts the failures of the
    /// attempt's account and address at or after `date` (with the latest of each), asks `admit`,
    /// and when it says yes records the attempt as a failure before anything else can count.
    ///
    /// The attempt counts as failed from the start; a caller whose check then succeeds forgets it
    /// (``clearSignInFailures(account:)`` or ``withdrawSignInAttempt(id:)``). Of simultaneous
    /// attempts each sees those admitted before it, so a burst cannot all pass one window.
    /// Returns the counts seen, with ``SignInAttempt/recordedID`` set when the attempt was admitted.
    func admitSignInAttempt(
        _ attempt: SignInFailure,
        since date: Date,
        admit: @escaping @Sendable (SignInAttempt) -> Bool
    ) async throws -> SignInAttempt

    /// Forgets one attempt recorded by ``admitSignInAttempt(_:since:admit:)`` whose check
    /// succeeded (the account's other failures stay).
    func withdrawSignInAttempt(id: Int64) async throws

    /// Forgets an account's failed sign-ins (after it signed in); the address's count stays.
    func clearSignInFailures(account: String) async throws

    /// Deletes failed sign-ins older than `date`; returns how many.
    func pruneSignInFailures(before date: Date) async throws -> Int

    // MARK: Users' own API tokens

    /// The tokens a user created (``APIToken/ownerUserID``), oldest first. Created with
    /// ``ManagementStore/createToken(_:secretHash:)``; they go when the user is deleted.
    func tokens(ownerUserID: UUID) async throws -> [APIToken]

    /// Deletes a token only if `ownerUserID` owns it; returns `false` otherwise.
    func deleteToken(id: UUID, ownerUserID: UUID) async throws -> Bool

    // MARK: Instance settings

    /// The instance settings (defaults for those never set).
    func instanceSettings() async throws -> InstanceSettings

    /// Replaces the instance settings (the last writer wins).
    func setInstanceSettings(_ settings: InstanceSettings) async throws
}
