import Foundation
import HTTPTypes
import HearthCore
import HearthManagement
import HearthStore
import Hummingbird

/// `/account`: the signed-in person's password, TOTP second factor and own API tokens.
///
/// Changing the password needs the current one, ends every session of the user (the store does,
/// with the new hash) and signs this browser in again with a new session. TOTP is enrolled by
/// showing a new secret (kept, still off, until a code from it is confirmed) and turned off with a
/// current code; codes are never accepted twice. Tokens are created with at most the person's role
/// in a tenant (admins: any role, or an admin token), owned by the user, shown once, and revoked
/// only by their owner.
struct AccountPage: Sendable {
    let signIn: PortalSignIn
    let renderer: PortalRenderer

    func register(on group: RouterGroup<PortalRequestContext>) {
        group.get("account", use: show)
        group.post("account/password", use: changePassword)
        group.post("account/totp/start", use: startTOTP)
        group.post("account/totp/confirm", use: confirmTOTP)
        group.post("account/totp/disable", use: disableTOTP)
        group.post("account/tokens", use: createToken)
        group.post("account/tokens/:id/delete", use: deleteToken)
    }

    /// The active session behind the request (the pages run behind the authenticator, so one exists).
    private func session(_ request: Request) async throws -> SignedInSession {
        guard case .active(let found) = try await signIn.lookup(request) else { throw PortalRedirect("/signin") }
        return found
    }

    @Sendable func show(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let found = try await session(request)
        var notice: String?
        switch request.uri.queryParameters.get("done") {
        case "password": notice = "Your password is changed; your other browsers are signed out."
        case "totp-on": notice = "The second factor is on: sign-in asks for a code from now on."
        case "totp-off": notice = "The second factor is off."
        case "revoked": notice = "The token is revoked."
        default: break
        }
        return try await page(found, context: context, notice: notice, required: request.uri.queryParameters.get("required") != nil)
    }

    private func page(
        _ found: SignedInSession,
        context: PortalRequestContext,
        notice: String? = nil,
        error: String? = nil,
        createdSecret: String? = nil,
        required: Bool = false,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let identity = try context.requireIdentity()
        let user = found.user
        var totp: [String: Any] = ["enabled": user.totpEnabled, "off": !user.totpEnabled && user.totpSecret == nil]
        if !user.totpEnabled, let secret = user.totpSecret {
            let factor = TOTPFactor(secret: Array(secret))
            totp["enrolling"] = true
            totp["secret"] = factor.base32Secret
            totp["uri"] = factor.provisioningURI(account: user.subject)
        }
        let names = Dictionary(identity.tenants.map { ($0.id, $0.name) }) { first, _ in first }
        let tokens = try await signIn.store.tokens(ownerUserID: user.id).map { token -> [String: Any] in
            [
                "id": token.id.uuidString, "name": token.name, "role": token.role.rawValue,
                "tenant": token.tenantID.flatMap { names[$0] } ?? (token.tenantID == nil ? "every tenant" : ""),
                "created": PageEnvironment.format(token.createdAt), "csrf": identity.csrfToken,
            ]
        }
        let memberships = try await signIn.store.memberships(userID: user.id)
        let roles = Dictionary(memberships.map { ($0.tenantID, $0.role) }) { first, _ in first }
        let tokenTenants = identity.tenants.map { tenant -> [String: Any] in
            ["name": tenant.name, "role": user.isAdmin ? "any role" : roles[tenant.id]?.rawValue ?? ""]
        }
        var model: [String: Any] = [
            "title": "Your account", "totp": totp, "tokens": tokens, "tokenTenants": tokenTenants, "isAdmin": user.isAdmin,
            "totpRequired": required && !user.totpEnabled,
        ]
        if let notice { model["notice"] = notice }
        if let error { model["error"] = error }
        if let createdSecret { model["createdSecret"] = createdSecret }
        return renderer.page("account", model, identity: identity, status: status)
    }

    // MARK: Password

    @Sendable func changePassword(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let found = try await session(request)
        let form = context.form
        let user = found.user
        let address = context.remoteAddress
        guard try await throttledCheck(user, address: address, { try await signIn.hasher.verify(form["current"] ?? "", against: user.passwordHash) })
        else {
            try await signIn.audit(
                "user.password-change",
                account: user.subject,
                user: user,
                address: address,
                outcome: .failure,
                detail: "wrong current password"
            )
            return try await page(found, context: context, error: "The current password is wrong.", status: .badRequest)
        }
        let password = form["password"] ?? ""
        guard password == form["confirm"] else {
            return try await page(found, context: context, error: "The two new passwords differ; type the same password twice.", status: .badRequest)
        }
        let hash: String
        do {
            hash = try await signIn.hasher.hash(password)
        } catch let problem as PasswordProblem {
            return try await page(found, context: context, error: "Choose another password: \(problem.message).", status: .badRequest)
        }
        try await signIn.store.setPasswordHash(userID: user.id, hash, at: signIn.now())  // ends every session
        try await signIn.audit("user.password-change", account: user.subject, user: user, address: address, outcome: .success)
        let setCookie = try await signIn.startSession(
            user: user,
            cookie: found.cookie,
            request: request,
            context: context,
            secondFactorPending: false,
            selectedTenantID: found.session.selectedTenantID
        )
        return SignInPages.redirect("/account?done=password", setCookie: setCookie)
    }

    // MARK: TOTP

