package import Foundation
import HTTPTypes
import HearthCore
package import HearthManagement
public import HearthStore
import Hummingbird

/// Sign-in and browser sessions for the portal: the pieces of `HearthManagement/People` (password
/// hashing, session ids, the session policy and cookie, CSRF, throttling) wired to the store.
///
/// One value is made at start and shared by the ``SessionAuthenticator``, the
/// ``SessionCSRFVerifier`` and the sign-in, setup and account pages.
///
/// ```swift
/// let signIn = PortalSignIn(store: store, csrfKey: cipher.derivedKey(purpose: "portal csrf"),
///                           portalURL: "https://functions.example.com", isHTTPS: true)
/// let portal = try Portal(store: store, configuration: configuration, signIn: signIn)
/// ```
public struct PortalSignIn: Sendable {
    /// The store sessions, users and failures are kept in.
    let store: any ManagementStore
    /// The one password hasher (bcrypt), made at start.
    let hasher: PasswordHasher
    /// Idle and absolute expiry, and how often last-seen is written.
    let policy: SessionPolicy
    /// Failed sign-ins per account and per address.
    let throttle: SignInThrottle
    /// The CSRF key (at least 32 bytes), the same on every management instance.
    let csrfKey: [UInt8]
    /// The portal's public origin; `nil`: the origin the request was addressed to.
    let portalOrigin: Origin?
    /// Whether the management listener serves TLS (there is no trusted proxy for management, so
    /// `X-Forwarded-Proto` is never believed).
    let isHTTPS: Bool
    /// The clock.
    let now: @Sendable () -> Date

