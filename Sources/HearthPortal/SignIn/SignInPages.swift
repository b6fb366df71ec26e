import Foundation
import HTTPTypes
import HearthCore
import HearthManagement
import HearthStore
import Hummingbird
import NIOCore

/// The pages before sign-in: `/signin` (user name and password), `/signin/code` (the TOTP code when
/// the account has a second factor), `/setup/{token}` (a password from a one-time link); and
/// `POST /signout`, registered behind the session like every other change.
///
/// Every sign-in gets a new session id. Failed attempts are counted per account and per address
/// and throttled (``SignInThrottle``); every success, failure and refusal is audited with the
/// account and address, never the password or code. Their forms carry a token for a fixed
/// pseudo-session (there is no session yet), so the `Origin`/`Sec-Fetch-Site` part of
/// ``CSRFGuard`` is what protects them.
struct SignInPages: Sendable {
    let signIn: PortalSignIn
    let renderer: PortalRenderer
    static let maxForm = 16 * 1024

    func register(on router: Router<PortalRequestContext>) {
        router.get("signin", use: showSignIn)
        router.post("signin", use: submitSignIn)
        router.get("signin/code", use: showCode)
        router.post("signin/code", use: submitCode)
        router.get("setup/:token", use: showSetup)
        router.post("setup/:token", use: submitSetup)
    }

    /// `POST /signout`, behind the session and its CSRF check.
    func registerSignOut(on group: RouterGroup<PortalRequestContext>) {
        group.post("signout", use: signOut)
    }

    // MARK: Sign-in

    @Sendable func showSignIn(_ request: Request, context: PortalRequestContext) async throws -> Response {
        var model = signInModel(request, next: request.uri.queryParameters.get("next"))
        switch request.uri.queryParameters.get("ended") {
        case "idle": model["notice"] = SessionExpiry.idle.message
        case "lifetime": model["notice"] = SessionExpiry.lifetime.message
        case "disabled": model["notice"] = "This account is disabled; ask an administrator."
        default: break
        }
        if request.uri.queryParameters.get("signedout") != nil { model["notice"] = "You are signed out." }
        return renderer.page("signin", model, identity: nil)
    }

    @Sendable func submitSignIn(_ request: Request, context: PortalRequestContext) async throws -> Response {
        var request = request
        let form = PortalForm(urlencoded: String(buffer: try await request.collectBody(upTo: Self.maxForm)))
        let next = form["next"]
        var model = signInModel(request, next: next)
        if case .refused(let reason) = signIn.checkCSRF(request, token: form["csrf"], sessionID: PortalSignIn.anonymousFormID) {
            throw ManagementError(.forbidden, reason)
        }
        guard case .success(let cookie) = signIn.cookie(for: request) else { return renderer.page("signin", model, identity: nil) }
        let login = form.trimmed("login") ?? ""
        let password = form["password"] ?? ""
        model["login"] = login
        let account = login.lowercased()
        let address = context.remoteAddress
        let attemptID: Int64
        switch try await signIn.admitAttempt(account: account, address: address) {
        case .proceed(let id):
            attemptID = id
        case .wait(_, let message):
            try await signIn.audit("user.signin", account: login, user: nil, address: address, outcome: .denied, detail: "throttled")
            model["error"] = message
            return renderer.page("signin", model, identity: nil, status: .tooManyRequests)
        }
        // Logins are lower case (the CLI and the admin page store them so); any case signs in.
        let user = try await login.isEmpty ? nil : signIn.store.user(issuer: User.localIssuer, subject: account)
        let matches = try await signIn.hasher.verify(password, against: user?.passwordHash)
        guard matches, let user else {
            // The attempt stays recorded as a failure (admitAttempt recorded it).
            try await signIn.audit(
                "user.signin",
                account: login,
                user: user,
                address: address,
                outcome: .failure,
                detail: "wrong user name or password"
            )
            model["error"] = "The user name or password is wrong."
            return renderer.page("signin", model, identity: nil, status: .unauthorized)
        }
        guard !user.isDisabled else {
            try await signIn.store.withdrawSignInAttempt(id: attemptID)
            try await signIn.audit("user.signin", account: login, user: user, address: address, outcome: .denied, detail: "account disabled")
            model["error"] = "This account is disabled; ask an administrator."
            return renderer.page("signin", model, identity: nil, status: .forbidden)
        }
        if user.totpEnabled {
            // Only this attempt is withdrawn: the account's failed codes keep counting until a code
            // proves right, or the password step would reset the throttle on the second factor.
            try await signIn.store.withdrawSignInAttempt(id: attemptID)
        } else {
            try await signIn.store.clearSignInFailures(account: account)
        }
        let setCookie = try await replaceSession(user: user, cookie: cookie, request: request, context: context)
        try await signIn.audit(
            "user.signin",
            account: login,
            user: user,
            address: address,
            outcome: .success,
            detail: user.totpEnabled ? "password accepted; code pending" : nil
        )
        let codePage = "/signin/code" + (Self.safeNext(next).map { "?next=" + Self.encoded($0) } ?? "")
        let target = user.totpEnabled ? codePage : Self.safeNext(next) ?? "/apps"
        return Self.redirect(target, setCookie: setCookie)
    }