    @Sendable func startTOTP(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let user = try await session(request).user
        guard !user.totpEnabled else { return SignInPages.redirect("/account") }
        // Only the TOTP columns: an administrator's change made meanwhile stays.
        try await signIn.store.setTOTP(userID: user.id, secret: Data(TOTPFactor.generate().secret), enabled: false)
        return SignInPages.redirect("/account")
    }

    @Sendable func confirmTOTP(_ request: Request, context: PortalRequestContext) async throws -> Response {
        try await switchTOTP(on: true, request, context: context)
    }

    @Sendable func disableTOTP(_ request: Request, context: PortalRequestContext) async throws -> Response {
        try await switchTOTP(on: false, request, context: context)
    }

    /// Runs one of the account page's own checks (the current password, a TOTP code) under the sign-in
    /// throttle: a failure counts for the account and the address like a failed sign-in, and once the
    /// throttle says wait the check is not tried at all, so a session left open gives no unlimited guesses.
    private func throttledCheck(_ user: User, address: String?, _ check: () async throws -> Bool) async throws -> Bool {
        let account = user.subject.lowercased()
        switch try await signIn.admitAttempt(account: account, address: address) {
        case .wait(_, let message):
            throw HTTPError(.tooManyRequests, message: message)
        case .proceed(let attemptID):
            // Recorded as a failure on admission; a right answer takes back only this attempt.
            guard try await check() else { return false }
            try await signIn.store.withdrawSignInAttempt(id: attemptID)
            return true
        }
    }

    /// Turns the second factor on (the enrolled secret proved by a code) or off (with a current code).
    private func switchTOTP(on: Bool, _ request: Request, context: PortalRequestContext) async throws -> Response {
        let found = try await session(request)
        var user = found.user
        guard user.totpEnabled != on, user.totpSecret != nil else { return SignInPages.redirect("/account") }
        let code = context.form["code"] ?? ""
        guard
            try await throttledCheck(
                user,
                address: context.remoteAddress,
                { try await signIn.verifyTOTP(code, user: user, address: context.remoteAddress) }
            )
        else {
            let problem = "The code does not match; enter the current code from your app."
            return try await page(found, context: context, error: problem, status: .badRequest)
        }
        user.totpEnabled = on
        if !on { user.totpSecret = nil }
        // Only the TOTP columns, never the whole record read at the start of the request: an
        // administrator disabling the account or changing its admin flag meanwhile is not undone.
        try await signIn.store.setTOTP(userID: user.id, secret: user.totpSecret, enabled: on)
        let action = on ? "totp-on" : "totp-off"
        try await signIn.audit("user.\(action)", account: user.subject, user: user, address: context.remoteAddress, outcome: .success)
        return SignInPages.redirect("/account?done=\(action)")
    }

    // MARK: Tokens

    @Sendable func createToken(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let found = try await session(request)
        let user = found.user
        let identity = try context.requireIdentity()
        guard let name = context.form.trimmed("name") else {
            return try await page(found, context: context, error: "Name the token (for example the machine that uses it).", status: .badRequest)
        }
        let tenantName = context.form.trimmed("tenant")
        let requested = APIToken.Role(rawValue: context.form["role"] ?? "reader")
        var role = requested
        var tenant: Tenant?
        if let tenantName {
            guard let chosen = identity.tenants.first(where: { $0.name == tenantName }) else {
                throw ManagementError(.notFound, "there is no tenant named '\(tenantName)' you belong to")
            }
            tenant = chosen
            if !user.isAdmin {
                let memberships = try await signIn.store.memberships(userID: user.id)
                guard let mine = memberships.first(where: { $0.tenantID == chosen.id })?.role else {
                    throw ManagementError(.notFound, "there is no tenant named '\(tenantName)' you belong to")
                }
                guard Self.rank(requested) <= Self.rank(mine), requested != .admin else {
                    return try await page(
                        found,
                        context: context,
                        error: "A token can have at most your own role in '\(chosen.name)' (\(mine.rawValue)).",
                        status: .forbidden
                    )
                }
            }
        } else {
            guard user.isAdmin else {
                return try await page(found, context: context, error: "Choose the tenant the token is for.", status: .badRequest)
            }
            role = .admin
        }
        guard APIToken.Role.all.contains(role) else {
            return try await page(found, context: context, error: "Choose the role owner, contributor or reader.", status: .badRequest)
        }
        let secret = APITokenSecret.generate()
        let token = APIToken(name: name, role: role, tenantID: tenant?.id, createdAt: signIn.now(), ownerUserID: user.id)
        try await signIn.store.createToken(token, secretHash: APITokenSecret.hash(secret))
        try await signIn.audit(
            "token.create",
            account: user.subject,
            user: user,
            address: context.remoteAddress,
            outcome: .success,
            detail: "\(name) (\(role.rawValue))"
        )
        return try await page(found, context: context, notice: "Token '\(name)' created.", createdSecret: secret, status: .created)
    }

    @Sendable func deleteToken(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let found = try await session(request)
        guard let id = UUID(uuidString: try context.parameters.require("id")),
            try await signIn.store.deleteToken(id: id, ownerUserID: found.user.id)
        else {
            throw ManagementError(.notFound, "you have no API token with this id")
        }
        try await signIn.audit(
            "token.delete",
            account: found.user.subject,
            user: found.user,
            address: context.remoteAddress,
            outcome: .success,
            detail: id.uuidString
        )
        return SignInPages.redirect("/account?done=revoked")
    }

    /// Roles by power: reader < contributor < owner < admin.
    static func rank(_ role: APIToken.Role) -> Int {
        switch role {
        case .reader: 1
        case .contributor: 2
        case .owner: 3
        case .admin: 4
        default: 5
        }
    }
}