    /// - Parameters:
    ///   - store: The instance's store.
    ///   - csrfKey: At least 32 random bytes shared by every management instance.
    ///   - portalURL: The portal's public URL; `nil` accepts the origin each request names.
    ///   - isHTTPS: Whether the listener serves TLS.
    ///   - hasher: The password hasher (one per process).
    ///   - policy: Session expiry.
    ///   - throttle: Failed sign-in throttling.
    ///   - now: The clock (tests move it).
    package init(
        store: any ManagementStore,
        csrfKey: [UInt8],
        portalURL: String?,
        isHTTPS: Bool,
        hasher: PasswordHasher = PasswordHasher(),
        policy: SessionPolicy = SessionPolicy(),
        throttle: SignInThrottle = SignInThrottle(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        precondition(csrfKey.count >= 32, "a CSRF key needs at least 32 random bytes")
        self.store = store
        self.hasher = hasher
        self.policy = policy
        self.throttle = throttle
        self.csrfKey = csrfKey
        self.portalOrigin = portalURL.flatMap { Origin(Self.originPart(of: $0)) }
        self.isHTTPS = isHTTPS
        self.now = now
    }

    /// `scheme://host[:port]` of a URL (the path dropped).
    static func originPart(of url: String) -> String {
        guard let separator = url.range(of: "://") else { return url }
        let rest = url[separator.upperBound...]
        let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        return String(url[..<end])
    }

    // MARK: Request parts

    /// The request's `Host`.
    static func host(of request: Request) -> String {
        if let authority = request.head.authority, !authority.isEmpty { return authority }
        return request.headers[HTTPField.Name("Host")!] ?? ""
    }

    /// The session cookie for this request, or the refusal (plain HTTP away from loopback).
    func cookie(for request: Request) -> Result<SessionCookie, SessionCookieRefusal> {
        do {
            return .success(try SessionCookie(isHTTPS: isHTTPS, host: Self.host(of: request)))
        } catch {
            return .failure(error)
        }
    }

    /// The CSRF guard for this request: the configured portal origin, else the request's own.
    func csrfGuard(for request: Request) -> CSRFGuard {
        let own = Origin("\(isHTTPS ? "https" : "http")://\(Self.host(of: request))") ?? Origin("https://invalid.invalid")!
        return CSRFGuard(key: csrfKey, portalOrigin: portalOrigin ?? own)
    }

    /// The CSRF check of a state-changing request carrying `token` for the session `sessionID`.
    func checkCSRF(_ request: Request, token: String?, sessionID: String) -> CSRFDecision {
        csrfGuard(for: request).check(
            CSRFRequest(
                method: request.method.rawValue,
                origin: request.headers[.origin],
                secFetchSite: request.headers[HTTPField.Name("Sec-Fetch-Site")!],
                presentedToken: token,
                sessionID: sessionID
            )
        )
    }

    /// The pseudo session id the forms shown before sign-in (sign-in, setup) are tokened with: they
    /// change nothing of a session, so their check is the `Origin`/`Sec-Fetch-Site` part.
    static let anonymousFormID = "anonymous-form"

    // MARK: Sessions

    /// The session a request presents, in the state it is in.
    func lookup(_ request: Request) async throws -> SessionLookup {
        guard case .success(let cookie) = cookie(for: request),
            let value = cookie.value(in: request.headers[.cookie]),
            let token = SessionToken(value)
        else { return .none }
        guard var session = try await store.session(idHash: token.hash) else { return .none }
        let now = now()
        switch policy.decide(createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, now: now) {
        case .expired(let reason):
            _ = try await store.deleteSession(idHash: token.hash)
            return .expired(reason, cookie)
        case .touch:
            guard try await store.touchSession(idHash: token.hash, at: now) else { return .none }
            session.lastSeenAt = now
        case .valid:
            break
        }
        guard let user = try await store.user(id: session.userID) else {
            _ = try await store.deleteSession(idHash: token.hash)
            return .none
        }
        let found = SignedInSession(token: token, session: session, user: user, cookie: cookie)
        return session.secondFactorPending ? .pending(found) : .active(found)
    }

    /// Starts a new session (a new id, whatever the browser had) and returns its `Set-Cookie`.
    func startSession(
        user: User,
        cookie: SessionCookie,
        request: Request,
        context: PortalRequestContext,
        secondFactorPending: Bool,
        selectedTenantID: UUID? = nil
    ) async throws -> String {
        let token = SessionToken.generate()
        let now = now()
        let idle = policy.idleTimeout.components
        try await store.createSession(
            WebSession(
                idHash: token.hash,
                userID: user.id,
                createdAt: now,
                expiresAt: policy.absoluteExpiry(createdAt: now),
                idleTimeout: TimeInterval(idle.seconds),
                secondFactorPending: secondFactorPending,
                selectedTenantID: selectedTenantID,
                clientAddress: context.remoteAddress,
                userAgent: request.headers[.userAgent].map { String($0.prefix(200)) }
            )
        )
        return cookie.setCookie(value: token.value, maxAge: policy.absoluteLifetime)
    }

    // MARK: Throttle and audit

    /// Admits a sign-in (or second-factor, or account-page) attempt for `account` from `address`
    /// under the throttle, or says how long to wait. Counting and recording are one store
    /// transaction: an admitted attempt is counted as a failure from the start, so simultaneous
    /// wrong attempts cannot all pass one window. When its check succeeds the caller forgets it
    /// (``SignInAdmission/proceed(_:)``'s id, or the account's whole count after a sign-in).
    func admitAttempt(account: String, address: String?) async throws -> SignInAdmission {
        let now = now()
        let throttle = throttle
        let windowStart = now.addingTimeInterval(-Self.seconds(throttle.window))
        let attempt = try await store.admitSignInAttempt(SignInFailure(account: account, address: address, at: now), since: windowStart) {
            Self.decision(throttle, $0, now: now) == .proceed
        }
        if let id = attempt.recordedID { return .proceed(id) }
        guard case .wait(let wait, let message) = Self.decision(throttle, attempt, now: now) else {
            // The store did not record it although the throttle lets it through: refuse rather than
            // check uncounted.
            return .wait(throttle.window, "Too many failed sign-ins; try again in a moment.")
        }
        return .wait(wait, message)
    }

    /// The throttle's decision on the failures the store counted.
    static func decision(_ throttle: SignInThrottle, _ attempt: SignInAttempt, now: Date) -> SignInThrottleDecision {
        throttle.decide(
            account: FailureHistory(count: attempt.accountFailures, latest: attempt.accountLatest),
            address: FailureHistory(count: attempt.addressFailures, latest: attempt.addressLatest),
            now: now
        )
    }

    /// Appends a sign-in event to the audit log (never a password or code).
    func audit(
        _ action: String,
        account: String,
        user: User?,
        address: String?,
        outcome: AuditEvent.Outcome,
        detail: String? = nil
    ) async throws {
        try await store.appendAudit(
            AuditEvent(
                at: now(),
                actor: .init(kind: .user, id: user?.id, name: user?.subject ?? account),
                action: action,
                target: "user:\(user?.subject ?? account)",
                address: address,
                outcome: outcome,
                detail: detail
            )
        )
    }

    // MARK: TOTP

    /// The audit action recording each accepted TOTP code with its time step.
    static let totpAction = "user.totp-code"

    /// Checks a TOTP code for `user` and accepts its time step once: the store moves the user's
    /// last used step forward only when the code's step is later (one conditional update), so a
    /// code seen over a shoulder, or sent twice at once, cannot be used again by any management
    /// instance. Records the accepted step in the audit log as well.
    func verifyTOTP(_ code: String, user: User, address: String?) async throws -> Bool {
        guard let secret = user.totpSecret else { return false }
        let factor = TOTPFactor(secret: Array(secret))
        guard let step = factor.verify(code, at: now(), lastUsedStep: nil),
            try await store.useTOTPStep(userID: user.id, step: step)
        else { return false }
        try await audit(Self.totpAction, account: user.subject, user: user, address: address, outcome: .success, detail: "step \(step)")
        return true
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        TimeInterval(duration.components.seconds) + TimeInterval(duration.components.attoseconds) / 1e18
    }
}

/// Whether an attempt may check its password or code.
enum SignInAdmission: Sendable, Hashable {
    /// Check it; it is recorded as a failure under this id until it succeeds.
    case proceed(Int64)
    /// Refused without checking; the message says how long to wait.
    case wait(Duration, String)
}

/// A session found from a request's cookie.
struct SignedInSession: Sendable {
    /// The cookie's value.
    let token: SessionToken
    let session: WebSession
    let user: User
    let cookie: SessionCookie
}

/// What a request's session cookie leads to.
enum SessionLookup: Sendable {
    /// No cookie, an unknown one, or one that cannot be used on this connection.
    case none
    /// The session ended (it has been deleted); the cookie is cleared with the redirect.
    case expired(SessionExpiry, SessionCookie)
    /// Signed in with the password; the TOTP code is still to come.
    case pending(SignedInSession)
    /// Signed in.
    case active(SignedInSession)
}