    // MARK: Second factor

    @Sendable func showCode(_ request: Request, context: PortalRequestContext) async throws -> Response {
        guard case .pending = try await signIn.lookup(request) else { return Self.redirect("/signin") }
        return renderer.page("signin-code", codeModel(request, next: request.uri.queryParameters.get("next")), identity: nil)
    }

    @Sendable func submitCode(_ request: Request, context: PortalRequestContext) async throws -> Response {
        var request = request
        let form = PortalForm(urlencoded: String(buffer: try await request.collectBody(upTo: Self.maxForm)))
        if case .refused(let reason) = signIn.checkCSRF(request, token: form["csrf"], sessionID: PortalSignIn.anonymousFormID) {
            throw ManagementError(.forbidden, reason)
        }
        guard case .pending(let found) = try await signIn.lookup(request) else { return Self.redirect("/signin") }
        var model = codeModel(request, next: form["next"])
        let user = found.user
        let account = user.subject.lowercased()
        let address = context.remoteAddress
        if case .wait(_, let message) = try await signIn.admitAttempt(account: account, address: address) {
            try await signIn.audit("user.signin", account: user.subject, user: user, address: address, outcome: .denied, detail: "throttled")
            model["error"] = message
            return renderer.page("signin-code", model, identity: nil, status: .tooManyRequests)
        }
        // Admitted, the attempt is recorded as a failure until the code proves right.
        guard !user.isDisabled, try await signIn.verifyTOTP(form["code"] ?? "", user: user, address: address) else {
            try await signIn.audit("user.signin", account: user.subject, user: user, address: address, outcome: .failure, detail: "wrong code")
            model["error"] = "The code is wrong, expired or was used already; enter the current code from your authenticator app."
            return renderer.page("signin-code", model, identity: nil, status: .unauthorized)
        }
        try await signIn.store.clearSignInFailures(account: account)
        _ = try await signIn.store.deleteSession(idHash: found.token.hash)
        let setCookie = try await signIn.startSession(
            user: user,
            cookie: found.cookie,
            request: request,
            context: context,
            secondFactorPending: false
        )
        try await signIn.audit("user.signin", account: user.subject, user: user, address: address, outcome: .success, detail: "second factor")
        return Self.redirect(Self.safeNext(form["next"]) ?? "/apps", setCookie: setCookie)
    }

    // MARK: Setup links

    @Sendable func showSetup(_ request: Request, context: PortalRequestContext) async throws -> Response {
        renderer.page("setup", try setupModel(request, context: context), identity: nil)
    }

