import Foundation
import HearthCore
import HearthManagement
import HearthStore
public import Hummingbird

/// The portal's ``PortalAuthenticator``: the session cookie, looked up in the store.
///
/// A request's cookie leads to its session (by the SHA-256 of its value); ``SessionPolicy`` decides
/// whether it is still valid and whether to write its last-seen time (at most once a minute). An
/// ended session is deleted and the browser is sent to `/signin` with the reason; a session still
/// waiting for its TOTP code is sent to `/signin/code`; a disabled user's sessions end at once.
///
/// The identity's tenants are every tenant for an admin, else the user's memberships. The selected
/// tenant comes from `?tenant=` (only one the person may see; kept in the session for next time),
/// else the session's selection, else the first membership. The principal has the membership's
/// role in the selected tenant (admin for admins), so the pages apply exactly the API's rules.
/// When the instance, or the selected tenant, requires a second factor and the user has none, every
/// page but `/account` (where it is enrolled) and sign-out sends the person to `/account`.
public struct SessionAuthenticator: PortalAuthenticator {
    let signIn: PortalSignIn

    /// An authenticator over `signIn`'s store and policy.
    public init(signIn: PortalSignIn) {
        self.signIn = signIn
    }

    public func identify(_ request: Request, context: PortalRequestContext) async throws -> PortalIdentity? {
        switch try await signIn.lookup(request) {
        case .none:
            return nil
        case .expired(let reason, let cookie):
            throw PortalRedirect("/signin?ended=\(reason == .idle ? "idle" : "lifetime")", setCookie: cookie.clearingCookie())
        case .pending:
            throw PortalRedirect("/signin/code")
        case .active(let found):
            return try await identity(found, request: request)
        }
    }

    /// The identity of an active session's user.
    func identity(_ found: SignedInSession, request: Request) async throws -> PortalIdentity {
        let store = signIn.store
        let user = found.user
        guard !user.isDisabled else {
            _ = try await store.deleteSession(idHash: found.token.hash)
            throw PortalRedirect("/signin?ended=disabled", setCookie: found.cookie.clearingCookie())
        }
        let memberships = try await store.memberships(userID: user.id)
        let roles = Dictionary(memberships.map { ($0.tenantID, $0.role) }) { first, _ in first }
        let tenants = try await store.tenants().filter { user.isAdmin || roles[$0.id] != nil }
        var selected = found.session.selectedTenantID.flatMap { id in tenants.first { $0.id == id } }
        if let name = request.uri.queryParameters.get("tenant") {
            let chosen = name.isEmpty ? nil : tenants.first { $0.name == name }
            if chosen != nil || (name.isEmpty && user.isAdmin) {
                selected = chosen
            }
        }
        if selected == nil, !user.isAdmin { selected = tenants.first }
        if selected?.id != found.session.selectedTenantID {
            var session = found.session
            session.selectedTenantID = selected?.id
            _ = try await store.updateSession(session)
        }
        let principal: Principal
        if user.isAdmin {
            principal = Principal(token: APIToken(id: user.id, name: user.subject, role: .admin))
        } else if let selected, let role = roles[selected.id] {
            principal = Principal(token: APIToken(id: user.id, name: user.subject, role: role, tenantID: selected.id))
        } else {
            // A member of no tenant: sees nothing (a non-admin without a tenant can see none).
            principal = Principal(token: APIToken(id: user.id, name: user.subject, role: .reader))
        }
        if user.isLocal, !user.totpEnabled {
            let path = request.uri.path
            let settings = try await store.instanceSettings()
            // Only enrolling is open until a second factor is on: not the account's API tokens, which
            // would give the person's rights without it.
            if settings.requiresSecondFactor(tenantID: selected?.id), path != "/account", !path.hasPrefix("/account/totp"), path != "/signout" {
                throw PortalRedirect("/account?required=totp")
            }
        }
        return PortalIdentity(
            principal: principal,
            displayName: user.displayName.isEmpty ? user.subject : user.displayName,
            tenants: tenants,
            selectedTenant: selected,
            csrfToken: signIn.csrfGuard(for: request).token(forSessionID: found.token.value)
        )
    }
}

/// The portal's ``PortalCSRFVerifier``: ``CSRFGuard``'s `Sec-Fetch-Site` and `Origin` checks and
/// the session's token. A refused request is a 403 page naming the reason; nothing runs.
public struct SessionCSRFVerifier: PortalCSRFVerifier {
    let signIn: PortalSignIn

    /// A verifier with `signIn`'s key and portal origin.
    public init(signIn: PortalSignIn) {
        self.signIn = signIn
    }

    public func verify(_ submitted: String?, identity: PortalIdentity, request: Request) async throws -> Bool {
        guard case .success(let cookie) = signIn.cookie(for: request), let sessionID = cookie.value(in: request.headers[.cookie]) else {
            throw ManagementError(.forbidden, "the request carries no session; sign in again")
        }
        switch signIn.checkCSRF(request, token: submitted, sessionID: sessionID) {
        case .allowed:
            return true
        case .refused(let reason):
            throw ManagementError(.forbidden, reason)
        }
    }
}