    @Sendable func submitSetup(_ request: Request, context: PortalRequestContext) async throws -> Response {
        var request = request
        let form = PortalForm(urlencoded: String(buffer: try await request.collectBody(upTo: Self.maxForm)))
        if case .refused(let reason) = signIn.checkCSRF(request, token: form["csrf"], sessionID: PortalSignIn.anonymousFormID) {
            throw ManagementError(.forbidden, reason)
        }
        var model = try setupModel(request, context: context)
        guard case .success(let cookie) = signIn.cookie(for: request) else { return renderer.page("setup", model, identity: nil) }
        let token = try context.parameters.require("token")
        let password = form["password"] ?? ""
        guard password == form["confirm"] else {
            model["error"] = "The two passwords differ; type the same password twice."
            return renderer.page("setup", model, identity: nil, status: .badRequest)
        }
        let hash: String
        do {
            hash = try await signIn.hasher.hash(password)
        } catch let problem as PasswordProblem {
            model["error"] = "Choose another password: \(problem.message)."
            return renderer.page("setup", model, identity: nil, status: .badRequest)
        }
        let now = signIn.now()
        guard let link = try await signIn.store.consumeSetupLink(tokenHash: SessionToken.hash(token), at: now),
            let user = try await signIn.store.user(id: link.userID)
        else {
            try await signIn.audit("user.setup-link", account: "unknown", user: nil, address: context.remoteAddress, outcome: .denied)
            model["error"] = "This link was used already or has expired; ask an administrator for a new one (hearth user admin-link)."
            model["refused"] = true
            return renderer.page("setup", model, identity: nil, status: .gone)
        }
        try await signIn.store.setPasswordHash(userID: user.id, hash, at: now)
        try await signIn.audit(
            "user.password-set",
            account: user.subject,
            user: user,
            address: context.remoteAddress,
            outcome: .success,
            detail: "setup link"
        )
        guard !user.isDisabled else {
            model["error"] = "Your password is set, but this account is disabled; ask an administrator."
            model["refused"] = true
            return renderer.page("setup", model, identity: nil, status: .forbidden)
        }
        let setCookie = try await replaceSession(user: user, cookie: cookie, request: request, context: context)
        return Self.redirect(user.totpEnabled ? "/signin/code" : "/apps", setCookie: setCookie)
    }

    // MARK: Sign-out

    @Sendable func signOut(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let lookup = try await signIn.lookup(request)
        if case .active(let found) = lookup {
            _ = try await signIn.store.deleteSession(idHash: found.token.hash)
            try await signIn.audit("user.signout", account: found.user.subject, user: found.user, address: context.remoteAddress, outcome: .success)
            return Self.redirect("/signin?signedout=1", setCookie: found.cookie.clearingCookie())
        }
        return Self.redirect("/signin?signedout=1")
    }

    // MARK: Helpers

    /// After a password: ends the session the browser presents, if any, and starts a new one (its
    /// TOTP code still to come when the user has a second factor); returns the `Set-Cookie`.
    private func replaceSession(user: User, cookie: SessionCookie, request: Request, context: PortalRequestContext) async throws -> String {
        if let value = cookie.value(in: request.headers[.cookie]), let token = SessionToken(value) {
            _ = try await signIn.store.deleteSession(idHash: token.hash)
        }
        return try await signIn.startSession(
            user: user,
            cookie: cookie,
            request: request,
            context: context,
            secondFactorPending: user.totpEnabled
        )
    }

    private func signInModel(_ request: Request, next: String?) -> [String: Any] {
        var model: [String: Any] = [
            "formToken": signIn.csrfGuard(for: request).token(forSessionID: PortalSignIn.anonymousFormID),
            "next": Self.safeNext(next) ?? "",
        ]
        if case .failure(let refusal) = signIn.cookie(for: request) {
            model["error"] = refusal.description
            model["refused"] = true
        }
        return model
    }

    private func codeModel(_ request: Request, next: String?) -> [String: Any] {
        [
            "formToken": signIn.csrfGuard(for: request).token(forSessionID: PortalSignIn.anonymousFormID),
            "next": Self.safeNext(next) ?? "",
        ]
    }

    private func setupModel(_ request: Request, context: PortalRequestContext) throws -> [String: Any] {
        var model = signInModel(request, next: nil)
        let token = try context.parameters.require("token")
        guard SessionToken.isWellFormed(token) else {
            model["error"] = "This link is not a setup link; copy the whole link you were given."
            model["refused"] = true
            return model
        }
        model["token"] = token
        return model
    }

    /// A page on this portal to return to after sign-in: a path, never another site (`//host`).
    static func safeNext(_ next: String?) -> String? {
        // A path on this site only: browsers drop tabs and newlines from a Location and read a backslash
        // as a slash, so `/\t/evil.example` or `/\evil.example` would leave it.
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"),
            next.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F && $0 != "\\" })
        else { return nil }
        return next
    }

    static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }

    static func redirect(_ location: String, setCookie: String? = nil) -> Response {
        PortalRedirect(location, setCookie: setCookie).response
    }
}
